// The Django admin: a box that scrolls sideways (an inline's table, a long list)
// takes keyboard focus and is named by its heading, so a keyboard user can scroll it
// (WCAG 2.1.1; axe's scrollable-region-focusable).
document.querySelectorAll(".inline-group, #changelist .results, .module").forEach((box, index) => {
  if (box.matches(".module") && !box.querySelector("table")) return;
  box.tabIndex = 0;
  box.setAttribute("role", "region");
  const heading = box.querySelector("h2, caption");
  if (heading) {
    if (!heading.id) heading.id = `portal-admin-region-${index}`;
    box.setAttribute("aria-labelledby", heading.id);
  } else {
    box.setAttribute("aria-label", document.title);
  }
});
