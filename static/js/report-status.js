// Polls a panel report's status while it is queued or rendering, and updates
// the aria-live region in place. Loaded as a module; no inline script.
const region = document.getElementById("report-status");
const POLL_MS = 2000;
const LABELS = { queued: "yellow", rendering: "yellow", ready: "blue", failed: "red", published: "green", draft: "grey" };

function show(data) {
  const label = region.querySelector("[data-role=label]");
  const tag = document.createElement("strong");
  tag.className = `govuk-tag govuk-tag--${LABELS[data.stage] || "grey"}`;
  tag.textContent = data.label;
  label.replaceChildren(tag);
  region.querySelector("[data-role=reason]").textContent = data.failure_reason || "";
  region.dataset.stage = data.stage;
  if (data.finished) {
    region.querySelector("[data-role=reload]").hidden = false;
  }
}

async function poll() {
  try {
    const response = await fetch(region.dataset.statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" });
    if (!response.ok) return;
    const data = await response.json();
    show(data);
    if (!data.finished) window.setTimeout(poll, POLL_MS);
  } catch (error) {
    window.setTimeout(poll, POLL_MS * 3);
  }
}

if (region && (region.dataset.stage === "queued" || region.dataset.stage === "rendering")) {
  window.setTimeout(poll, POLL_MS);
}
