// The complaint form's location (progressive enhancement: without JavaScript the village and address fields do):
// "mark my location" (the phone's position), a map to tap the place on (Leaflet from /static/), and the small map of
// a report's place on its status page ([data-static-map]). Tiles that fail to load leave the marker on a plain map.
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
  function baseMap(el, zoom, options) {
    var map = L.map(el, options || {}).setView([parseFloat(el.dataset.lat), parseFloat(el.dataset.lon)], zoom);
    if (el.dataset.tiles) {
      L.tileLayer(el.dataset.tiles, { maxZoom: 19, attribution: el.dataset.attribution }).addTo(map);
    }
    return map;
  }

  var placeButton = document.getElementById("show-place-map");
  document.querySelectorAll("[data-static-map]").forEach(function (el) {
    if (!placeButton) { return; }
    placeButton.hidden = false;
    placeButton.addEventListener("click", function () {
      withLeaflet(el, function () {
        placeButton.hidden = true;
        el.hidden = false;
        var map = baseMap(el, 16, { dragging: false, scrollWheelZoom: false });
        L.circleMarker([parseFloat(el.dataset.lat), parseFloat(el.dataset.lon)], { radius: 9, className: "map-point" })
          .addTo(map);
        el.dataset.loaded = "1";
      });
    });
  });

  var button = document.getElementById("use-location");
  var status = document.getElementById("location-status");
  var picker = document.getElementById("location-map");
  var setPoint = null;

  var pick = document.getElementById("pick-on-map");
  function startPicker() {
    picker.hidden = false;
    var help = document.getElementById("location-map-help");
    if (help) { help.hidden = false; }
    var latField = document.getElementById(picker.dataset.latField);
    var lonField = document.getElementById(picker.dataset.lonField);
    var map = baseMap(picker, latField.value ? 16 : 11);
    var marker = null;
    setPoint = function (lat, lon, zoom) {
      latField.value = lat.toFixed(6);
      lonField.value = lon.toFixed(6);
      if (marker) { marker.setLatLng([lat, lon]); } else {
        marker = L.circleMarker([lat, lon], { radius: 9, className: "map-point" }).addTo(map);
      }
      if (zoom) { map.setView([lat, lon], zoom); }
      if (status && button) { status.textContent = button.dataset.msgSaved; }
      picker.dataset.placed = "1";
    };
    if (latField.value && lonField.value) {
      setPoint(parseFloat(latField.value), parseFloat(lonField.value), 16);
    }
    map.on("click", function (e) { setPoint(e.latlng.lat, e.latlng.lng); });
  }
  if (picker && pick) {
    pick.hidden = false;
    pick.addEventListener("click", function () {
      pick.disabled = true;
      withLeaflet(picker, function () { pick.hidden = true; startPicker(); });
    });
  }

  if (!button) { return; }
  button.hidden = false;
  button.addEventListener("click", function () {
    if (!navigator.geolocation) { status.textContent = button.dataset.msgUnsupported; return; }
    status.textContent = button.dataset.msgSearching;
    navigator.geolocation.getCurrentPosition(function (pos) {
      if (setPoint) { setPoint(pos.coords.latitude, pos.coords.longitude, 16); return; }  // the map is open
      document.getElementById(button.dataset.lat).value = pos.coords.latitude.toFixed(6);
      document.getElementById(button.dataset.lon).value = pos.coords.longitude.toFixed(6);
      status.textContent = button.dataset.msgSaved;
    }, function () { status.textContent = button.dataset.msgFailed; });
  });
})();
