"""Charts as inline SVG (web pages and PDF): presentation attributes only, no `style`
attribute and no script, so they pass the CSP and render in WeasyPrint. Each chart has a
title and a text description for screen readers; the figures are also given as tables."""

import datetime as dt

from django.utils.html import escape
from django.utils.safestring import mark_safe

BLEU = "#1f4e79"
VERT = "#2e7d32"
ORANGE = "#c25e00"
GRIS = "#6c757d"
FOND = "#e9ecef"
MAX_PARCOURS = 20
MOIS = [
    "janv.",
    "févr.",
    "mars",
    "avr.",
    "mai",
    "juin",
    "juil.",
    "août",
    "sept.",
    "oct.",
    "nov.",
    "déc.",
]


def _texte(x, y, contenu, *, taille=11, ancre="start", couleur="#212529", gras=False) -> str:
    poids = ' font-weight="bold"' if gras else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{taille}" text-anchor="{ancre}" '
        f'fill="{couleur}"{poids}>{escape(str(contenu))}</text>'
    )


def _svg(largeur, hauteur, titre, description, corps) -> str:
    ident = abs(hash((titre, description))) % 10**8
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {largeur} {hauteur}" '
        f'width="100%" role="img" aria-labelledby="t{ident} d{ident}" '
        f'font-family="Rapport Sans, Liberation Sans, Arial, sans-serif" class="graphique">'
        f'<title id="t{ident}">{escape(titre)}</title><desc id="d{ident}">{escape(description)}</desc>'
        f"{''.join(corps)}</svg>"
    )


def _echelle(maximum: int) -> int:
    return max(1, int(maximum))


def themes(thematiques: list[dict], largeur: int = 680) -> str:
    """Horizontal bars per theme: sessions and individual half-days."""
    if not thematiques:
        return ""
    lignes = sorted(thematiques, key=lambda t: -(t["seances"] + t["demi_journees_individuelles"]))
    marge_g, hauteur_ligne, haut = 250, 30, 34
    zone = largeur - marge_g - 50
    maxi = _echelle(max(max(t["seances"], t["demi_journees_individuelles"]) for t in lignes))
    corps = [
        f'<rect x="{marge_g}" y="6" width="12" height="12" fill="{BLEU}"/>',
        _texte(marge_g + 18, 16, "Séances collectives", taille=11),
        f'<rect x="{marge_g + 170}" y="6" width="12" height="12" fill="{ORANGE}"/>',
        _texte(marge_g + 188, 16, "Demi-journées d'appui individuel", taille=11),
    ]
    for i, t in enumerate(lignes):
        y = haut + i * hauteur_ligne
        nom = t["thematique"] if len(t["thematique"]) <= 38 else t["thematique"][:37] + "…"
        corps.append(_texte(marge_g - 8, y + 14, nom, taille=10, ancre="end"))
        for j, (cle, couleur) in enumerate(
            (("seances", BLEU), ("demi_journees_individuelles", ORANGE))
        ):
            valeur = t[cle]
            w = zone * valeur / maxi
            yy = y + j * 12
            corps.append(
                f'<rect x="{marge_g}" y="{yy:.1f}" width="{w:.1f}" height="10" fill="{couleur}"/>'
            )
            corps.append(_texte(marge_g + w + 4, yy + 9, valeur, taille=9))
    hauteur = haut + len(lignes) * hauteur_ligne + 6
    description = "; ".join(
        f"{t['thematique']} : {t['seances']} séance(s), "
        f"{t['demi_journees_individuelles']} demi-journée(s) d'appui individuel"
        for t in lignes
    )
    return _svg(largeur, hauteur, "Activité par thématique RH", description, corps)


def chronologie(mois: list[dict], parcours: dict[str, list[str]], largeur: int = 680) -> str:
    """Half-days per month (stacked columns) and the span of each parcours below."""
    if not mois:
        return ""
    marge_g, marge_d, haut, hauteur_col = 110, 10, 30, 130
    zone = largeur - marge_g - marge_d
    pas = zone / len(mois)
    maxi = _echelle(
        max(m["demi_journees_collectives"] + m["demi_journees_individuelles"] for m in mois)
    )
    base = haut + hauteur_col
    corps = [
        f'<rect x="{marge_g}" y="6" width="12" height="12" fill="{BLEU}"/>',
        _texte(marge_g + 18, 16, "Demi-journées collectives", taille=11),
        f'<rect x="{marge_g + 200}" y="6" width="12" height="12" fill="{ORANGE}"/>',
        _texte(marge_g + 218, 16, "Demi-journées individuelles", taille=11),
        f'<line x1="{marge_g}" y1="{base}" x2="{largeur - marge_d}" y2="{base}" stroke="{GRIS}"/>',
        _texte(marge_g - 6, haut + 8, maxi, taille=9, ancre="end", couleur=GRIS),
        _texte(marge_g - 6, base, 0, taille=9, ancre="end", couleur=GRIS),
    ]
    debut = dt.date.fromisoformat(mois[0]["mois"])
    for i, m in enumerate(mois):
        x = marge_g + i * pas
        coll, ind = m["demi_journees_collectives"], m["demi_journees_individuelles"]
        h1 = hauteur_col * coll / maxi
        h2 = hauteur_col * ind / maxi
        w = max(pas * 0.7, 1)
        if coll:
            corps.append(
                f'<rect x="{x:.1f}" y="{base - h1:.1f}" width="{w:.1f}" height="{h1:.1f}" fill="{BLEU}"/>'
            )
        if ind:
            corps.append(
                f'<rect x="{x:.1f}" y="{base - h1 - h2:.1f}" width="{w:.1f}" height="{h2:.1f}" fill="{ORANGE}"/>'
            )
        jour = dt.date.fromisoformat(m["mois"])
        if jour.month == 1 or i == 0:
            corps.append(
                f'<line x1="{x:.1f}" y1="{base}" x2="{x:.1f}" y2="{base + 6}" stroke="{GRIS}"/>'
            )
            corps.append(_texte(x + 2, base + 16, jour.year, taille=10, couleur=GRIS))
    fin = dt.date.fromisoformat(mois[-1]["mois"])
    fin = (fin + dt.timedelta(days=32)).replace(day=1)
    total_jours = max((fin - debut).days, 1)

    def position(jour: dt.date) -> float:
        jour = min(max(jour, debut), fin)
        return marge_g + zone * (jour - debut).days / total_jours

    y = base + 30
    tries = sorted(parcours.items(), key=lambda x: (x[1][0], x[0]))
    for code, (d, f) in tries[:MAX_PARCOURS]:
        x1, x2 = position(dt.date.fromisoformat(d)), position(dt.date.fromisoformat(f))
        corps.append(_texte(marge_g - 6, y + 10, code, taille=9, ancre="end"))
        corps.append(f'<rect x="{marge_g}" y="{y}" width="{zone}" height="12" fill="{FOND}"/>')
        corps.append(
            f'<rect x="{x1:.1f}" y="{y}" width="{max(x2 - x1, 2):.1f}" height="12" fill="{VERT}"/>'
        )
        y += 18
    if len(tries) > MAX_PARCOURS:
        corps.append(
            _texte(marge_g, y + 10, f"… et {len(tries) - MAX_PARCOURS} autres parcours", taille=9)
        )
        y += 18
    total_coll = sum(m["demi_journees_collectives"] for m in mois)
    total_ind = sum(m["demi_journees_individuelles"] for m in mois)
    description = (
        f"Du {MOIS[debut.month - 1]} {debut.year} au "
        f"{MOIS[dt.date.fromisoformat(mois[-1]['mois']).month - 1]} "
        f"{dt.date.fromisoformat(mois[-1]['mois']).year} : {total_coll} demi-journées "
        f"collectives et {total_ind} individuelles ; parcours : "
        + (", ".join(f"{c} du {d} au {f}" for c, (d, f) in tries[:MAX_PARCOURS]) or "aucun")
    )
    return _svg(largeur, y + 4, "Chronologie de l'activité", description, corps)
