"""The funder's document as PDF (WeasyPrint): A4, French, page numbers, title and language
in the metadata, charts as inline SVG, fonts shipped in static/fonts.

The URL fetcher (apes_rh/pdf.py) only serves the platform's own static files: any other URL
is refused, so nothing in a report can make the server fetch anything else."""

import datetime as dt

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.formats import date_format

from ..pdf import PDF_BASE_URL, html_document
from . import graphiques
from .calculs import CHIFFRES_CLES, PAR_COMMUNAUTE, PAR_PARCOURS
from .indicateurs import AXES
from .sections import sections_affichees

LIGNES_MAX_TABLEAU = 40
PREFIXE_STATIQUE = PDF_BASE_URL + settings.STATIC_URL.strip("/") + "/"


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
        "organisations_toutes": sorted(
            {
                nom
                for noms in donnees.get("organisations_par_parcours", {}).values()
                for nom in noms
            },
            key=str.casefold,
        ),
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
        # Beyond this, long lists are set as lines of text: WeasyPrint lays out big tables
        # slowly, and a funder's PDF at 100× the volume must stay within seconds.
        "lignes_max": LIGNES_MAX_TABLEAU,
        "titre": "Rapport d'activité — Démarche progrès RH",
        # Sections of the apps (sections.register_section), as frozen in the data.
        "sections": sections_affichees(donnees, "gabarit_pdf"),
    }


def html(donnees: dict) -> str:
    return render_to_string("rapports/pdf/rapport.html", contexte(donnees))


def construire_pdf(donnees: dict) -> bytes:
    """Through the platform's shared fetcher (apes_rh/pdf.py: local static files only), as a
    tagged PDF (structure for screen readers, /Lang from <html lang="fr">)."""
    return html_document(html(donnees)).write_pdf(pdf_tags=True)
