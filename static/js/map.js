/* Iran and Iraq as an SVG, with places (links) and corridor lines. Our own small projection:
   equirectangular, x scaled by cos(mid latitude), fitted to the two countries' bounds.
   Data: world-atlas TopoJSON (served by us) + JSON the page embeds (#map-points, #map-lines). */
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  var FOCUS = { "364": "Iran", "368": "Iraq" };

  function readJSON(id) {
    var el = document.getElementById(id);
    if (!el) return [];
    try { var v = JSON.parse(el.textContent); return Array.isArray(v) ? v : []; } catch (e) { return []; }
  }

  function make(tag, attrs, parent) {
    var el = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { el.setAttribute(k, attrs[k]); });
    if (parent) parent.appendChild(el);
    return el;
  }

  function eachPosition(geometry, fn) {
    var polys = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
    polys.forEach(function (poly) { poly.forEach(function (ring) { ring.forEach(fn); }); });
  }

  function draw(container, topology) {
    var world = topojson.feature(topology, topology.objects.countries).features;
    var focus = world.filter(function (f) { return FOCUS[String(f.id)]; });
    var minX = 180, maxX = -180, minY = 90, maxY = -90;
    focus.forEach(function (f) {
      eachPosition(f.geometry, function (p) {
        minX = Math.min(minX, p[0]); maxX = Math.max(maxX, p[0]);
        minY = Math.min(minY, p[1]); maxY = Math.max(maxY, p[1]);
      });
    });
    var pad = 0.6;
    minX -= pad; maxX += pad; minY -= pad; maxY += pad;
    var k = Math.cos(((minY + maxY) / 2) * Math.PI / 180);
    var width = 800, scale = width / ((maxX - minX) * k), height = Math.round((maxY - minY) * scale);
    function project(p) {
      return [((p[0] - minX) * k * scale).toFixed(1), ((maxY - p[1]) * scale).toFixed(1)];
    }
    function pathOf(geometry) {
      var polys = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
      return polys.map(function (poly) {
        return poly.map(function (ring) { return "M" + ring.map(project).join("L") + "Z"; }).join("");
      }).join("");
    }
    function visible(f) {
      var hit = false;
      eachPosition(f.geometry, function (p) {
        if (!hit && p[0] > minX - 5 && p[0] < maxX + 5 && p[1] > minY - 5 && p[1] < maxY + 5) hit = true;
      });
      return hit;
    }
    var svg = make("svg", { viewBox: "0 0 " + width + " " + height, class: "map-svg", role: "group",
      "aria-label": container.getAttribute("aria-label") || "Map" });
    make("rect", { x: 0, y: 0, width: width, height: height, class: "map-sea" }, svg);
    var land = make("g", { "aria-hidden": "true" }, svg);
    world.filter(visible).forEach(function (f) {
      var name = FOCUS[String(f.id)];
      make("path", { d: pathOf(f.geometry), class: name ? "map-country map-focus" : "map-country" }, land);
    });
    focus.forEach(function (f) {
      var c = f.id === "364" ? [54.5, 33.2] : [43.2, 33.6];
      var xy = project(c);
      var t = make("text", { x: xy[0], y: xy[1], class: "map-country-label", "text-anchor": "middle" }, land);
      t.textContent = FOCUS[String(f.id)].toUpperCase();
    });
    var lines = make("g", { class: "map-lines" }, svg);
    readJSON("map-lines").forEach(function (line) {
      var a = make("a", { href: line.url, "aria-label": line.name + " (" + line.status + ")" }, lines);
      make("title", {}, a).textContent = line.name;
      make("path", { d: "M" + line.points.map(project).join("L"), class: "map-line" }, a);
    });
    var dots = make("g", { class: "map-points" }, svg);
    var points = readJSON("map-points");
    var radius = points.length > 1 ? 6 : 9;
    var placed = points.map(function (pt) {
      var xy = project([pt.lon, pt.lat]);
      var a = make("a", { href: pt.url, "aria-label": pt.name + ", " + pt.kind }, dots);
      make("title", {}, a).textContent = pt.name + " (" + pt.kind + ")";
      make("circle", { cx: xy[0], cy: xy[1], r: radius, class: "map-dot country-" + pt.country }, a);
      return { pt: pt, a: a, x: +xy[0], y: +xy[1] };
    });
    container.appendChild(svg); // labels are measured, so the SVG must be laid out first
    if (points.length <= 40) labelPoints(svg, placed, radius, width, height);
    container.classList.add("is-drawn");
  }

  /* Each place gets its name beside its dot where it overlaps no other name, dot or country:
     right, left, above, below, then the diagonals. Places in more initiatives choose first;
     a name that fits nowhere is left out (the dot keeps its tooltip and accessible name,
     and the list under the map names every place). */
  var SPOTS = [
    [9, 4, "start"], [-9, 4, "end"], [0, -10, "middle"], [0, 18, "middle"],
    [7, -8, "start"], [7, 16, "start"], [-7, -8, "end"], [-7, 16, "end"]
  ];

  function overlaps(r, s) {
    return r.x < s.x + s.width && s.x < r.x + r.width && r.y < s.y + s.height && s.y < r.y + r.height;
  }

  function labelPoints(svg, placed, radius, width, height) {
    // Names stay legible (about 12.5 px) however small the map is drawn (phones, the small
    // maps of initiative and place pages); fewer of them then fit, the rest keep tooltips.
    var scale = svg.getBoundingClientRect().width / width || 1;
    var fontSize = Math.max(13, 12.5 / scale);
    var spot = fontSize / 13;
    var taken = placed.map(function (p) {
      return { x: p.x - radius, y: p.y - radius, width: 2 * radius, height: 2 * radius };
    });
    // Country names are avoided too, but give way when a place's name fits nowhere else
    // (small maps): place names have a halo and stay readable over them.
    var countries = [];
    svg.querySelectorAll(".map-country-label").forEach(function (t) { countries.push(t.getBBox()); });
    var order = placed.slice().sort(function (p, q) {
      return (q.pt.initiatives || 0) - (p.pt.initiatives || 0) || (p.pt.name < q.pt.name ? -1 : 1);
    });
    order.forEach(function (p) {
      var label = make("text", { class: "map-label" }, p.a);
      label.style.fontSize = fontSize + "px";
      label.style.strokeWidth = 3 * spot + "px";
      label.textContent = p.pt.name;
      for (var pass = 0; pass < 2; pass++) {
        var obstacles = pass === 0 ? taken.concat(countries) : taken;
        for (var i = 0; i < SPOTS.length; i++) {
          label.setAttribute("x", p.x + SPOTS[i][0] * spot);
          label.setAttribute("y", p.y + SPOTS[i][1] * spot);
          label.setAttribute("text-anchor", SPOTS[i][2]);
          var box = label.getBBox();
          var inside = box.x >= 0 && box.y >= 0 && box.x + box.width <= width && box.y + box.height <= height;
          if (inside && !obstacles.some(function (t) { return overlaps(box, t); })) {
            taken.push({ x: box.x, y: box.y, width: box.width, height: box.height });
            return;
          }
        }
      }
      label.remove();
      p.a.classList.add("is-unlabelled");
    });
  }

  function init() {
    var maps = document.querySelectorAll("[data-map]");
    if (!maps.length || typeof topojson === "undefined") return;
    fetch(maps[0].getAttribute("data-atlas"))
      .then(function (r) { return r.json(); })
      .then(function (topology) { maps.forEach(function (m) { draw(m, topology); }); })
      .catch(function () { maps.forEach(function (m) { m.classList.add("is-failed"); }); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
