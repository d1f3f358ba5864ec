// "Thêm dòng hàng": a new goods line from the formset's empty form (Django's __prefix__).
(function () {
  var summary = document.getElementById("form-errors");
  if (summary) { summary.scrollIntoView(); summary.focus(); }
  var add = document.getElementById("add-goods");
  var rows = document.getElementById("goods-rows");
  var empty = document.getElementById("goods-empty");
  var total = document.getElementById("id_goods-TOTAL_FORMS");
  if (!add || !rows || !empty || !total) return;
  add.addEventListener("click", function () {
    var n = parseInt(total.value, 10);
    var html = empty.innerHTML.replace(/__prefix__/g, String(n));
    rows.insertAdjacentHTML("beforeend", html);
    total.value = String(n + 1);
    var first = rows.lastElementChild.querySelector("input");
    if (first) first.focus();
  });
})();
