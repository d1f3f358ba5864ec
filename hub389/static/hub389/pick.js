// Pickers by name: an input[data-pick="committee|agency|area"] holding a code becomes a search
// box ("qltt ha noi", "hoan kiem"); choosing a name puts its code in the form (the URL keeps
// codes). Without JavaScript the box still takes a code.
(function () {
  var base = document.documentElement.dataset.pick;
  if (!base) return;
  var count = 0;
  document.querySelectorAll("input[data-pick]").forEach(function (input) {
    var hidden = document.createElement("input");
    hidden.type = "hidden";
    hidden.name = input.name;
    hidden.value = input.value;
    input.removeAttribute("name");
    input.value = input.dataset.label || input.value;
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("autocomplete", "off");
    var list = document.createElement("ul");
    list.className = "pick-list";
    list.id = "pick-list-" + (++count);
    list.setAttribute("role", "listbox");
    list.hidden = true;
    input.setAttribute("aria-controls", list.id);
    input.insertAdjacentElement("afterend", list);
    input.insertAdjacentElement("afterend", hidden);
    var timer = null, active = -1, items = [], chosen = !!input.value;
    function close() { list.hidden = true; input.setAttribute("aria-expanded", "false"); active = -1; }
    function choose(item) {
      chosen = true;
      hidden.value = item.code;
      input.value = item.name;
      close();
      hidden.dispatchEvent(new Event("change", { bubbles: true }));
    }
    function render() {
      list.innerHTML = "";
      items.forEach(function (item, i) {
        var li = document.createElement("li");
        li.setAttribute("role", "option");
        li.id = list.id + "-" + i;
        li.textContent = item.name;
        var code = document.createElement("span");
        code.className = "muted";
        code.textContent = " " + item.code;
        li.appendChild(code);
        if (i === active) { li.setAttribute("aria-selected", "true"); input.setAttribute("aria-activedescendant", li.id); }
        li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(item); });
        list.appendChild(li);
      });
      list.hidden = items.length === 0;
      input.setAttribute("aria-expanded", items.length ? "true" : "false");
    }
    input.addEventListener("input", function () {
      hidden.value = input.value.trim();  // a typed code still works
      chosen = false;
      clearTimeout(timer);
      timer = setTimeout(function () {
        var q = input.value.trim();
        if (q.length < 2) { items = []; render(); return; }
        fetch(base.replace("KIND", input.dataset.pick) + "?q=" + encodeURIComponent(q), { credentials: "same-origin" })
          .then(function (r) { return r.ok ? r.json() : { results: [] }; })
          .then(function (d) { items = d.results; active = -1; render(); })
          .catch(function () {});
      }, 150);
    });
    input.addEventListener("keydown", function (e) {
      if (list.hidden) return;
      if (e.key === "ArrowDown") { active = Math.min(active + 1, items.length - 1); render(); e.preventDefault(); }
      else if (e.key === "ArrowUp") { active = Math.max(active - 1, 0); render(); e.preventDefault(); }
      else if (e.key === "Enter" && active >= 0) { choose(items[active]); e.preventDefault(); }
      else if (e.key === "Escape") { close(); }
    });
    input.addEventListener("blur", function () { setTimeout(close, 100); });
    // Typed without choosing: the first name found is meant (a code typed as such stays).
    if (input.form) {
      input.form.addEventListener("submit", function () {
        if (!chosen && items.length && input.value.trim() && hidden.value === input.value.trim()) {
          hidden.value = items[0].code;
        }
      });
    }
  });
})();
