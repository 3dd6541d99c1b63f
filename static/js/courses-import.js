// Polls a learner import's JSON status and moves its progress bar until it is done.
document.addEventListener("DOMContentLoaded", () => {
  const box = document.querySelector(".import-progress[data-status-url]");
  if (!box) return;
  const bar = box.querySelector("progress");
  const text = box.querySelector(".import-progress-text");
  const poll = async () => {
    try {
      const response = await fetch(box.dataset.statusUrl, { credentials: "same-origin" });
      if (!response.ok) return;
      const data = await response.json();
      bar.value = data.percent;
      bar.textContent = `${data.percent}%`;
      text.textContent = `${data.processed} / ${data.total}`;
      if (data.done) {
        window.location.reload();
        return;
      }
    } catch (error) {
      // Network hiccup: try again on the next tick.
    }
    window.setTimeout(poll, 1500);
  };
  if (!["done", "failed"].includes(box.dataset.status)) window.setTimeout(poll, 1000);
});
