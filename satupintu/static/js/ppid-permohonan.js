// Progressive enhancement of the information-request form: the copy fields matter only when a copy is asked for.
// Without JavaScript all fields show.
(function () {
  "use strict";
  var form = document.querySelector("form[data-request-form]");
  if (!form) return;
  var rows = ["id_copy_format", "id_delivery"].map(function (id) {
    var el = document.getElementById(id); return el && el.closest(".field");
  }).filter(Boolean);
  function sync() {
    var chosen = form.querySelector("input[name=access_mode]:checked");
    var copy = !chosen || chosen.value === "salinan";
    rows.forEach(function (row) { row.hidden = !copy; });
  }
  form.addEventListener("change", sync);
  sync();
})();
