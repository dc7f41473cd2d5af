"""Recommendations of the latest completed diagnostic, and what the pilot does with them.

Everyone who reads the space reads them; pilots and co-pilots (who edit the plan) dismiss,
restore, or turn a suggestion into an action. The POSTs answer with the updated section to
htmx, and redirect back to the page otherwise.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from .. import recommandations as service
from ..enums import TypeSuggestion
from ..models import SuggestionTraitee
from .base import contexte, espace_view

GABARIT = "outils/recommandations/page.html"
SECTION = "outils/recommandations/includes/section.html"


def _afficher(request, organisation, *, gabarit=GABARIT):
    recos = service.recommandations(organisation, request.user)
    return render(request, gabarit, contexte(request, "recommandations", recos=recos))


def _apres_post(request, organisation):
    if request.htmx:
        return _afficher(request, organisation, gabarit=SECTION)
    return redirect("outils:recommandations", pk=organisation.pk)


def _suggestion(request, organisation, critere_pk, type, objet_pk):
    """The suggestion as the page shows it now: anything else is 404."""
    if type not in TypeSuggestion.values:
        raise Http404
    recos = service.recommandations(organisation, request.user)
    suggestion = recos.trouver(critere_pk, type, objet_pk)
    if suggestion is None:
        raise Http404
    return recos, suggestion


@espace_view()
def recommandations(request, organisation):
    return _afficher(request, organisation)


@espace_view(droit="modifier", methodes=("POST",))
def suggestion_ecarter(request, organisation, critere_pk, type, objet_pk):
    _recos, suggestion = _suggestion(request, organisation, critere_pk, type, objet_pk)
    service.suggestion_ecarter(
        organisation=organisation, suggestion=suggestion, auteur=request.user
    )
    messages.success(request, f"Suggestion « {suggestion.titre} » écartée.")
    return _apres_post(request, organisation)


@espace_view(droit="modifier", methodes=("POST",))
def suggestion_action(request, organisation, critere_pk, type, objet_pk):
    existante = (
        SuggestionTraitee.objects.filter(
            organisation=organisation,
            critere_id=critere_pk,
            type=type,
            objet_id=objet_pk,
            action__isnull=False,
        )
        .select_related("action")
        .first()
    )
    if existante is not None:  # a second click: the action is already in the plan
        messages.info(request, f"Cette suggestion est déjà l'action « {existante.action} ».")
        return _apres_post(request, organisation)
    recos, suggestion = _suggestion(request, organisation, critere_pk, type, objet_pk)
    niveau = next(c.niveau for c in recos.criteres if c.critere.pk == critere_pk)
    action, _cree = service.suggestion_en_action(
        organisation=organisation,
        diagnostic=recos.diagnostic,
        suggestion=suggestion,
        niveau=niveau,
        auteur=request.user,
    )
    messages.success(
        request, f"Action « {action.titre} » ajoutée au schéma d'amélioration ({action.axe})."
    )
    return _apres_post(request, organisation)


@espace_view(droit="modifier", methodes=("POST",))
def suggestion_restaurer(request, organisation, traitee_pk):
    traitee = get_object_or_404(
        SuggestionTraitee, pk=traitee_pk, organisation=organisation, action__isnull=True
    )
    try:
        service.suggestion_restaurer(traitee=traitee, auteur=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Suggestion « {traitee.titre} » de nouveau proposée.")
    return _apres_post(request, organisation)
