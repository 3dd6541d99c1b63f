// Waits for a certificate being issued: polls its status (JSON, the holder's
// own) and, when the PDF is ready, replaces the notice with its links.
(function () {
  "use strict";
  var boxes = document.querySelectorAll("[data-certificate-status]");
  Array.prototype.forEach.call(boxes, function (box) {
    var url = box.getAttribute("data-certificate-status");
    var tries = 0;
    function link(href, text, cls) {
      var a = document.createElement("a");
      a.href = href;
      a.textContent = text;
      if (cls) { a.className = cls; }
      return a;
    }
    function poll() {
      tries += 1;
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          if (data && data.ready) {
            box.classList.remove("next-step-pending");
            box.removeAttribute("data-certificate-status");
            box.textContent = "";
            var title = document.createElement("p");
            title.className = "next-step-label";
            title.setAttribute("role", "status");
            title.textContent = data.label;
            var actions = document.createElement("p");
            actions.appendChild(link(data.pdf_url, data.pdf_label, "button next-step-button"));
            actions.appendChild(link(data.verify_url, data.verify_label, "next-step-link"));
            box.appendChild(title);
            box.appendChild(actions);
          } else if (tries < 60) {
            window.setTimeout(poll, Math.min(2000 + tries * 500, 10000));
          }
        })
        .catch(function () { if (tries < 60) { window.setTimeout(poll, 5000); } });
    }
    window.setTimeout(poll, 1500);
  });
})();
