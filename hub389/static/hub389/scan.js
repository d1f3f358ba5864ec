// Read a product's barcode with the phone's camera (the browser's BarcodeDetector: Chrome on
// Android and others that have it); where it is missing the button stays hidden and the
// officer types the digits. The code read goes into the search box and the form is sent.
(function () {
  "use strict";
  const button = document.getElementById("scan");
  const video = document.getElementById("scan-video");
  const status = document.getElementById("scan-status");
  const input = document.getElementById("q");
  if (!button || !video || !input || !("BarcodeDetector" in window) || !navigator.mediaDevices) return;
  button.hidden = false;
  const label = button.textContent;
  let stream = null;
  let timer = null;

  function stop() {
    if (timer) clearInterval(timer);
    timer = null;
    if (stream) stream.getTracks().forEach((t) => t.stop());
    stream = null;
    video.hidden = true;
    button.textContent = label;
  }

  async function start() {
    const detector = new window.BarcodeDetector({ formats: ["ean_13", "ean_8", "upc_a", "upc_e"] });
    stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
    video.srcObject = stream;
    video.hidden = false;
    await video.play();
    button.textContent = button.dataset.stop;
    timer = setInterval(async () => {
      const codes = await detector.detect(video).catch(() => []);
      if (codes.length) {
        input.value = codes[0].rawValue;
        stop();
        input.form.submit();
      }
    }, 250);
  }

  button.addEventListener("click", () => {
    if (stream) { stop(); return; }
    start().catch((err) => {
      stop();
      if (status) status.textContent = err && err.name === "NotAllowedError" ? "Camera: không được cấp quyền / permission denied" : String(err);
    });
  });
})();
