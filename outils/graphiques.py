"""Charts as inline SVG, drawn on the server (pages and PDF alike).

The site's CSP forbids `style` attributes: everything is drawn with SVG presentation
attributes (fill, stroke, font-size…). Themes are numbered on the charts; the page's
table next to them gives each number's title and score, so the chart is never the
only way to read the figures.
"""

import math
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

COULEURS = ["#1f6f5c", "#c2410c", "#1d4ed8"]
POLICE = "Liberation Sans, DejaVu Sans, Arial, sans-serif"
NIVEAU_MAX = 4


@dataclass
class Serie:
    libelle: str
    valeurs: list[float | None]


def _n(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def _score(valeur: float | None) -> str:
    return "—" if valeur is None else f"{valeur:.1f}".replace(".", ",")


def radar(libelles: list[str], series: list[Serie], *, taille: int = 360, titre: str = ""):
    """A spider chart on the 0–4 scale, one axis per theme (numbered 1…n)."""
    n = len(libelles)
    if n < 3:
        return barres(libelles, series, titre=titre)
    marge = 34
    cx = cy = taille / 2
    rayon = taille / 2 - marge

    def point(i: float, valeur: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * i / n
        r = rayon * max(0.0, min(valeur, NIVEAU_MAX)) / NIVEAU_MAX
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    description = titre or "Graphique radar des scores par thème"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {taille} {taille}" '
        f'width="{taille}" height="{taille}" role="img" class="graphique graphique-radar" '
        f'font-family="{POLICE}" aria-labelledby="radar-titre-{id(series)}">',
        f'<title id="radar-titre-{id(series)}">{escape(description)}</title>',
    ]
    for niveau in range(1, NIVEAU_MAX + 1):
        anneau = " ".join(f"{_n(x)},{_n(y)}" for x, y in (point(i, niveau) for i in range(n)))
        parts.append(f'<polygon points="{anneau}" fill="none" stroke="#c9d6d3" stroke-width="1"/>')
        # Scale labels sit between the first two axes, away from the theme numbers.
        x, y = point(0.5, niveau)
        parts.append(
            f'<text x="{_n(x)}" y="{_n(y)}" font-size="9" text-anchor="middle" '
            f'fill="#5b6769">{niveau}</text>'
        )
    for i in range(n):
        x, y = point(i, NIVEAU_MAX)
        parts.append(
            f'<line x1="{_n(cx)}" y1="{_n(cy)}" x2="{_n(x)}" y2="{_n(y)}" '
            f'stroke="#c9d6d3" stroke-width="1"/>'
        )
        lx, ly = point(i, NIVEAU_MAX + 0.6)
        parts.append(
            f'<text x="{_n(lx)}" y="{_n(ly + 4)}" font-size="12" font-weight="bold" '
            f'text-anchor="middle" fill="#1d2527"><title>{escape(libelles[i])}</title>'
            f"{i + 1}</text>"
        )
    for k, serie in enumerate(series):
        couleur = COULEURS[k % len(COULEURS)]
        sommets = [point(i, v or 0) for i, v in enumerate(serie.valeurs)]
        parts.append(
            f'<polygon points="{" ".join(f"{_n(x)},{_n(y)}" for x, y in sommets)}" '
            f'fill="{couleur}" fill-opacity="0.18" stroke="{couleur}" stroke-width="2">'
            f"<title>{escape(serie.libelle)}</title></polygon>"
        )
        for i, (x, y) in enumerate(sommets):
            if serie.valeurs[i] is None:
                continue
            parts.append(
                f'<circle cx="{_n(x)}" cy="{_n(y)}" r="3" fill="{couleur}">'
                f"<title>{escape(libelles[i])} : {_score(serie.valeurs[i])}</title></circle>"
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — every text above is escaped


def barres(libelles: list[str], series: list[Serie], *, largeur: int = 640, titre: str = ""):
    """Horizontal bars, one group per theme, on the 0–4 scale."""
    hauteur_barre = 14
    groupe = hauteur_barre * len(series) + 12
    gauche, droite, haut = 230, 44, 26
    hauteur = haut + groupe * len(libelles) + 8
    zone = largeur - gauche - droite
    description = titre or "Diagramme en barres des scores par thème"
    ident = f"barres-titre-{id(series)}"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {largeur} {hauteur}" '
        f'width="{largeur}" height="{hauteur}" role="img" class="graphique graphique-barres" '
        f'font-family="{POLICE}" aria-labelledby="{ident}">',
        f'<title id="{ident}">{escape(description)}</title>',
    ]
    for niveau in range(0, NIVEAU_MAX + 1):
        x = gauche + zone * niveau / NIVEAU_MAX
        parts.append(
            f'<line x1="{_n(x)}" y1="{haut - 6}" x2="{_n(x)}" y2="{hauteur - 8}" '
            f'stroke="#dfe7e5" stroke-width="1"/>'
            f'<text x="{_n(x)}" y="{haut - 10}" font-size="10" text-anchor="middle" '
            f'fill="#5b6769">{niveau}</text>'
        )
    for i, libelle in enumerate(libelles):
        y0 = haut + i * groupe
        court = libelle if len(libelle) <= 34 else libelle[:33].rstrip() + "…"
        parts.append(
            f'<text x="{gauche - 8}" y="{_n(y0 + groupe / 2)}" font-size="11" '
            f'text-anchor="end" fill="#1d2527"><title>{escape(libelle)}</title>'
            f"{i + 1}. {escape(court)}</text>"
        )
        for k, serie in enumerate(series):
            valeur = serie.valeurs[i]
            couleur = COULEURS[k % len(COULEURS)]
            y = y0 + 4 + k * hauteur_barre
            w = zone * (valeur or 0) / NIVEAU_MAX
            parts.append(
                f'<rect x="{gauche}" y="{_n(y)}" width="{_n(max(w, 0))}" '
                f'height="{hauteur_barre - 3}" fill="{couleur}" rx="2">'
                f"<title>{escape(serie.libelle)} — {escape(libelle)} : {_score(valeur)}</title>"
                f"</rect>"
                f'<text x="{_n(gauche + w + 4)}" y="{_n(y + hauteur_barre - 5)}" font-size="10" '
                f'fill="#1d2527">{_score(valeur)}</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — every text above is escaped


def legende(series: list[Serie]) -> SafeString:
    """A small legend (HTML) matching the series colours, for comparisons."""
    items = "".join(
        f'<li><svg width="14" height="14" aria-hidden="true" focusable="false">'
        f'<rect width="14" height="14" rx="2" fill="{COULEURS[k % len(COULEURS)]}"/></svg> '
        f"{escape(s.libelle)}</li>"
        for k, s in enumerate(series)
    )
    return mark_safe(f'<ul class="legende-graphique list-inline">{items}</ul>')  # noqa: S308
