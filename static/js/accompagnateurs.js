// Coach pool: "check all" boxes and confirmations, without inline script (strict CSP).
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var box = event.target.closest("[data-tout-cocher]");
    if (!box) return;
    var form = box.closest("form");
    var name = box.getAttribute("data-tout-cocher");
    form.querySelectorAll('input[type="checkbox"][name="' + name + '"]').forEach(function (el) {
      el.checked = box.checked;
    });
  });
  // Suggestions of the mission form: fill the main coach or the binôme select.
  document.addEventListener("click", function (event) {
    var bouton = event.target.closest("[data-choisir-coach]");
    if (!bouton) return;
    var select = document.getElementById(bouton.getAttribute("data-cible"));
    if (select) {
      select.value = bouton.getAttribute("data-choisir-coach");
      select.focus();
    }
  });
  document.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-confirmer]");
    if (form && !window.confirm(form.getAttribute("data-confirmer"))) {
      event.preventDefault();
    }
  });
})();
