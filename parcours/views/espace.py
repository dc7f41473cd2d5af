"""The member's and pilot's dashboard."""

from collections import defaultdict

from django.shortcuts import render
from django.utils import timezone

from apes_rh.cache import memoiser
from apes_rh.perms import rule_required

from ..enums import StatutParticipation
from ..models import Inscription, Membre, Parcours, Participation, Seance
from .organisations import lien_espace


@rule_required("espace.membre")
def mon_espace(request):
    """A member's dashboard: their organisations, their parcours, their next sessions."""
    today = timezone.localdate()
    # The person's own lists, once per version of the data (and per hour: sessions starting
    # today stop being open to registration).
    contexte = memoiser(
        f"mon_espace:{request.user.pk}:{timezone.localtime():%Y-%m-%d-%H}",
        lambda: _mon_espace(request.user, today),
    )
    return render(request, "parcours/mon_espace.html", contexte)


def _mon_espace(user, today) -> dict:
    adhesions = list(
        Membre.objects.actifs(today)
        .filter(personne=user)
        .select_related("organisation", "organisation__territoire")
        .order_by("organisation__nom")
    )
    par_organisation = defaultdict(list)
    for inscription in (
        Inscription.objects.filter(organisation__in=[a.organisation_id for a in adhesions])
        .select_related("parcours")
        .order_by("-parcours__debut")
    ):
        par_organisation[inscription.organisation_id].append(inscription)
    for adhesion in adhesions:
        adhesion.inscriptions = par_organisation[adhesion.organisation_id]
        adhesion.lien_espace = lien_espace(adhesion.organisation)
    prochaines = list(
        Participation.objects.filter(personne=user, seance__date__gte=today)
        .exclude(statut=StatutParticipation.ANNULE)
        .select_related("seance", "seance__parcours")
        .order_by("seance__date", "seance__heure_debut")[:10]
    )
    ouvertes = list(
        Seance.objects.ouvertes_a(user)
        .exclude(participations__personne=user)
        .select_related("parcours", "communaute")
        .order_by("date", "heure_debut", "pk")[:5]
    )
    # Calls for applications a piloted organisation could still answer (not those where every
    # organisation the person pilots is already enrolled or has applied).
    pilotees = [a.organisation_id for a in adhesions if a.pilote and not a.organisation.archivee]
    ouverts = (
        Parcours.objects.ouverts_aux_candidatures().select_related("territoire").order_by("debut")
    )
    appels = [
        p
        for p in (ouverts[:20] if pilotees else [])
        if any(p.pk not in {i.parcours_id for i in par_organisation[o]} for o in pilotees)
    ][:5]
    return {
        "adhesions": adhesions,
        "prochaines": prochaines,
        "ouvertes": ouvertes,
        "appels": appels,
    }
