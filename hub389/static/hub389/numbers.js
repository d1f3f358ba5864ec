// Every number field (data-number="money" | "quantity" | "count") says what will be saved as
// the officer types: "= 450.000.000 ₫", or why it cannot be read. The reading is the server's
// own parser (/numbers/echo/, hub389/lib/numbers.py), so the echo and the record agree.
// One request at a time per page: the boxes typed in meanwhile wait their turn, once each.
(function () {
  var url = document.documentElement.dataset.numberEcho;
  if (!url) return;
  var timers = new WeakMap();
  var busy = false, queue = [];
  function outputFor(input) {
    var out = input.nextElementSibling;
    if (out && out.classList.contains("echo")) return out;
    out = document.createElement("output");
    out.className = "echo";
    out.setAttribute("aria-live", "polite");
    if (input.id) out.htmlFor = input.id;
    input.insertAdjacentElement("afterend", out);
    return out;
  }
  function done() {
    busy = false;
    if (queue.length) echo(queue.shift());
  }
  function echo(input) {
    if (busy) { if (queue.indexOf(input) < 0) queue.push(input); return; }
    busy = true;
    var value = input.value;
    var q = new URLSearchParams({ kind: input.dataset.number, v: value });
    fetch(url + "?" + q, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (d) {
        if (d && input.value === value) {  // an answer for what the box still holds
          var out = outputFor(input);
          out.textContent = d.text;
          out.classList.toggle("bad", !d.ok);
          input.setAttribute("aria-invalid", d.ok ? "false" : "true");
        } else if (input.value !== value && queue.indexOf(input) < 0) {
          queue.push(input);  // typed again meanwhile: read the new value
        }
      })
      .catch(function () {})
      .then(done);
  }
  document.addEventListener("input", function (e) {
    var input = e.target;
    if (!input.matches || !input.matches("input[data-number]")) return;
    clearTimeout(timers.get(input));
    timers.set(input, setTimeout(function () { echo(input); }, 200));
  });
  document.querySelectorAll("input[data-number]").forEach(function (i) { if (i.value) echo(i); });
})();
