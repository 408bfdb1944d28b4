// The complaints map (aduan/map.html): Leaflet from /static/, clusters counted by the server (aduan/maps.py), the
// district heat view, and a note when the base tiles cannot load (the points and the lists below still work).
(function () {
  "use strict";
  // Leaflet (~160 KB) is fetched only when a map is asked for: the pages stay light on a phone's first load.
  function withLeaflet(el, done) {
    if (window.L) { done(); return; }
    var css = document.createElement("link");
    css.rel = "stylesheet"; css.href = el.dataset.leafletCss;
    document.head.appendChild(css);
    var script = document.createElement("script");
    script.src = el.dataset.leafletJs;
    script.onload = done;
    document.head.appendChild(script);
  }
  var el = document.getElementById("complaint-map");
  var show = document.getElementById("show-map");
  if (!el || !show) { return; }
  show.hidden = false;
  show.addEventListener("click", function () {
    show.disabled = true;
    withLeaflet(el, function () { show.hidden = true; start(); });
  });

  function start() {
  el.hidden = false;
  document.querySelectorAll(".map-modes").forEach(function (p) { p.hidden = false; });
  var note = document.getElementById("map-note");
  var map = L.map(el, { zoomControl: true }).setView([parseFloat(el.dataset.lat), parseFloat(el.dataset.lon)],
                                                   parseInt(el.dataset.zoom, 10));
  if (el.dataset.tiles) {
    var failed = 0;
    var tiles = L.tileLayer(el.dataset.tiles, { maxZoom: 19, attribution: el.dataset.attribution });
    tiles.on("tileerror", function () {
      failed += 1;
      if (failed === 1 && note) { note.textContent = el.dataset.labelTiles; }
    });
    tiles.addTo(map);
  }
  var layer = L.layerGroup().addTo(map);
  var mode = "cells";
  var pending = null;

  function sep(url) { return url.indexOf("?") >= 0 ? "&" : "?"; }
  function radius(n, max) { return 8 + 22 * Math.sqrt(n / Math.max(max, 1)); }
  function text(tag, value) { var node = document.createElement(tag); node.textContent = value; return node; }

  function popup(p) {
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = p.url; link.textContent = p.title;
    box.appendChild(link);
    box.appendChild(text("div", p.code + " · " + p.status + (p.village ? " · " + p.village : "")));
    return box;
  }

  function drawCells(data) {
    layer.clearLayers();
    if (data.mode === "points") {
      data.points.forEach(function (p) {
        L.circleMarker([p.lat, p.lon], { radius: 8, className: "map-point" }).bindPopup(popup(p)).addTo(layer);
      });
      el.dataset.points = String(data.points.length);
      return;
    }
    var max = data.cells.reduce(function (m, c) { return Math.max(m, c.n); }, 1);
    data.cells.forEach(function (c) {
      var marker = L.circleMarker([c.lat, c.lon], { radius: radius(c.n, max), className: "map-cluster" });
      marker.bindTooltip(String(c.n), { permanent: true, direction: "center", className: "map-count" });
      marker.on("click", function () { map.setView([c.lat, c.lon], Math.min(map.getZoom() + 2, 19)); });
      marker.addTo(layer);
    });
    el.dataset.points = "0";
  }

  function drawHeat(data) {
    layer.clearLayers();
    var max = data.districts.reduce(function (m, d) { return Math.max(m, d.n); }, 1);
    data.districts.forEach(function (d) {
      if (d.lat === null) { return; }
      var share = d.n / max;
      L.circleMarker([d.lat, d.lon], { radius: 12 + 28 * Math.sqrt(share), className: "map-heat map-heat-" +
        Math.min(4, Math.floor(share * 5)) }).bindTooltip(d.name + ": " + d.n + " " + el.dataset.labelReport)
        .addTo(layer);
    });
  }

  function load() {
    if (pending) { pending.abort(); }
    pending = new AbortController();
    var url = mode === "heat" ? el.dataset.heat
      : el.dataset.src + sep(el.dataset.src) + "bbox=" + map.getBounds().toBBoxString() + "&zoom=" + map.getZoom();
    fetch(url, { signal: pending.signal, headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (data) { (mode === "heat" ? drawHeat : drawCells)(data); el.dataset.loaded = "1"; })
      .catch(function () {});
  }

  document.querySelectorAll("[data-map-mode]").forEach(function (button) {
    button.addEventListener("click", function () {
      mode = button.dataset.mapMode;
      document.querySelectorAll("[data-map-mode]").forEach(function (b) {
        b.setAttribute("aria-pressed", b === button ? "true" : "false");
      });
      load();
    });
  });
  map.on("moveend", function () { if (mode === "cells") { load(); } });
  load();
  }
})();
