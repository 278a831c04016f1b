// Draw the portal's charts (templates/includes/chart.html) with plotly.js.
//
// Each chart is an element <div data-app-chart="ID" aria-hidden="true" hidden> whose figure
// (JSON: {data, layout}) is in <script type="application/json" id="ID">, written by Django's
// json_script. There is no inline script, so the strict Content-Security-Policy holds. The
// same numbers are in the table after the plot, so screen readers skip the drawing, and
// without JavaScript (or plotly.js) the drawing simply stays hidden.
//
// Loaded (deferred, after plotly-basic.min.js) by templates/includes/chart_assets.html.
(() => {
  "use strict";

  // CSS pixels: fits the width of an A4 page between 15 mm margins (180 mm is about 680 px).
  const PRINT_WIDTH = 640;
  const CONFIG = { displayModeBar: false, responsive: true };
  const Plotly = window.Plotly;
  if (!Plotly) {
    return;
  }

  const drawn = [];
  for (const element of document.querySelectorAll("[data-app-chart]")) {
    const source = document.getElementById(element.dataset.appChart);
    if (!source) {
      continue;
    }
    let figure;
    try {
      figure = JSON.parse(source.textContent);
    } catch {
      continue;
    }
    element.hidden = false;
    Plotly.newPlot(element, figure.data, figure.layout || {}, CONFIG);
    drawn.push(element);
  }

  // A chart wider than the printed page is redrawn to fit it, and back afterwards.
  const resizedForPrint = new Set();
  window.addEventListener("beforeprint", () => {
    for (const element of drawn) {
      if (element.offsetWidth > PRINT_WIDTH) {
        resizedForPrint.add(element);
        Plotly.relayout(element, { width: PRINT_WIDTH });
      }
    }
  });
  window.addEventListener("afterprint", () => {
    for (const element of resizedForPrint) {
      Plotly.relayout(element, { width: null });
    }
    resizedForPrint.clear();
  });
})();
