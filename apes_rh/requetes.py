"""Query helpers shared by the apps."""

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce


def compter(qs, lien: str):
    """COUNT(*) of `qs` rows whose `lien` points at the outer row, as an annotation.

    A correlated subquery rather than a joined Count: a paginated list computes it for the rows
    it shows only, instead of grouping the whole table first."""
    return Coalesce(
        Subquery(
            qs.filter(**{lien: OuterRef("pk")})
            .order_by()
            .values(lien)
            .annotate(n=Count("pk"))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )
