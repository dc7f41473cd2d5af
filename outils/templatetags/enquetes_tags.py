"""The follow-up surveys waiting for a pilot, on the home page of the organisation's space."""

from django import template

from ..models import EnqueteSuivi

register = template.Library()


@register.inclusion_tag("outils/includes/enquetes_en_attente.html")
def enquetes_en_attente(organisation, droits):
    """Only pilots answer: nothing (and no query) for anyone else."""
    enquetes = []
    if droits.pilote:
        enquetes = list(
            EnqueteSuivi.objects.en_attente()
            .filter(organisation=organisation)
            .order_by("envoyee_le", "pk")[:3]
        )
    return {"organisation": organisation, "enquetes": enquetes}
