/* Progressive enhancement only: every page works without JavaScript.
   - library filters: select changes submit the form (through htmx when loaded);
   - the "file / link / article" choice shows only the matching fields. */
(function () {
  "use strict";

  function filtresAuto() {
    document.querySelectorAll("form[data-filtres-auto]").forEach(function (form) {
      form.addEventListener("change", function (event) {
        if (event.target.matches("select")) {
          if (typeof form.requestSubmit === "function") { form.requestSubmit(); } else { form.submit(); }
        }
      });
    });
  }

  function formeRessource() {
    var choix = document.querySelector("select[name='forme']");
    if (!choix) { return; }
    var champs = { fichier: "div_id_fichier", lien: "div_id_lien", article: "div_id_contenu" };
    function maj() {
      Object.keys(champs).forEach(function (forme) {
        var bloc = document.getElementById(champs[forme]);
        if (!bloc) { return; }
        var visible = !choix.value || choix.value === forme || (forme === "lien" && document.querySelector("select[name='type']") && document.querySelector("select[name='type']").value === "video");
        bloc.hidden = !visible;
      });
    }
    choix.addEventListener("change", maj);
    var type = document.querySelector("select[name='type']");
    if (type) { type.addEventListener("change", maj); }
    maj();
  }

  function init() { filtresAuto(); formeRessource(); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
