/* Espace de suivi : brouillons du diagnostic, confirmations. No inline script (CSP). */
(function () {
  "use strict";

  var PREFIXE = "outils-brouillon:";

  function stockage() {
    try {
      var cle = "__outils_test__";
      window.localStorage.setItem(cle, "1");
      window.localStorage.removeItem(cle);
      return window.localStorage;
    } catch (e) {
      return null;
    }
  }

  var store = stockage();

  function valeurs(fieldset) {
    var data = {};
    fieldset.querySelectorAll("input, textarea, select").forEach(function (champ) {
      if (!champ.name) return;
      var court = champ.name.split("-").pop();
      if (champ.type === "radio") {
        if (champ.checked) data[court] = champ.value;
        else if (!(court in data)) data[court] = data[court] || null;
      } else {
        data[court] = champ.value;
      }
    });
    return data;
  }

  function appliquer(fieldset, data) {
    fieldset.querySelectorAll("input, textarea, select").forEach(function (champ) {
      if (!champ.name) return;
      var court = champ.name.split("-").pop();
      if (!(court in data)) return;
      if (champ.type === "radio") {
        champ.checked = data[court] !== null && champ.value === data[court];
      } else {
        champ.value = data[court];
      }
    });
  }

  function identiques(a, b) {
    return JSON.stringify(a) === JSON.stringify(b);
  }

  function garder(fieldset) {
    if (!store) return;
    store.setItem(PREFIXE + fieldset.dataset.brouillonCle, JSON.stringify(valeurs(fieldset)));
  }

  function oublier(fieldset) {
    if (!store) return;
    store.removeItem(PREFIXE + fieldset.dataset.brouillonCle);
    fieldset.classList.remove("brouillon-restaure");
  }

  function alerter(fieldset, message) {
    var etat = fieldset.querySelector(".etat-enregistrement");
    if (etat) {
      etat.textContent = message;
      etat.classList.add("text-danger");
    }
    var bandeau = document.querySelector("[data-alerte-brouillon]");
    if (bandeau) bandeau.classList.remove("d-none");
  }

  function envoyer(fieldset) {
    // Explicit request: it does not depend on htmx having processed the page yet.
    if (!window.htmx) return;
    window.htmx.ajax("POST", fieldset.getAttribute("hx-post"), {
      source: fieldset,
      target: "#" + fieldset.querySelector(".etat-enregistrement").id,
      swap: "innerHTML"
    });
  }

  function initialiserBrouillons() {
    document.querySelectorAll("fieldset[data-brouillon-cle]").forEach(function (fieldset) {
      // Every keystroke is kept locally until the server confirms it saved it.
      fieldset.addEventListener("input", function () { garder(fieldset); });
      fieldset.addEventListener("change", function () { garder(fieldset); });
      if (!store) return;
      var brut = store.getItem(PREFIXE + fieldset.dataset.brouillonCle);
      if (!brut) return;
      var brouillon;
      try { brouillon = JSON.parse(brut); } catch (e) { oublier(fieldset); return; }
      if (identiques(brouillon, valeurs(fieldset))) { oublier(fieldset); return; }
      appliquer(fieldset, brouillon);
      fieldset.classList.add("brouillon-restaure");
      var etat = fieldset.querySelector(".etat-enregistrement");
      if (etat) etat.textContent = "Saisie non enregistrée retrouvée dans ce navigateur : envoi en cours…";
      envoyer(fieldset);
    });
  }

  function cible(evt) {
    var elt = evt.detail && evt.detail.elt;
    return elt && elt.matches && elt.matches("fieldset[data-brouillon-cle]") ? elt : null;
  }

  document.addEventListener("htmx:beforeSwap", function (evt) {
    var fieldset = cible(evt);
    if (!fieldset) return;
    var xhr = evt.detail.xhr;
    var marque = xhr ? xhr.getResponseHeader("X-Outils-Enregistre") : null;
    // "1": saved; "0": refused by the server (its message is shown). No mark at all: a login
    // page (expired session) or an error page, which must not replace the status line.
    if (marque !== "1" && marque !== "0") {
      evt.detail.shouldSwap = false;
      alerter(fieldset, "Non enregistré : la connexion a peut-être expiré. Votre saisie est gardée dans ce navigateur.");
    }
  });

  document.addEventListener("htmx:afterRequest", function (evt) {
    var fieldset = cible(evt);
    if (!fieldset) return;
    var xhr = evt.detail.xhr;
    if (evt.detail.successful && xhr && xhr.getResponseHeader("X-Outils-Enregistre") === "1") {
      oublier(fieldset);
      var etat = fieldset.querySelector(".etat-enregistrement");
      if (etat) etat.classList.remove("text-danger");
    }
  });

  ["htmx:sendError", "htmx:timeout"].forEach(function (nom) {
    document.addEventListener(nom, function (evt) {
      var fieldset = cible(evt);
      if (fieldset) alerter(fieldset, "Non enregistré : réseau indisponible. Votre saisie est gardée dans ce navigateur.");
    });
  });

  document.addEventListener("htmx:responseError", function (evt) {
    var fieldset = cible(evt);
    if (fieldset) alerter(fieldset, "Non enregistré : votre session a peut-être expiré. Votre saisie est gardée dans ce navigateur.");
  });

  // Forms that destroy something ask first.
  document.addEventListener("submit", function (evt) {
    var form = evt.target;
    if (form.dataset && form.dataset.confirmer && !window.confirm(form.dataset.confirmer)) {
      evt.preventDefault();
    }
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", initialiserBrouillons);
  } else {
    initialiserBrouillons();
  }
})();
