// A search box over a long <select data-search="..."> (the 243 villages of the complaint form): type a few letters
// and the list keeps only the matching names. Progressive enhancement: without JavaScript the plain <select> works.
// The texts come from data attributes (translated on the server): data-search (label), data-search-count
// ("%s cocok"), data-search-none. No inline script or style: the page runs under a Content-Security-Policy.
(function () {
  "use strict";
  function fold(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/\s+/g, " ").trim();
  }
  function enhance(select) {
    var all = Array.prototype.map.call(select.options, function (o) {
      return { value: o.value, text: o.text, key: fold(o.text) };
    });
    var input = document.createElement("input");
    input.type = "search";
    input.id = select.id + "-search";
    input.autocomplete = "off";
    input.className = "select-search";
    input.setAttribute("aria-controls", select.id);
    var label = document.createElement("label");
    label.htmlFor = input.id;
    label.className = "select-search-label";
    label.textContent = select.dataset.search;
    var status = document.createElement("p");
    status.className = "help select-search-status";
    status.setAttribute("aria-live", "polite");
    select.parentNode.insertBefore(label, select);
    select.parentNode.insertBefore(input, select);
    select.parentNode.insertBefore(status, select);

    var chosen = select.value;  // the user's choice, kept while a search hides it for a moment
    function show(query) {
      var current = select.value || chosen;
      var words = fold(query).split(" ").filter(Boolean);
      var matches = all.filter(function (o) {
        return o.value === "" || words.every(function (w) { return o.key.indexOf(w) !== -1; });
      });
      select.textContent = "";
      matches.forEach(function (o) {
        var option = new Option(o.text, o.value, false, o.value === current);
        select.add(option);
      });
      var found = matches.length - (matches.length && matches[0].value === "" ? 1 : 0);
      if (!words.length) {
        select.removeAttribute("size");
        status.textContent = "";
        return;
      }
      select.size = Math.max(2, Math.min(found + 1, 8));  // a short list to tap, not a closed drop-down
      if (found === 1) chosen = select.value = matches[matches.length - 1].value;
      status.textContent = found ? (select.dataset.searchCount || "%s").replace("%s", found) : select.dataset.searchNone;
    }
    input.addEventListener("input", function () { show(input.value); });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "Enter") {
        if (event.key === "Enter") event.preventDefault();  // Enter picks from the list instead of sending the form
        select.focus();
      }
    });
    select.addEventListener("change", function () {
      chosen = select.value;
      if (!select.value || !input.value) return;
      input.value = select.options[select.selectedIndex].text;  // the chosen name stays in the box
      show("");  // the whole list again, closed, with the choice selected
    });
  }
  document.querySelectorAll("select[data-search]").forEach(enhance);
})();
