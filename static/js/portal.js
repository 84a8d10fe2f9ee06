// Loaded as a module; no inline scripts anywhere (the Content Security Policy forbids them).
import { initAll } from "../build/govuk/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
