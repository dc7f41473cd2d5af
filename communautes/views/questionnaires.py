"""Satisfaction questionnaire: answering, and aggregates per session, theme, community."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Avg, Count
from django.http import Http404
from django.shortcuts import redirect, render

from apes_rh.pagination import querystring_sans_page
from apes_rh.perms import can, require, rule_required
from parcours.enums import StatutParticipation, TypeSeance
from parcours.models import Seance

from .. import services
from ..forms import QuestionnaireForm, appliquer_erreurs
from ..models import Repondant, ReponseQuestionnaire, seance_terminee
from ..statistiques import (
    satisfaction_par_communaute,
    satisfaction_par_thematique,
    satisfaction_seance,
    themes_suggeres,
)
from .common import get_seance, paginer


def questionnaire(request, pk):
    """Only attendees, only once the session is over, only once."""
    seance = get_seance(pk)
    user = request.user
    participation = seance.participations.filter(personne=user).first()
    if participation is None or participation.statut != StatutParticipation.PRESENT:
        if can(user, "satisfaction.seance", seance):
            return redirect("communautes:satisfaction_seance", pk=seance.pk)
        if participation is None:
            raise Http404
        return render(
            request,
            "communautes/questionnaire_fait.html",
            {"seance": seance, "etat": "absent"},
            status=403,
        )
    if Repondant.objects.filter(seance=seance, personne=user).exists():
        return render(
            request, "communautes/questionnaire_fait.html", {"seance": seance, "etat": "fait"}
        )
    if seance.annulee or not seance_terminee(seance):
        return render(
            request,
            "communautes/questionnaire_fait.html",
            {"seance": seance, "etat": "pas_encore"},
        )
    require(user, "questionnaire.repondre", seance)
    form = QuestionnaireForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.questionnaire_repondre(seance=seance, personne=user, **form.cleaned_data)
        except ValidationError as exc:
            appliquer_erreurs(form, exc)
        else:
            messages.success(request, "Merci pour votre réponse !")
            return redirect("communautes:seance", pk=seance.pk)
    return render(
        request,
        "communautes/questionnaire.html",
        {
            "seance": seance,
            "form": form,
            "bulle": seance.type == TypeSeance.BULLE_DIALOGUE,
        },
    )


def satisfaction_seance_vue(request, pk):
    seance = get_seance(pk)
    require(request.user, "satisfaction.seance", seance)
    synthese = satisfaction_seance(seance)
    # What a bulle's participants take away is bulle content: for its circle only.
    voit_textes = seance.type != TypeSeance.BULLE_DIALOGUE or can(
        request.user, "bulle.contenu", seance
    )
    textes = (
        ReponseQuestionnaire.objects.filter(seance=seance).exclude(retenu="").order_by("-pk")
        if voit_textes
        else ReponseQuestionnaire.objects.none()
    )
    page = paginer(request, textes.values("retenu", "repondu_le"), 20)
    souhaits = list(
        ReponseQuestionnaire.objects.filter(seance=seance, thematique_souhaitee__isnull=False)
        .values("thematique_souhaitee__nom")
        .annotate(n=Count("pk"))
        .order_by("-n", "thematique_souhaitee__nom")
    )
    libres = list(
        ReponseQuestionnaire.objects.filter(seance=seance)
        .exclude(theme_souhaite="")
        .values_list("theme_souhaite", flat=True)[:50]
    )
    envois = seance.envois_questionnaire.values("nature").annotate(n=Count("pk")).order_by()
    presents = seance.participations.filter(statut=StatutParticipation.PRESENT).count()
    return render(
        request,
        "communautes/satisfaction_seance.html",
        {
            "seance": seance,
            "synthese": synthese,
            "page": page,
            "voit_textes": voit_textes,
            "souhaits": souhaits,
            "libres": libres,
            "envois": {e["nature"]: e["n"] for e in envois},
            "presents": presents,
            "querystring_sans_page": querystring_sans_page(request),
        },
    )


@rule_required("communautes.gerer")
def satisfaction(request):
    """Team overview: per community, per theme, the sessions, and next-theme suggestions."""
    seances = (
        Seance.objects.filter(communaute__isnull=False, reponses_questionnaire__isnull=False)
        .select_related("communaute")
        .annotate(
            reponses=Count("reponses_questionnaire"),
            utilite_moyenne=Avg("reponses_questionnaire__utilite"),
        )
        .order_by("-date", "pk")
    )
    page = paginer(request, seances, 20)
    return render(
        request,
        "communautes/satisfaction.html",
        {
            "page": page,
            "par_communaute": satisfaction_par_communaute(),
            "par_thematique": satisfaction_par_thematique(),
            "suggestions": themes_suggeres(),
            "querystring_sans_page": querystring_sans_page(request),
        },
    )
