// Site-wide behaviour, without inline scripts (the Content-Security-Policy forbids them). Everything here is an
// enhancement: each page works without JavaScript.
//   <select data-autosubmit>         submits its form on change; a [data-autosubmit-button] in the form is hidden
//   <form data-confirm="Question?">  asks before submitting
//   <button data-print>              prints the page
(function () {
  "use strict";
  function ready(fn) {
    if (document.readyState !== "loading") fn(); else document.addEventListener("DOMContentLoaded", fn);
  }
  ready(function () {
    document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
      var form = select.form;
      if (!form) return;
      form.querySelectorAll("[data-autosubmit-button]").forEach(function (b) { b.hidden = true; });
      select.addEventListener("change", function () { form.submit(); });
    });
    document.querySelectorAll("form[data-confirm]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (!window.confirm(form.dataset.confirm)) event.preventDefault();
      });
    });
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  });
})();

// Installable portal (PWA): the service worker keeps an offline page; pages themselves always come from the network.
(function () {
  if (!("serviceWorker" in navigator) || location.protocol === "file:") return;
  window.addEventListener("load", function () {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {});
  });
})();
