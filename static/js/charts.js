/* Draws every <canvas data-chart="json-id"> with Chart.js from the JSON the page embeds.
   Spec: {type: "bar"|"line"|"doughnut"|"stacked", labels: [...], values: [...] or
   datasets: [{label, values}], colors?: [...]}. Colours come from the stylesheet's variables. */
(function () {
  "use strict";
  var css = getComputedStyle(document.documentElement);
  function v(name, fallback) { return (css.getPropertyValue(name) || "").trim() || fallback; }
  var PALETTE = ["--c1", "--c2", "--c3", "--c4", "--c5", "--c6", "--c7", "--c8", "--c9", "--c10", "--c11"]
    .map(function (n, i) { return v(n, ["#0b5cad", "#c2410c", "#15803d", "#7c3aed", "#b45309", "#0e7490", "#be185d", "#4d7c0f", "#1d4ed8", "#9f1239", "#57534e"][i]); });

  function draw(canvas) {
    var data = document.getElementById(canvas.getAttribute("data-chart"));
    if (!data || typeof Chart === "undefined") return;
    var spec = JSON.parse(data.textContent);
    Chart.defaults.font.family = v("--font", "system-ui");
    Chart.defaults.color = v("--muted", "#4f5868");
    var type = spec.type === "stacked" ? "bar" : spec.type;
    var datasets = spec.datasets
      ? spec.datasets.map(function (d, i) {
          var color = (spec.colors && spec.colors[i]) || PALETTE[i % PALETTE.length];
          return { label: d.label, data: d.values, backgroundColor: color, borderColor: color, borderWidth: 0 };
        })
      : [{
          label: spec.label || "",
          data: spec.values,
          backgroundColor: spec.colors || (type === "doughnut" ? PALETTE : v("--accent", "#0b5cad")),
          borderColor: type === "line" ? v("--accent", "#0b5cad") : "#fff",
          borderWidth: type === "doughnut" ? 2 : 0,
          tension: 0.25, pointRadius: 0, fill: type === "line"
        }];
    var stacked = spec.type === "stacked";
    var options = {
      responsive: true, maintainAspectRatio: false, animation: false,
      plugins: { legend: { display: stacked || type === "doughnut", position: type === "doughnut" ? "right" : "bottom",
                           labels: { boxWidth: 12 } } },
    };
    if (type !== "doughnut") {
      options.scales = {
        x: { stacked: stacked, grid: { display: false }, ticks: { maxRotation: 0, autoSkipPadding: 12 } },
        y: { stacked: stacked, beginAtZero: true, ticks: { precision: 0 }, grid: { color: v("--border", "#ddd") } },
      };
      if (spec.indexAxis) { options.indexAxis = spec.indexAxis; }
    }
    new Chart(canvas, { type: type, data: { labels: spec.labels, datasets: datasets }, options: options });
  }

  function init() { document.querySelectorAll("canvas[data-chart]").forEach(draw); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
