/* The offline certificate verifier (/verify/offline/).
 *
 * Reads the QR of a certificate from an image file or the camera, and checks
 * its JWS (EdDSA / Ed25519) with WebCrypto against the published keys
 * (/verify/keys.json, kept by the service worker for use without a network).
 * Nothing is sent anywhere: the QR text never leaves the browser.
 * QR decoding: the browser's BarcodeDetector where it has one, else jsQR.
 */
(function () {
  "use strict";

  var root = document.getElementById("offline-verifier");
  if (!root) {
    return;
  }
  var texts = JSON.parse(document.getElementById("offline-texts").textContent);
  var keysUrl = root.getAttribute("data-keys-url");
  var result = document.getElementById("offline-result");
  var fileInput = document.getElementById("offline-file");
  var cameraButton = document.getElementById("offline-camera");
  var video = document.getElementById("offline-video");

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(root.getAttribute("data-worker-url"));
  }

  function bytesFromB64url(text) {
    var b64 = text.replace(/-/g, "+").replace(/_/g, "/");
    while (b64.length % 4) {
      b64 += "=";
    }
    var binary = atob(b64);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) {
      bytes[i] = binary.charCodeAt(i);
    }
    return bytes;
  }

  function jsonFromB64url(text) {
    return JSON.parse(new TextDecoder().decode(bytesFromB64url(text)));
  }

  function show(kind, message, claims) {
    result.hidden = false;
    result.className = "message message-" + kind;
    result.textContent = "";
    var strong = document.createElement("strong");
    strong.textContent = message;
    result.appendChild(strong);
    if (claims) {
      var list = document.createElement("dl");
      list.className = "certificate-facts";
      Object.keys(texts.fields).forEach(function (key) {
        if (claims[key]) {
          var term = document.createElement("dt");
          term.textContent = texts.fields[key];
          var value = document.createElement("dd");
          value.textContent = claims[key];
          list.appendChild(term);
          list.appendChild(value);
        }
      });
      result.appendChild(list);
    }
  }

  async function publishedKeys() {
    // Network first (a new key may have been published), else the copy the
    // service worker keeps.
    var response = await fetch(keysUrl).catch(function () {
      return caches.match(keysUrl);
    });
    if (!response || !response.ok) {
      response = await caches.match(keysUrl);
    }
    if (!response) {
      throw new Error(texts.no_keys);
    }
    return (await response.json()).keys || [];
  }

  async function verify(qrText) {
    var token = qrText.indexOf("#") >= 0 ? qrText.slice(qrText.lastIndexOf("#") + 1) : qrText;
    var parts = token.trim().split(".");
    var header;
    var claims;
    try {
      header = jsonFromB64url(parts[0]);
      claims = jsonFromB64url(parts[1]);
    } catch (error) {
      show("error", texts.not_certificate);
      return;
    }
    if (parts.length !== 3 || header.alg !== "EdDSA") {
      show("error", texts.not_certificate);
      return;
    }
    var keys;
    try {
      keys = await publishedKeys();
    } catch (error) {
      show("error", texts.no_keys);
      return;
    }
    var jwk = keys.find(function (key) {
      return key.kid === header.kid && key.kty === "OKP" && key.crv === "Ed25519";
    });
    if (!jwk) {
      show("error", texts.unknown_key);
      return;
    }
    var valid = false;
    try {
      var key = await crypto.subtle.importKey(
        "jwk",
        { kty: "OKP", crv: "Ed25519", x: jwk.x },
        { name: "Ed25519" },
        false,
        ["verify"]
      );
      valid = await crypto.subtle.verify(
        { name: "Ed25519" },
        key,
        bytesFromB64url(parts[2]),
        new TextEncoder().encode(parts[0] + "." + parts[1])
      );
    } catch (error) {
      show("error", texts.no_webcrypto);
      return;
    }
    if (valid) {
      show("success", texts.valid, claims);
    } else {
      show("error", texts.tampered);
    }
  }

  async function decode(source, width, height) {
    if ("BarcodeDetector" in window) {
      try {
        var found = await new window.BarcodeDetector({ formats: ["qr_code"] }).detect(source);
        if (found.length) {
          return found[0].rawValue;
        }
      } catch (error) {
        // fall through to jsQR
      }
    }
    var canvas = document.createElement("canvas");
    canvas.width = width;
    canvas.height = height;
    var context = canvas.getContext("2d", { willReadFrequently: true });
    context.drawImage(source, 0, 0, width, height);
    var pixels = context.getImageData(0, 0, width, height);
    var code = window.jsQR(pixels.data, width, height);
    return code ? code.data : null;
  }

  fileInput.addEventListener("change", async function () {
    var file = fileInput.files[0];
    if (!file) {
      return;
    }
    show("warning", texts.reading);
    var bitmap = await createImageBitmap(file);
    var text = await decode(bitmap, bitmap.width, bitmap.height);
    if (text) {
      await verify(text);
    } else {
      show("error", texts.no_qr);
    }
  });

  cameraButton.addEventListener("click", async function () {
    var stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
    } catch (error) {
      show("error", texts.no_camera);
      return;
    }
    video.hidden = false;
    video.srcObject = stream;
    await video.play();
    show("warning", texts.scanning);
    var timer = setInterval(async function () {
      if (!video.videoWidth) {
        return;
      }
      var text = await decode(video, video.videoWidth, video.videoHeight);
      if (text) {
        clearInterval(timer);
        stream.getTracks().forEach(function (track) {
          track.stop();
        });
        video.hidden = true;
        await verify(text);
      }
    }, 400);
  });
})();
