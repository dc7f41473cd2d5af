"""Calendars: "my sessions", the private iCal feed, the public agenda and its feed."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from apes_rh.cache import en_cache_pour_anonymes, memoiser
from apes_rh.perms import can, rule_required

from .. import calendrier, services
from ..assiduite import assiduite_personne
from ..enums import StatutParticipation
from ..models import STATUTS_PLACE, JetonCalendrier, Participation, Seance
from .common import paginer, post_seulement

# How far back feeds go (calendar apps keep what they already have).
HISTORIQUE_FLUX = datetime.timedelta(days=90)
MAX_EVENEMENTS = 500


def _url_flux(jeton: JetonCalendrier | None) -> str | None:
    if jeton is None:
        return None
    return settings.SITE_URL.rstrip("/") + reverse(
        "parcours:calendrier_prive", kwargs={"jeton": jeton.jeton}
    )


@rule_required("compte")
def mes_seances(request):
    user = request.user
    today = timezone.localdate()
    # The person's own lists, once per version of the data (and per hour: sessions start).
    donnees = memoiser(
        f"mes_seances:{user.pk}:{timezone.localtime():%Y-%m-%d-%H}",
        lambda: _mes_seances(user, today),
    )
    inscriptions = donnees["inscriptions"]
    for p in inscriptions:
        p.annulable = p.statut in (StatutParticipation.INSCRIT, StatutParticipation.ATTENTE) and (
            not p.seance.a_commence
        )
    ouvertes = (
        Seance.objects.ouvertes_a(user)
        .exclude(pk__in=[p.seance_id for p in inscriptions])
        .select_related("parcours", "communaute")
        .avec_effectifs()
        .order_by("date", "heure_debut", "pk")
    )
    url = _url_flux(donnees["jeton"])
    return render(
        request,
        "parcours/seances/mes_seances.html",
        {
            **donnees,
            "url_flux": url,
            "url_webcal": url.replace("https://", "webcal://").replace("http://", "webcal://")
            if url
            else None,
            **paginer(request, ouvertes, 10),
        },
    )


def _mes_seances(user, today) -> dict:
    passees = list(
        Participation.objects.filter(personne=user, seance__date__lt=today)
        .exclude(statut=StatutParticipation.ANNULE)
        .select_related("seance")
        .order_by("-seance__date")[:10]
    )
    return {
        "inscriptions": list(
            Participation.objects.filter(
                personne=user,
                seance__date__gte=today,
                statut__in=[*STATUTS_PLACE, StatutParticipation.ATTENTE],
            )
            .select_related("seance", "seance__parcours", "seance__communaute")
            .order_by("seance__date", "seance__heure_debut")[:50]
        ),
        "animees": list(
            Seance.objects.filter(animateurs=user, date__gte=today - datetime.timedelta(days=7))
            .select_related("parcours", "communaute")
            .avec_effectifs()
            .order_by("date", "heure_debut")[:30]
        ),
        "passees": passees,
        "assiduite": assiduite_personne(user) if passees else None,
        "jeton": JetonCalendrier.objects.filter(personne=user).first(),
    }


@rule_required("compte")
def jeton_renouveler(request):
    if response := post_seulement(request):
        return response
    existait = JetonCalendrier.objects.filter(personne=request.user).exists()
    services.jeton_calendrier_renouveler(personne=request.user)
    messages.success(
        request,
        "Nouveau lien d'abonnement créé ; l'ancien ne fonctionne plus."
        if existait
        else "Votre lien d'abonnement est prêt : ajoutez-le à votre agenda.",
    )
    return redirect(reverse("parcours:mes_seances") + "#abonnement")


@rule_required("compte")
def jeton_revoquer(request):
    if response := post_seulement(request):
        return response
    services.jeton_calendrier_revoquer(personne=request.user)
    messages.success(request, "Lien d'abonnement révoqué : plus aucun agenda ne peut le lire.")
    return redirect(reverse("parcours:mes_seances") + "#abonnement")


def _reponse_ics(contenu: bytes, nom: str) -> HttpResponse:
    response = HttpResponse(contenu, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{nom}"'
    response["X-Robots-Tag"] = "noindex"
    return response


@login_not_required
@require_GET
@never_cache
def calendrier_prive(request, jeton):
    """A person's sessions for calendar apps. The secret token is the only credential."""
    objet = (
        JetonCalendrier.objects.select_related("personne")
        .filter(jeton=jeton, personne__is_active=True)
        .first()
    )
    if objet is None:
        raise Http404
    personne = objet.personne
    depuis = timezone.localdate() - HISTORIQUE_FLUX
    seances = list(
        Seance.objects.filter(
            Q(participations__personne=personne, participations__statut__in=STATUTS_PLACE)
            | Q(animateurs=personne),
            date__gte=depuis,
        )
        .select_related("parcours", "communaute")
        .distinct()
        .order_by("date", "heure_debut")[:MAX_EVENEMENTS]
    )
    events = [calendrier.evenement(s, avec_acces=True) for s in seances]
    return _reponse_ics(
        calendrier.calendrier(events, nom="Mes séances — Démarche progrès RH"), "mes-seances.ics"
    )


@login_not_required
@en_cache_pour_anonymes
@require_GET
def agenda_public(request):
    """Open sessions, for everyone: no place, no visio link (registered people only)."""
    qs = (
        Seance.objects.publiques()
        .a_venir()
        .select_related("parcours", "communaute")
        .avec_effectifs()
        .order_by("date", "heure_debut", "pk")
    )
    contexte = paginer(request, qs, 20)
    inscrit_a = set()
    if request.user.is_authenticated:
        inscrit_a = set(
            Participation.objects.filter(
                personne=request.user,
                seance__in=list(contexte["page"].object_list),
                statut__in=[*STATUTS_PLACE, StatutParticipation.ATTENTE],
            ).values_list("seance_id", flat=True)
        )
    for seance in contexte["page"].object_list:
        seance.deja_inscrit = seance.pk in inscrit_a
    contexte["url_flux"] = settings.SITE_URL.rstrip("/") + reverse("parcours:agenda_public_ics")
    return render(request, "parcours/agenda/liste.html", contexte)


@login_not_required
@en_cache_pour_anonymes
@require_GET
def agenda_public_seance(request, pk):
    seance = get_object_or_404(
        Seance.objects.filter(publique=True).select_related("parcours", "communaute"), pk=pk
    )
    user = request.user
    ma_participation = (
        Participation.objects.filter(seance=seance, personne=user).first()
        if user.is_authenticated
        else None
    )
    effectifs = (
        Seance.objects.filter(pk=seance.pk).avec_effectifs().values("nb_inscrits", "nb_attente")[0]
    )
    return render(
        request,
        "parcours/agenda/seance.html",
        {
            "seance": seance,
            "ma_participation": ma_participation,
            "acces": can(user, "seance.acces", seance),
            "peut_inscrire": can(user, "seance.inscrire", seance),
            "effectifs": effectifs,
            "complet": seance.capacite is not None and effectifs["nb_inscrits"] >= seance.capacite,
            "thematiques": list(seance.thematiques.all()),
            "animateurs": list(seance.animateurs.order_by("last_name")),
        },
    )


@login_not_required
@require_GET
def agenda_public_ics(request):
    """The public feed of open sessions (never the place or the visio link)."""
    depuis = timezone.localdate() - HISTORIQUE_FLUX
    site = settings.SITE_URL.rstrip("/")
    seances = list(
        Seance.objects.publiques()
        .filter(date__gte=depuis)
        .select_related("parcours", "communaute")
        .order_by("date", "heure_debut")[:MAX_EVENEMENTS]
    )
    events = [
        calendrier.evenement(
            s, avec_acces=False, lien=site + reverse("parcours:agenda_public_seance", args=[s.pk])
        )
        for s in seances
    ]
    response = _reponse_ics(
        calendrier.calendrier(events, nom="Agenda de la démarche progrès RH (Apes)"),
        "agenda-apes-rh.ics",
    )
    response["Cache-Control"] = "public, max-age=900"
    return response
