/* Organisations, parcours and sessions: small enhancements (CSP: no inline script). */
(function () {
  "use strict";
  // With JavaScript, htmx saves on change: the fallback submit buttons are not needed.
  document.documentElement.classList.add("js");

  document.addEventListener("click", function (event) {
    var bouton = event.target.closest(".js-copier");
    if (!bouton) return;
    var cible = document.getElementById(bouton.dataset.cible);
    if (!cible) return;
    cible.select();
    var fait = function () {
      bouton.textContent = "Copié";
      window.setTimeout(function () { bouton.textContent = "Copier"; }, 2000);
    };
    if (navigator.clipboard) {
      navigator.clipboard.writeText(cible.value).then(fait);
    } else {
      document.execCommand("copy");
      fait();
    }
  });
})();
