// On a phone the main menu folds behind one button; "Danh mục" folds its items on every screen
// (a click outside closes it); buttons marked data-print print the page.
(function () {
  var button = document.getElementById("menu-toggle");
  var nav = document.getElementById("main-nav");
  if (button && nav) {
    button.addEventListener("click", function () {
      var open = nav.classList.toggle("open");
      button.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }
  // A print button (no inline handler: the pages' Content-Security-Policy allows none).
  document.querySelectorAll("[data-print]").forEach(function (b) {
    b.addEventListener("click", function () { window.print(); });
  });
  document.addEventListener("click", function (e) {
    document.querySelectorAll("details.submenu[open]").forEach(function (d) {
      if (!d.contains(e.target)) d.removeAttribute("open");
    });
  });
})();
