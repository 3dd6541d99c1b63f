// Background jobs (templates/core/partials/job_progress.html): polls the job's JSON
// status (core.selectors.job_progress) and moves its progress bar while it runs;
// once it is finished, shows the error or the download link, or reloads the page.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-job-progress]").forEach((box) => {
    const bar = box.querySelector("progress");
    const status = box.querySelector(".job-progress-status");
    const error = box.querySelector(".job-progress-error");
    const download = box.querySelector(".job-progress-download");
    const poll = async () => {
      let data;
      try {
        // X-Requested-With: a lost session answers 403 JSON, not the login page.
        const response = await fetch(box.dataset.statusUrl, {
          credentials: "same-origin",
          headers: { Accept: "application/json", "X-Requested-With": "XMLHttpRequest" },
        });
        if (response.status >= 400 && response.status < 500) return;
        if (!response.ok) throw new Error(response.statusText);
        data = await response.json();
      } catch (err) {
        window.setTimeout(poll, 3000); // network hiccup or server restart: try again
        return;
      }
      bar.value = data.percent;
      bar.textContent = `${data.percent}%`;
      status.textContent = `${data.status_label} — ${data.done} / ${data.total}`;
      if (!data.finished) {
        window.setTimeout(poll, 1500);
        return;
      }
      if ("reloadWhenFinished" in box.dataset) {
        window.location.reload();
        return;
      }
      if (data.error && error) {
        error.textContent = data.error;
        error.hidden = false;
      }
      if (data.download_url && download) {
        download.href = data.download_url;
        download.hidden = false;
      }
    };
    if ("running" in box.dataset) window.setTimeout(poll, 1000);
  });
});
