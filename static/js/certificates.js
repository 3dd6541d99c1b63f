// Bulk issue: poll the job's JSON status and move the progress bar.
document.addEventListener("DOMContentLoaded", () => {
  const box = document.querySelector(".certificate-job");
  if (!box) return;
  const bar = box.querySelector("progress");
  const text = box.querySelector(".certificate-job-text");
  const error = box.querySelector(".certificate-job-error");
  const download = box.querySelector(".certificate-job-download");
  const poll = async () => {
    let status;
    try {
      const response = await fetch(box.dataset.statusUrl, { headers: { Accept: "application/json" } });
      status = await response.json();
    } catch (err) {
      window.setTimeout(poll, 3000);
      return;
    }
    bar.value = status.percent;
    bar.textContent = `${status.percent}%`;
    text.textContent = `${status.status_label} — ${status.done} / ${status.total}`;
    if (status.error) {
      error.textContent = status.error;
      error.hidden = false;
    }
    if (status.download_url) download.hidden = false;
    if (!status.finished) window.setTimeout(poll, 1000);
  };
  poll();
});
