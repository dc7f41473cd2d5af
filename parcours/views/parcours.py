"""Parcours: list, page, team forms, enrolment, applications by pilots and the team's decision."""

from django.apps import apps
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from apes_rh.cache import cle_de_requete, fragments_partages, memoiser
from apes_rh.perms import can, objet_pour, require, rule_required
from apes_rh.requetes import compter

from .. import services
from ..assiduite import Assiduite, assiduite_par_organisation, assiduite_parcours
from ..enums import StatutInscription, StatutParticipation
from ..filters import ParcoursFilter
from ..forms import (
    CandidatureForm,
    DecisionForm,
    EtapeForm,
    ParcoursForm,
    ParcoursInscriptionForm,
)
from ..models import Inscription, Organisation, Parcours, Participation, Seance
from .common import erreurs_en_formulaire, paginer, post_seulement

PRESENCES = [StatutParticipation.PRESENT, StatutParticipation.ABSENT, StatutParticipation.EXCUSE]


def parcours_pour(request, pk, regle: str | None = None) -> Parcours:
    """Load a parcours the user may see (404 otherwise), then check `regle` (403)."""
    return objet_pour(
        request.user, Parcours.objects.select_related("territoire"), pk, "parcours.voir", regle
    )


def _inscription_pour(request, pk, regle: str) -> Inscription:
    inscription = get_object_or_404(
        Inscription.objects.select_related("organisation", "candidature_par"), pk=pk
    )
    inscription.parcours = parcours_pour(request, inscription.parcours_id, regle)
    return inscription


@rule_required("parcours.lister")
def liste(request):
    user = request.user
    equipe = can(user, "equipe")

    def contexte():
        qs = (
            Parcours.objects.visibles_par(user)
            .select_related("territoire")
            .annotate(
                nb_inscrites=compter(
                    Inscription.objects.filter(statut=StatutInscription.INSCRITE), "parcours"
                ),
                nb_seances=compter(Seance.objects.filter(annulee=False), "parcours"),
            )
            .order_by("-debut", "code")
        )
        filtre = ParcoursFilter(request.GET or None, queryset=qs)
        return {"filtre": filtre, **paginer(request, filtre.qs, 20)}

    # The team sees every parcours: one rendering for all of it per version of the data and per
    # query; anyone else sees their own selection, rendered for them alone.
    portee = "equipe" if equipe else f"personne:{user.pk}"
    fragments = fragments_partages(
        f"parcours:{portee}:{cle_de_requete(request, timezone.localdate())}",
        {
            "filtres": "parcours/parcours/includes/filtres.html",
            "resultats": "parcours/parcours/includes/resultats.html",
        },
        contexte,
    )
    ouverts = []
    candidatures_en_attente = 0
    if equipe:
        candidatures_en_attente = Inscription.objects.candidatures().count()
    pilotees = Organisation.objects.pilotees_par(user).actives()
    if pilotees.exists():
        ouverts = list(
            Parcours.objects.ouverts_aux_candidatures()
            .select_related("territoire")
            .order_by("debut")[:10]
        )
    return render(
        request,
        "parcours/parcours/liste.html",
        {
            "fragments": fragments,
            "ouverts": ouverts,
            "candidatures_en_attente": candidatures_en_attente,
            "peut_gerer": equipe,
        },
    )


@rule_required("equipe")
def creer(request):
    form = ParcoursForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        parcours = form.save()
        messages.success(request, f"Parcours « {parcours} » créé.")
        return redirect("parcours:parcours", pk=parcours.pk)
    return render(request, "parcours/parcours/form.html", {"form": form, "parcours": None})


def modifier(request, pk):
    parcours = parcours_pour(request, pk, "parcours.gerer")
    form = ParcoursForm(request.POST or None, instance=parcours)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Le parcours est enregistré.")
        return redirect("parcours:parcours", pk=parcours.pk)
    return render(request, "parcours/parcours/form.html", {"form": form, "parcours": parcours})


def _demi_journees_individuelles(parcours):
    """Validated individual half-days of an organisation between the parcours' dates (§5)."""
    try:
        DemiJournee = apps.get_model("accompagnateurs", "DemiJournee")
    except LookupError:
        return Value(0, output_field=IntegerField())
    sous = (
        DemiJournee.objects.filter(
            organisation=OuterRef("organisation"),
            statut="validee",
            nature="individuel",
            date__gte=parcours.debut,
            date__lte=parcours.fin,
        )
        .order_by()
        .values("organisation")
        .annotate(total=Sum("demi_journees"))
        .values("total")
    )
    return Coalesce(Subquery(sous, output_field=IntegerField()), 0)


def detail(request, pk):
    parcours = parcours_pour(request, pk)
    today = timezone.localdate()
    suivi = can(request.user, "parcours.suivre", parcours)
    gerer = can(request.user, "parcours.gerer", parcours)
    # What the page shows of the parcours is the same for everyone who may open it (the
    # attendance column only for those who follow it): computed once per version of the data.
    donnees = memoiser(f"parcours:{parcours.pk}:{today}", lambda: _donnees(parcours, today))
    inscriptions = donnees["inscriptions"]
    visibles = set(
        Organisation.objects.visibles_par(request.user)
        .filter(pk__in=[i.organisation_id for i in inscriptions])
        .values_list("pk", flat=True)
    )
    par_organisation = donnees["assiduite_par_organisation"] if suivi else {}
    for inscription in inscriptions:
        inscription.visible = inscription.organisation_id in visibles
        inscription.assiduite = par_organisation.get(inscription.organisation_id, Assiduite())
    candidatures = (
        list(
            parcours.inscriptions.candidatures()
            .select_related("organisation", "candidature_par")
            .order_by("date")
        )
        if gerer
        else []
    )
    return render(
        request,
        "parcours/parcours/detail.html",
        {
            "parcours": parcours,
            "inscriptions": inscriptions,
            "candidatures": candidatures,
            "a_venir": donnees["a_venir"],
            "passees": donnees["passees"],
            "stats": donnees["stats"],
            "accompagnateurs": donnees["accompagnateurs"],
            "peut_suivre": suivi,
            "peut_gerer": gerer,
            "etapes_choix": EtapeForm.base_fields["etape"].choices,
            "places_prises": len(inscriptions),
        },
    )


def _donnees(parcours, today) -> dict:
    seances_suivies = (
        Participation.objects.hors_bulles()  # who took part in a bulle stays confidential
        .filter(
            organisation=OuterRef("organisation"),
            seance__parcours=parcours,
            statut=StatutParticipation.PRESENT,
        )
        .order_by()
        .values("organisation")
        .annotate(n=Count("seance", distinct=True))
        .values("n")
    )
    inscriptions = list(
        parcours.inscriptions.inscrites()
        .select_related("organisation")
        .annotate(
            seances_suivies=Coalesce(Subquery(seances_suivies, output_field=IntegerField()), 0),
            demi_journees=_demi_journees_individuelles(parcours),
        )
        .order_by("organisation__nom")
    )
    seances = Seance.objects.filter(parcours=parcours).annotate(
        nb_inscrits=Count(
            "participations",
            filter=Q(participations__statut__in=[StatutParticipation.INSCRIT, *PRESENCES]),
        ),
        nb_presents=Count(
            "participations", filter=Q(participations__statut=StatutParticipation.PRESENT)
        ),
    )
    assiduite = assiduite_parcours(parcours)
    stats = {"assiduite": assiduite, "taux_presence": assiduite.taux}
    stats.update(
        Seance.objects.filter(parcours=parcours)
        .comptant_comme_collectives()
        .aggregate(demi_journees_collectives=Coalesce(Sum("demi_journees"), 0))
    )
    stats["demi_journees_individuelles"] = sum(i.demi_journees for i in inscriptions)
    return {
        "inscriptions": inscriptions,
        "assiduite_par_organisation": assiduite_par_organisation(parcours),
        "a_venir": list(seances.filter(date__gte=today).order_by("date", "heure_debut")[:20]),
        "passees": list(seances.filter(date__lt=today).order_by("-date", "-heure_debut")[:20]),
        "stats": stats,
        "accompagnateurs": list(parcours.accompagnateurs.order_by("last_name")),
    }


def inscrire(request, pk):
    parcours = parcours_pour(request, pk, "parcours.gerer")
    tous = request.GET.get("tous") == "1"
    form = ParcoursInscriptionForm(request.POST or None, parcours=parcours, tous_territoires=tous)
    if request.method == "POST" and form.is_valid():
        try:
            faites = services.parcours_inscrire(
                parcours=parcours,
                organisations=form.cleaned_data["organisations"],
                par=request.user,
            )
        except ValidationError as exc:
            erreurs_en_formulaire(form, exc)
        else:
            messages.success(
                request,
                f"{len(faites)} organisation{'s' if len(faites) > 1 else ''} inscrite"
                f"{'s' if len(faites) > 1 else ''} ; leurs pilotes sont prévenu·es.",
            )
            return redirect("parcours:parcours", pk=parcours.pk)
    return render(
        request,
        "parcours/parcours/inscrire.html",
        {"parcours": parcours, "form": form, "tous": tous},
    )


def candidater(request, pk):
    """A pilot applies for their organisation. Parcours not taking applications: 404."""
    parcours = get_object_or_404(
        Parcours.objects.ouverts_aux_candidatures().select_related("territoire"), pk=pk
    )
    require(request.user, "parcours.candidater", parcours)
    form = CandidatureForm(request.POST or None, parcours=parcours, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.candidature_deposer(
                parcours=parcours,
                organisation=form.cleaned_data["organisation"],
                par=request.user,
                message=form.cleaned_data["message"],
            )
        except ValidationError as exc:
            erreurs_en_formulaire(form, exc)
        else:
            messages.success(
                request,
                "Votre candidature est envoyée. L'équipe vous répondra par e-mail.",
            )
            return redirect("parcours:mon_espace")
    return render(
        request, "parcours/parcours/candidater.html", {"parcours": parcours, "form": form}
    )


@rule_required("equipe")
def candidatures(request):
    qs = (
        Inscription.objects.candidatures()
        .select_related("parcours", "organisation", "organisation__territoire", "candidature_par")
        .order_by("date", "pk")
    )
    return render(request, "parcours/parcours/candidatures.html", paginer(request, qs, 25))


def candidature_decider(request, pk):
    inscription = _inscription_pour(request, pk, "parcours.gerer")
    if inscription.statut != StatutInscription.CANDIDATURE:
        raise Http404
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        accepter = form.cleaned_data["decision"] == "accepter"
        try:
            services.candidature_decider(
                inscription=inscription,
                accepter=accepter,
                par=request.user,
                reponse=form.cleaned_data["reponse"],
            )
        except ValidationError as exc:
            erreurs_en_formulaire(form, exc)
        else:
            messages.success(
                request,
                f"Candidature de « {inscription.organisation} » "
                f"{'acceptée' if accepter else 'refusée'} ; les pilotes sont prévenu·es.",
            )
            return redirect("parcours:parcours", pk=inscription.parcours.pk)
    return render(
        request,
        "parcours/parcours/decider.html",
        {"inscription": inscription, "parcours": inscription.parcours, "form": form},
    )


def inscription_etape(request, pk):
    inscription = _inscription_pour(request, pk, "parcours.suivre")
    if response := post_seulement(request):
        return response
    form = EtapeForm(request.POST)
    erreur = None
    if form.is_valid():
        try:
            services.inscription_changer_etape(
                inscription=inscription, etape=form.cleaned_data["etape"], par=request.user
            )
        except ValidationError as exc:
            erreur = " ".join(exc.messages)
    else:
        erreur = "Choisissez une étape de la liste."
    if request.htmx:
        return render(
            request,
            "parcours/parcours/includes/etape.html",
            {
                "inscription": inscription,
                "etapes_choix": EtapeForm.base_fields["etape"].choices,
                "erreur": erreur,
                "enregistre": erreur is None,
            },
        )
    if erreur:
        messages.error(request, erreur)
    else:
        messages.success(
            request, f"« {inscription.organisation} » : {inscription.get_etape_display()}."
        )
    return redirect("parcours:parcours", pk=inscription.parcours.pk)
