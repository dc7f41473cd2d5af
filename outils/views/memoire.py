"""The memory of the approach: timeline and change history."""

from django.shortcuts import render

from ..chronologie import TYPES
from ..chronologie import chronologie as construire_chronologie
from ..historique import SOURCES, entrees, journal
from .base import contexte, espace_view, paginer


@espace_view()
def chronologie(request, organisation):
    choisis = {t for t in request.GET.getlist("type") if t in TYPES}
    evenements = construire_chronologie(organisation, types=choisis or None)
    page, querystring = paginer(request, evenements, par_page=30)
    return render(
        request,
        "outils/chronologie.html",
        contexte(
            request,
            "chronologie",
            page=page,
            querystring_sans_page=querystring,
            types=TYPES.items(),
            choisis=choisis,
        ),
    )


@espace_view()
def historique(request, organisation):
    cles = {s.cle for s in SOURCES}
    choisies = [c for c in request.GET.getlist("objet") if c in cles]
    page, querystring = paginer(request, journal(organisation, cles=choisies or None))
    return render(
        request,
        "outils/historique.html",
        contexte(
            request,
            "historique",
            page=page,
            entrees=entrees(list(page.object_list), organisation.pk),
            querystring_sans_page=querystring,
            sources=SOURCES,
            choisies=choisies,
        ),
    )
