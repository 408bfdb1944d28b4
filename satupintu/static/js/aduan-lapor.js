// The complaint form's "mark my location" button (progressive enhancement: hidden without JavaScript).
(function () {
  "use strict";
  var button = document.getElementById("use-location");
  if (!button) return;
  var status = document.getElementById("location-status");
  button.hidden = false;
  button.addEventListener("click", function () {
    if (!navigator.geolocation) { status.textContent = button.dataset.msgUnsupported; return; }
    status.textContent = button.dataset.msgSearching;
    navigator.geolocation.getCurrentPosition(function (pos) {
      document.getElementById(button.dataset.lat).value = pos.coords.latitude.toFixed(6);
      document.getElementById(button.dataset.lon).value = pos.coords.longitude.toFixed(6);
      status.textContent = button.dataset.msgSaved;
    }, function () { status.textContent = button.dataset.msgFailed; });
  });
})();
