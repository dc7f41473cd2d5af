"""French wording helpers for the parcours templates."""

from django import template

register = template.Library()


@register.filter
def pluriel(nombre, suffixes: str = "s") -> str:
    """French plural: 0 and 1 are singular. `pluriel:"a,ont"` picks a singular/plural form."""
    singulier, _, pluriel_ = suffixes.rpartition(",") if "," in suffixes else ("", "", suffixes)
    try:
        return pluriel_ if abs(float(nombre)) >= 2 else singulier
    except (TypeError, ValueError):
        return singulier
