// Follows an import's progress without reloading; reloads once it has finished.
const box = document.querySelector("[data-app-import-status]");
if (box) {
  const bar = box.querySelector("progress");
  const stage = box.querySelector("#import-stage");
  const poll = async () => {
    try {
      const response = await fetch(box.dataset.appImportStatus, { headers: { Accept: "application/json" } });
      if (response.ok) {
        const job = await response.json();
        if (job.finished || job.stalled) {
          window.location.reload();
          return;
        }
        const tag = document.querySelector("#import-status-tag .govuk-tag");
        if (tag && job.status === "running") {
          tag.textContent = "Importing";
          tag.className = "govuk-tag govuk-tag--blue";
        }
        bar.value = job.progress;
        bar.textContent = `${job.progress}%`;
        stage.textContent = `${job.stage || "Waiting to start"} (${job.progress}%)`;
      }
    } catch (error) {
      // A dropped request: try again on the next tick.
    }
    window.setTimeout(poll, 1500);
  };
  window.setTimeout(poll, 1500);
}
