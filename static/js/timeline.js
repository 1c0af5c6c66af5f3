/* Timeline enhancements: drop empty filter fields from htmx requests (clean permalinks) and
   brush the density chart: drag across bars to narrow the date range. Clicking a bar is a
   plain link (works without JS); keyboard users use the bars' links or the date fields. */
(function () {
  "use strict";
  document.addEventListener("htmx:configRequest", function (evt) {
    var form = evt.detail.formData || evt.detail.parameters;
    if (!form || typeof form.forEach !== "function" || !evt.detail.elt.closest("#timeline-app")) return;
    var empty = [];
    form.forEach(function (value, key) { if (value === "") empty.push(key); });
    empty.forEach(function (key) { form.delete(key); });
    // Every kind ticked is the default: leave it out of the permalink.
    var boxes = document.querySelectorAll("#timeline-filters input[name=kind]");
    if (typeof form.getAll === "function" && boxes.length && form.getAll("kind").length === boxes.length) {
      form.delete("kind");
    }
  });

  function go(url) {
    var a = document.createElement("a");
    a.setAttribute("href", url);
    a.setAttribute("hx-get", url);
    a.setAttribute("hx-target", "#timeline-app");
    a.setAttribute("hx-swap", "outerHTML");
    a.setAttribute("hx-push-url", "true");
    a.hidden = true;
    document.body.appendChild(a);
    if (window.htmx) { htmx.process(a); }
    a.click();
    a.remove();
  }

  var drag = null;
  function barAt(svg, clientX) {
    var links = svg.querySelectorAll("a[data-start]");
    var box = svg.getBoundingClientRect();
    var i = Math.floor(((clientX - box.left) / box.width) * links.length);
    return { links: links, index: Math.max(0, Math.min(links.length - 1, i)), box: box };
  }
  document.addEventListener("pointerdown", function (evt) {
    var svg = evt.target.closest && evt.target.closest(".density-chart");
    if (!svg || evt.button !== 0) return;
    drag = { svg: svg, start: barAt(svg, evt.clientX).index, moved: false };
  });
  document.addEventListener("pointermove", function (evt) {
    if (!drag) return;
    var hit = barAt(drag.svg, evt.clientX);
    if (hit.index !== drag.start) drag.moved = true;
    if (!drag.moved) return;
    var lo = Math.min(drag.start, hit.index), hi = Math.max(drag.start, hit.index);
    var step = drag.svg.viewBox.baseVal.width / hit.links.length;
    var brush = drag.svg.querySelector(".density-brush");
    brush.setAttribute("x", lo * step);
    brush.setAttribute("width", (hi - lo + 1) * step);
  });
  document.addEventListener("pointerup", function (evt) {
    if (!drag) return;
    var state = drag;
    drag = null;
    if (!state.moved) return; // a click: the bar's own link narrows to that bar
    state.svg.dataset.brushed = "pending";
    var hit = barAt(state.svg, evt.clientX);
    var lo = Math.min(state.start, hit.index), hi = Math.max(state.start, hit.index);
    var first = hit.links[lo], last = hit.links[hi];
    var url = new URL(first.getAttribute("href"), window.location.href);
    url.searchParams.set("date_from", first.getAttribute("data-start"));
    url.searchParams.set("date_to", last.getAttribute("data-end"));
    go(url.pathname + url.search);
  });
  // A drag ends in a click on a bar; swallow it so the brushed range wins.
  document.addEventListener("click", function (evt) {
    var svg = evt.target.closest && evt.target.closest(".density-chart");
    if (svg && svg.dataset.brushed === "pending") {
      delete svg.dataset.brushed;
      evt.preventDefault();
      evt.stopPropagation();
    }
  }, true);
})();
