// Initialise GOV.UK Frontend. Loaded as an ES module:
//   <script type="module" src="/static/js/init.js"></script>
// No inline scripts are used (strict Content-Security-Policy), so this file
// also adds the body classes that GOV.UK Frontend's page template normally
// sets with an inline <script>.
import { initAll } from "./govuk-frontend.min.js";

if ("noModule" in HTMLScriptElement.prototype) {
  document.body.classList.add("js-enabled", "govuk-frontend-supported");
}

initAll();

// "Print this page" buttons (no inline script: the page's CSP forbids it).
for (const button of document.querySelectorAll("[data-app-print]")) {
  button.addEventListener("click", () => window.print());
}
