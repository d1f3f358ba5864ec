// On a phone the main menu folds behind one button; "Danh mục" folds its items on every screen
// (a click outside closes it).
(function () {
  var button = document.getElementById("menu-toggle");
  var nav = document.getElementById("main-nav");
  if (button && nav) {
    button.addEventListener("click", function () {
      var open = nav.classList.toggle("open");
      button.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }
  document.addEventListener("click", function (e) {
    document.querySelectorAll("details.submenu[open]").forEach(function (d) {
      if (!d.contains(e.target)) d.removeAttribute("open");
    });
  });
})();
