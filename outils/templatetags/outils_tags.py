from django import template

register = template.Library()


@register.filter
def score(valeur) -> str:
    """2.4 → "2,4"; None → "—"."""
    if valeur is None or valeur == "":
        return "—"
    return f"{float(valeur):.1f}".replace(".", ",")


@register.filter
def ecart(valeur) -> str:
    """Signed difference: +0,5 / −0,3 / 0."""
    if valeur is None:
        return "—"
    if valeur > 0:
        return f"+{valeur:.1f}".replace(".", ",")
    if valeur < 0:
        return f"−{abs(valeur):.1f}".replace(".", ",")
    return "0"


@register.filter
def cle(dictionnaire, valeur):
    """{{ d|cle:k }} — look a key up in a dict (None when absent)."""
    if not dictionnaire:
        return None
    return dictionnaire.get(valeur)


@register.filter
def classe_score(valeur) -> str:
    if valeur is None:
        return "score-vide"
    return f"score-{min(max(int(float(valeur) + 0.5), 1), 4)}"


@register.filter
def description_niveau(critere, niveau):
    return critere.description_niveau(int(niveau)) if niveau else ""


@register.filter
def libelle_niveau(echelle, valeur) -> str:
    """The scale's label of a level ("1" or 1 → "Non engagé")."""
    try:
        niveau = echelle.get(int(valeur))
    except (TypeError, ValueError, AttributeError):
        return ""
    return niveau.libelle if niveau else ""
