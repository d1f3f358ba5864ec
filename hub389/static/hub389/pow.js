// Proof of work for the public tip form: find a number whose SHA-256 with the server's
// challenge starts with N zero bits (hub389/tips/guard.py checks it). No third party, no
// tracking; it costs a phone about a second and a flood of scripted tips much more.
(function () {
  var form = document.getElementById("tip-form");
  if (!form) return;
  var bits = parseInt(form.dataset.powBits || "16", 10);
  var status = document.getElementById("pow-status");
  var contact = document.getElementById("contact");
  function toggleContact() {
    var named = form.querySelector("input[name=identity][value=named]");
    if (contact && named) contact.hidden = !named.checked;
  }
  form.querySelectorAll("input[name=identity]").forEach(function (r) { r.addEventListener("change", toggleContact); });
  toggleContact();
  function zeroBits(buf) {
    var bytes = new Uint8Array(buf), n = 0;
    for (var i = 0; i < bytes.length; i++) {
      if (bytes[i] === 0) { n += 8; continue; }
      return n + Math.clz32(bytes[i]) - 24;
    }
    return n;
  }
  async function solve(challenge) {
    var enc = new TextEncoder();
    for (var i = 0; ; i++) {
      var digest = await crypto.subtle.digest("SHA-256", enc.encode(challenge + ":" + i));
      if (zeroBits(digest) >= bits) return String(i);
      if (i % 5000 === 0) status.textContent = "Đang xác minh chống gửi tự động… " + i;
    }
  }
  form.addEventListener("submit", function (ev) {
    var solution = form.querySelector("input[name=solution]");
    if (solution.value) return;
    ev.preventDefault();
    if (!window.crypto || !crypto.subtle) {
      status.textContent = "Trình duyệt không hỗ trợ xác minh. Hãy dùng trình duyệt mới hơn hoặc gọi đường dây nóng.";
      return;
    }
    document.getElementById("send").disabled = true;
    status.textContent = "Đang xác minh chống gửi tự động…";
    solve(form.querySelector("input[name=challenge]").value).then(function (answer) {
      solution.value = answer;
      status.textContent = "Đang gửi…";
      form.submit();
    });
  });
})();
