// Polls a plan job's status URL and shows progress, then the download link.
(function () {
  "use strict";
  var box = document.getElementById("plan-job");
  if (!box) return;
  var url = box.getAttribute("data-status-url");
  var bar = document.getElementById("plan-job-progress");
  var status = document.getElementById("plan-job-status");
  var link = document.getElementById("plan-job-download");
  var error = document.getElementById("plan-job-error");
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "XMLHttpRequest" } })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        bar.value = data.percent;
        status.textContent = data.status_label + " (" + data.percent + "%)";
        if (data.status === "done") { link.hidden = false; return; }
        if (data.status === "failed") { error.textContent = data.error; error.hidden = false; return; }
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  poll();
})();
