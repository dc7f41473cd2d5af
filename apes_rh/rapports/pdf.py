"""The funder's document as PDF (WeasyPrint): A4, French, page numbers, title and language
in the metadata, charts as inline SVG, fonts shipped in static/rapports/fonts.

The URL fetcher only serves the platform's own static files: any other URL (remote, file:,
data:) is refused, so nothing in a report can make the server fetch anything else."""

import datetime as dt
import mimetypes
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.formats import date_format
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from . import graphiques
from .calculs import CHIFFRES_CLES, PAR_COMMUNAUTE, PAR_PARCOURS
from .indicateurs import AXES

BASE = "https://rapport.invalid/"
PREFIXE_STATIQUE = BASE + "static/"


class URLRefusee(ValueError):
    pass


def fichier_statique(chemin: str) -> Path | None:
    """A file of the platform's static files (sources or collected), never outside them."""
    if ".." in Path(chemin).parts or chemin.startswith("/"):
        return None
    trouve = finders.find(chemin)
    if trouve:
        return Path(trouve)
    racine = Path(settings.STATIC_ROOT).resolve()
    candidat = (racine / chemin).resolve()
    if racine in candidat.parents and candidat.is_file():
        return candidat
    return None


class FetcherLocal(URLFetcher):
    """Serves `https://rapport.invalid/static/…` from the static files; refuses the rest."""

    def __init__(self):
        super().__init__(allowed_protocols=("https",), allow_redirects=False)

    def fetch(self, url, headers=None):
        if not url.startswith(PREFIXE_STATIQUE):
            raise URLRefusee(f"URL refusée dans un rapport : {url[:200]}")
        chemin = url[len(PREFIXE_STATIQUE) :].split("?", 1)[0].split("#", 1)[0]
        fichier = fichier_statique(chemin)
        if fichier is None:
            raise URLRefusee(f"Fichier statique introuvable : {chemin}")
        type_mime = mimetypes.guess_type(fichier.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            url, body=fichier.read_bytes(), headers={"Content-Type": type_mime}
        )


def _date(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso[:10])


def date_longue(jour: dt.date) -> str:
    """1er janvier 2019, 15 mars 2020."""
    texte = date_format(jour, "j F Y")
    return "1er" + texte[1:] if jour.day == 1 else texte


def contexte(donnees: dict) -> dict:
    """Template context of the document, from the frozen data alone."""
    chiffres = [
        {"cle": cle, "libelle": libelle, "valeur": donnees["chiffres_cles"][cle]}
        for cle, libelle in CHIFFRES_CLES.items()
    ]
    parcours = [
        {
            **p,
            "debut": _date(donnees["parcours_dates"][p["code"]][0])
            if p["code"] in donnees.get("parcours_dates", {})
            else None,
            "fin": _date(donnees["parcours_dates"][p["code"]][1])
            if p["code"] in donnees.get("parcours_dates", {})
            else None,
            "organisations_noms": donnees.get("organisations_par_parcours", {}).get(p["code"], []),
        }
        for p in donnees["parcours"]
    ]
    indicateurs = donnees.get("indicateurs", {})
    return {
        "d": donnees,
        "periode_texte": f"Du {date_longue(_date(donnees['periode']['du']))} "
        f"au {date_longue(_date(donnees['periode']['au']))}",
        "du": _date(donnees["periode"]["du"]),
        "au": _date(donnees["periode"]["au"]),
        "donnees_au": dt.datetime.fromisoformat(donnees["donnees_au"])
        if donnees.get("donnees_au")
        else None,
        "chiffres": chiffres,
        "parcours": parcours,
        "libelles_parcours": PAR_PARCOURS,
        "libelles_communautes": PAR_COMMUNAUTE,
        "axes": {
            cle: {"titre": titre, "indicateurs": indicateurs.get(cle, [])}
            for cle, titre in AXES.items()
        },
        "graphique_themes": graphiques.themes(donnees["thematiques"]),
        "graphique_chronologie": graphiques.chronologie(
            donnees.get("chronologie", []), donnees.get("parcours_dates", {})
        ),
        "statique": PREFIXE_STATIQUE,
        "titre": "Rapport d'activité — Démarche progrès RH",
    }


def html(donnees: dict) -> str:
    return render_to_string("rapports/pdf/rapport.html", contexte(donnees))


def construire_pdf(donnees: dict) -> bytes:
    document = HTML(string=html(donnees), base_url=BASE, url_fetcher=FetcherLocal())
    return document.write_pdf(pdf_tags=True)
