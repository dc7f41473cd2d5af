"""The MOOC module attestation as a PDF (WeasyPrint through apes_rh.pdf, A4, French)."""

from django.conf import settings
from django.template.loader import render_to_string

from apes_rh.pdf import html_to_pdf, static_path, static_url

POLICES = {
    "normal": "fonts/LiberationSans-Regular.ttf",
    "bold": "fonts/LiberationSans-Bold.ttf",
}


def _polices() -> dict[str, str]:
    """Font URLs for @font-face, only for the fonts that are shipped."""
    return {poids: static_url(rel) for poids, rel in POLICES.items() if static_path(rel)}


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
    return html_to_pdf(attestation_html(attestation))
