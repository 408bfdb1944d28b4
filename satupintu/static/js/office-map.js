// The village office map (desa/maps.py tile_map_svg): load its tiles when it scrolls into view, and drop a tile that
// fails so the light background, the marker and the OpenStreetMap link stay clean. No inline script (CSP).
(function () {
  "use strict";
  function load(svg) {
    svg.querySelectorAll("image[data-href]").forEach(function (image) {
      image.addEventListener("error", function () { image.remove(); });
      image.setAttribute("href", image.getAttribute("data-href"));
      image.removeAttribute("data-href");
    });
  }
  var maps = document.querySelectorAll("svg.office-map");
  if (!("IntersectionObserver" in window)) { maps.forEach(load); return; }
  var observer = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (entry.isIntersecting) { observer.unobserve(entry.target); load(entry.target); }
    });
  }, { rootMargin: "200px" });
  maps.forEach(function (svg) { observer.observe(svg); });
})();
