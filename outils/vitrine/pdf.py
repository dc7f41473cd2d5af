"""The MOOC module attestation as a PDF (WeasyPrint, A4, French).

WeasyPrint only gets resources through `FetcherLocal`: the project's static files (fonts
shipped in static/fonts/ when present). Any other URL — remote, file://, data from a
user — is refused: no SSRF, no local file disclosure.
"""

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

HOTE_LOCAL = "https://statique.attestation.invalid"
POLICES = {
    "normal": "fonts/LiberationSans-Regular.ttf",
    "bold": "fonts/LiberationSans-Bold.ttf",
}


class RessourceRefusee(ValueError):
    pass


def fichier_statique(relatif: str) -> str | None:
    if not relatif or ".." in relatif.split("/"):
        return None
    chemin = finders.find(relatif)
    if chemin is None and settings.STATIC_ROOT:
        racine = Path(settings.STATIC_ROOT).resolve()
        candidat = (racine / relatif).resolve()
        if candidat.is_relative_to(racine) and candidat.is_file():
            chemin = str(candidat)
    return chemin


class FetcherLocal(URLFetcher):
    """Serves `HOTE_LOCAL + STATIC_URL + path` from the static files, nothing else."""

    def __init__(self):
        super().__init__(allowed_protocols=("https",), allow_redirects=False)

    def fetch(self, url, headers=None):
        morceaux = urlsplit(url)
        prefixe = "/" + settings.STATIC_URL.strip("/") + "/"
        if f"{morceaux.scheme}://{morceaux.netloc}" != HOTE_LOCAL or not morceaux.path.startswith(
            prefixe
        ):
            raise RessourceRefusee(f"Ressource refusée dans le PDF : {url}")
        chemin = fichier_statique(unquote(morceaux.path[len(prefixe) :]))
        if chemin is None:
            raise RessourceRefusee(f"Fichier statique introuvable : {url}")
        type_mime = mimetypes.guess_type(chemin)[0] or "application/octet-stream"
        if chemin.endswith(".ttf"):
            type_mime = "font/ttf"
        return URLFetcherResponse(url, Path(chemin).read_bytes(), {"Content-Type": type_mime})


def _polices() -> dict[str, str]:
    """Font URLs for @font-face, only for the fonts that are shipped."""
    base = HOTE_LOCAL + "/" + settings.STATIC_URL.strip("/") + "/"
    return {poids: base + rel for poids, rel in POLICES.items() if fichier_statique(rel)}


def attestation_html(attestation) -> str:
    return render_to_string(
        "outils/vitrine/mooc/attestation_pdf.html",
        {
            "attestation": attestation,
            "module": attestation.module,
            "personne": attestation.personne,
            "polices": _polices(),
            "site_url": settings.SITE_URL.rstrip("/"),
        },
    )


def attestation_pdf(attestation) -> bytes:
    html = HTML(
        string=attestation_html(attestation), base_url=HOTE_LOCAL + "/", url_fetcher=FetcherLocal()
    )
    return html.write_pdf()
