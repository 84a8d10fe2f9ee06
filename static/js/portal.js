// Loaded as a module; no inline scripts anywhere (the Content Security Policy forbids them).
import { initAll } from "../build/govuk/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();

// Tables scroll sideways inside their own box on a narrow screen, never the page.
// The box is a named region that takes focus, so a keyboard user can scroll it too.
document.querySelectorAll("table.govuk-table").forEach((table, index) => {
  if (table.parentElement.classList.contains("portal-table-scroll")) return;
  const box = document.createElement("div");
  box.className = "portal-table-scroll";
  box.setAttribute("role", "region");
  box.tabIndex = 0;
  const caption = table.querySelector("caption");
  if (caption) {
    if (!caption.id) caption.id = `portal-table-caption-${index}`;
    box.setAttribute("aria-labelledby", caption.id);
  } else {
    box.setAttribute("aria-label", "Table");
  }
  table.parentNode.insertBefore(box, table);
  box.appendChild(table);
});
