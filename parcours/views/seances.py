"""Sessions: the team's agenda (list and month), forms, series, registration, attendance."""

import calendar
import datetime
import functools
from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from apes_rh.cache import cle_de_requete, fragments_partages
from apes_rh.perms import can, objet_pour, require, rule_required

from .. import calendrier, services
from ..enums import StatutParticipation
from ..filters import SeanceFilter
from ..forms import (
    AnnulationSeanceForm,
    InscriptionAutruiForm,
    PresenceAjoutForm,
    SeanceForm,
    SerieForm,
)
from ..models import STATUTS_PLACE, Parcours, Participation, Seance
from .common import erreurs_en_formulaire, paginer, post_seulement

MOIS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]
JOURS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]


def seance_pour(request, pk, regle: str | None = None) -> Seance:
    """Load a session the user may see (404 otherwise), then check `regle` (403)."""
    return objet_pour(
        request.user,
        Seance.objects.select_related("parcours", "communaute", "financement__financeur"),
        pk,
        "seance.voir",
        regle,
    )


def participation_pour(request, pk, regle: str) -> Participation:
    participation = get_object_or_404(
        Participation.objects.select_related("personne", "organisation"), pk=pk
    )
    participation.seance = seance_pour(request, participation.seance_id)
    require(request.user, regle, participation)
    return participation


# --- The team's agenda ----------------------------------------------------------------------


@rule_required("equipe")
def liste(request):
    def contexte():
        filtre = SeanceFilter(
            request.GET or None,
            queryset=Seance.objects.select_related("parcours", "communaute")
            .avec_effectifs()
            .order_by("date", "heure_debut", "pk"),
        )
        valeurs = paginer(request, filtre.qs, 25)
        seances = list(valeurs["page"].object_list)
        _animateurs(seances)
        conflits = services.conflits_par_seance(seances)
        for seance in seances:
            seance.conflits = conflits.get(seance.pk, [])
        valeurs.update({"filtre": filtre, "seances": seances})
        return valeurs

    # The same list for the whole team: rendered once per version of the data and per query.
    fragments = fragments_partages(
        f"seances:{cle_de_requete(request, timezone.localdate())}",
        {
            "filtres": "parcours/seances/includes/filtres.html",
            "resultats": "parcours/seances/includes/resultats.html",
        },
        contexte,
    )
    return render(request, "parcours/seances/liste.html", {"fragments": fragments})


def _animateurs(seances) -> None:
    """Facilitators of many sessions in one query."""
    through = Seance.animateurs.through
    par_seance = defaultdict(list)
    for ligne in (
        through.objects.filter(seance__in=seances)
        .select_related("user")
        .order_by("user__last_name")
    ):
        par_seance[ligne.seance_id].append(ligne.user)
    for seance in seances:
        seance.liste_animateurs = par_seance[seance.pk]


def _mois_demande(request) -> datetime.date:
    try:
        annee, mois = (int(x) for x in request.GET.get("mois", "").split("-"))
        return datetime.date(annee, mois, 1)
    except (ValueError, TypeError):
        return timezone.localdate().replace(day=1)


@rule_required("equipe")
def agenda(request):
    """Month view of every session (a list on phones)."""
    premier = _mois_demande(request)
    semaines = calendar.Calendar(firstweekday=0).monthdatescalendar(premier.year, premier.month)
    debut, fin = semaines[0][0], semaines[-1][-1]
    seances = list(
        Seance.objects.filter(date__gte=debut, date__lte=fin)
        .select_related("parcours", "communaute")
        .avec_effectifs()
        .order_by("date", "heure_debut", "pk")
    )
    conflits = services.conflits_par_seance(seances)
    par_jour = defaultdict(list)
    for seance in seances:
        seance.conflits = conflits.get(seance.pk, [])
        par_jour[seance.date].append(seance)
    today = timezone.localdate()
    grille = [
        [
            {
                "date": jour,
                "seances": par_jour[jour],
                "hors_mois": jour.month != premier.month,
                "aujourdhui": jour == today,
            }
            for jour in semaine
        ]
        for semaine in semaines
    ]
    precedent = (premier - datetime.timedelta(days=1)).replace(day=1)
    suivant = (premier + datetime.timedelta(days=32)).replace(day=1)
    return render(
        request,
        "parcours/seances/agenda.html",
        {
            "grille": grille,
            "jours": JOURS,
            "titre_mois": f"{MOIS[premier.month - 1]} {premier.year}",
            "precedent": f"{precedent:%Y-%m}",
            "suivant": f"{suivant:%Y-%m}",
            "aujourdhui": f"{today:%Y-%m}",
            "seances_du_mois": [s for s in seances if s.date.month == premier.month],
        },
    )


# --- Team forms -----------------------------------------------------------------------------


def _enregistrer(request, form, *, message: str):
    """Save a SeanceForm through the service; model errors go back on the form."""
    seance = form.save(commit=False)
    try:
        seance = services.seance_enregistrer(
            seance=seance,
            animateurs=form.cleaned_data["animateurs"],
            thematiques=form.cleaned_data["thematiques"],
            coorganisateurs=form.cleaned_data["coorganisateurs"],
            par=request.user,
            suivantes_de_la_serie=form.cleaned_data.get("suivantes_de_la_serie", False),
        )
    except ValidationError as exc:
        erreurs_en_formulaire(form, exc)
        return None
    messages.success(request, message.format(seance=seance))
    if form.conflits:
        messages.warning(
            request,
            "Conflit d'animation maintenu : "
            + ", ".join(f"{a} ({s.titre})" for a, s in form.conflits),
        )
    return redirect("parcours:seance", pk=seance.pk)


@rule_required("equipe")
def creer(request):
    initial = {}
    parcours_id = request.GET.get("parcours")
    if parcours_id and parcours_id.isdigit():
        parcours = Parcours.objects.filter(pk=parcours_id).first()
        if parcours:
            initial = {"parcours": parcours, "animateurs": list(parcours.accompagnateurs.all())}
    form = SeanceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        response = _enregistrer(request, form, message="Séance « {seance.titre} » programmée.")
        if response:
            return response
    return render(
        request, "parcours/seances/form.html", {"form": form, "seance": None, "source": None}
    )


def modifier(request, pk):
    seance = seance_pour(request, pk, "seance.gerer")
    form = SeanceForm(request.POST or None, instance=seance)
    if request.method == "POST" and form.is_valid():
        response = _enregistrer(request, form, message="Séance « {seance.titre} » enregistrée.")
        if response:
            return response
    return render(
        request, "parcours/seances/form.html", {"form": form, "seance": seance, "source": None}
    )


def dupliquer(request, pk):
    """A new session prefilled from this one (a week later by default)."""
    source = seance_pour(request, pk, "seance.gerer")
    initial = {
        f: getattr(source, f)
        for f in SeanceForm.Meta.fields
        if f not in ("thematiques", "animateurs", "coorganisateurs")
    }
    initial.update(
        date=source.date + datetime.timedelta(days=7),
        demi_journees=source.demi_journees if source.demi_journees_forcees else None,
        thematiques=list(source.thematiques.all()),
        animateurs=list(source.animateurs.all()),
        coorganisateurs=list(source.coorganisateurs.all()),
    )
    form = SeanceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        response = _enregistrer(
            request, form, message="Séance dupliquée : « {seance.titre} » programmée."
        )
        if response:
            return response
    return render(
        request, "parcours/seances/form.html", {"form": form, "seance": None, "source": source}
    )


@rule_required("equipe")
def serie(request):
    form = SerieForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        modele = form.save(commit=False)
        try:
            with transaction.atomic():
                seances = services.seance_serie_creer(
                    modele=modele,
                    dates=form.dates,
                    animateurs=form.cleaned_data["animateurs"],
                    thematiques=form.cleaned_data["thematiques"],
                    coorganisateurs=form.cleaned_data["coorganisateurs"],
                    par=request.user,
                )
        except ValidationError as exc:
            erreurs_en_formulaire(form, exc)
        else:
            messages.success(
                request,
                f"{len(seances)} séances programmées, du {seances[0].date:%d/%m/%Y} "
                f"au {seances[-1].date:%d/%m/%Y}.",
            )
            return redirect(reverse("parcours:seances") + f"?q={seances[0].titre}")
    return render(request, "parcours/seances/serie.html", {"form": form})


def annuler(request, pk):
    seance = seance_pour(request, pk, "seance.gerer")
    form = AnnulationSeanceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.seance_annuler(seance=seance, par=request.user, motif=form.cleaned_data["motif"])
        messages.success(
            request, "Séance annulée ; les personnes inscrites et en attente sont prévenues."
        )
        return redirect("parcours:seance", pk=seance.pk)
    inscrits = seance.participations.filter(
        statut__in=[*STATUTS_PLACE, StatutParticipation.ATTENTE]
    ).count()
    return render(
        request,
        "parcours/seances/annuler.html",
        {"seance": seance, "form": form, "inscrits": inscrits},
    )


# --- The session page -----------------------------------------------------------------------


def detail(request, pk):
    seance = seance_pour(request, pk)
    user = request.user
    ma_participation = (
        Participation.objects.filter(seance=seance, personne=user).select_related("organisation")
    ).first()
    peut = {
        "gerer": can(user, "seance.gerer", seance),
        "inscrire": can(user, "seance.inscrire", seance),
        "inscrire_autrui": can(user, "seance.inscrire_autrui", seance),
        "presences": can(user, "seance.presences", seance),
        "participants": can(user, "seance.participants", seance),
        "acces": can(user, "seance.acces", seance),
        "annuler_ma_participation": bool(
            ma_participation
            and ma_participation.statut
            in (StatutParticipation.INSCRIT, StatutParticipation.ATTENTE)
            and can(user, "participation.annuler", ma_participation)
        ),
        "voir_parcours": bool(seance.parcours and can(user, "parcours.voir", seance.parcours)),
    }
    effectifs = (
        Seance.objects.filter(pk=seance.pk)
        .avec_effectifs()
        .values("nb_inscrits", "nb_attente", "nb_presents")[0]
    )
    contexte = {
        "seance": seance,
        "ma_participation": ma_participation,
        "peut": peut,
        "effectifs": effectifs,
        "complet": seance.capacite is not None and effectifs["nb_inscrits"] >= seance.capacite,
        "thematiques": list(seance.thematiques.all()),
        "animateurs": list(seance.animateurs.order_by("last_name")),
        "coorganisateurs": list(seance.coorganisateurs.all()),
        "conflits": services.conflits_par_seance([seance]).get(seance.pk, [])
        if peut["gerer"]
        else [],
    }
    if peut["participants"]:
        participants = (
            seance.participations.exclude(statut=StatutParticipation.ANNULE)
            .select_related("personne", "organisation", "inscrite_par")
            .order_by("statut", "inscrite_le", "pk")
        )
        contexte.update(paginer(request, participants, 50))
    return render(request, "parcours/seances/detail.html", contexte)


def ics(request, pk):
    """The session as an .ics file (place and visio link only for those allowed)."""
    seance = seance_pour(request, pk)
    contenu = calendrier.ics_seance(seance, avec_acces=can(request.user, "seance.acces", seance))
    response = HttpResponse(contenu, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{calendrier.nom_fichier(seance)}"'
    return response


# --- Registration ---------------------------------------------------------------------------


def sinscrire(request, pk):
    seance = seance_pour(request, pk, "seance.inscrire")
    if response := post_seulement(request):
        return response
    try:
        participation = services.participation_inscrire(
            seance=seance, personne=request.user, par=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if participation.statut == StatutParticipation.ATTENTE:
            messages.warning(
                request,
                "La séance est complète : vous êtes sur la liste d'attente. Vous serez "
                "inscrit·e automatiquement si une place se libère.",
            )
        else:
            messages.success(
                request,
                "Vous êtes inscrit·e. La confirmation et l'invitation agenda arrivent par e-mail.",
            )
    return redirect("parcours:seance", pk=seance.pk)


def inscrire_autrui(request, pk):
    seance = seance_pour(request, pk, "seance.inscrire_autrui")
    equipe = can(request.user, "equipe")
    form = InscriptionAutruiForm(
        request.POST or None, seance=seance, user=request.user, equipe=equipe
    )
    if request.method == "POST" and form.is_valid():
        resultats = {"inscrit": [], "attente": []}
        try:
            with transaction.atomic():
                for personne in form.personnes():
                    participation = services.participation_inscrire(
                        seance=seance, personne=personne, par=request.user
                    )
                    resultats.setdefault(participation.statut, []).append(personne)
        except ValidationError as exc:
            erreurs_en_formulaire(form, exc)
        else:
            if resultats["inscrit"]:
                messages.success(
                    request,
                    "Inscrit·es : " + ", ".join(str(p) for p in resultats["inscrit"]) + ".",
                )
            if resultats["attente"]:
                messages.warning(
                    request,
                    "Séance complète, sur liste d'attente : "
                    + ", ".join(str(p) for p in resultats["attente"])
                    + ".",
                )
            return redirect("parcours:seance", pk=seance.pk)
    return render(
        request,
        "parcours/seances/inscrire_autrui.html",
        {"seance": seance, "form": form, "equipe": equipe},
    )


def participation_annuler(request, pk):
    participation = participation_pour(request, pk, "participation.annuler")
    if response := post_seulement(request):
        return response
    try:
        services.participation_annuler(participation=participation, par=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if participation.personne_id == request.user.pk:
            messages.success(
                request, "Votre inscription est annulée. Merci d'avoir libéré la place."
            )
        else:
            messages.success(request, f"Inscription de {participation.personne} annulée.")
    suivant = request.POST.get("suivant", "")
    if suivant == "mes_seances":
        return redirect("parcours:mes_seances")
    return redirect("parcours:seance", pk=participation.seance.pk)


# --- Attendance -----------------------------------------------------------------------------


def _feuille(seance):
    participations = list(
        seance.participations.exclude(statut=StatutParticipation.ANNULE)
        .select_related("personne", "organisation")
        .order_by("personne__last_name", "personne__first_name", "pk")
    )
    inscrits = [p for p in participations if p.statut != StatutParticipation.ATTENTE]
    attente = [p for p in participations if p.statut == StatutParticipation.ATTENTE]
    compteurs = {
        "inscrits": len(inscrits),
        "presents": sum(p.statut == StatutParticipation.PRESENT for p in inscrits),
        "absents": sum(p.statut == StatutParticipation.ABSENT for p in inscrits),
        "excuses": sum(p.statut == StatutParticipation.EXCUSE for p in inscrits),
    }
    compteurs["a_relever"] = compteurs["inscrits"] - (
        compteurs["presents"] + compteurs["absents"] + compteurs["excuses"]
    )
    return inscrits, attente, compteurs


@functools.cache
def _champs_ajout() -> str:
    """The empty form to add someone present: the same HTML on every sheet, rendered once."""
    return render_to_string(
        "parcours/seances/includes/presence_ajout_champs.html", {"ajout_form": PresenceAjoutForm()}
    )


def presences(request, pk):
    """The attendance sheet: one screen, one tap per person, saved without reloading."""
    seance = seance_pour(request, pk, "seance.presences")
    inscrits, attente, compteurs = _feuille(seance)
    return render(
        request,
        "parcours/seances/presences.html",
        {
            "seance": seance,
            "inscrits": inscrits,
            "attente": attente,
            "compteurs": compteurs,
            "champs_ajout": _champs_ajout(),
            "releve_possible": seance.date <= timezone.localdate() and not seance.annulee,
        },
    )


def presence_enregistrer(request, pk):
    participation = get_object_or_404(
        Participation.objects.select_related("personne", "organisation"), pk=pk
    )
    seance = seance_pour(request, participation.seance_id, "seance.presences")
    participation.seance = seance
    if response := post_seulement(request):
        return response
    erreur = None
    try:
        services.presence_enregistrer(
            participation=participation, statut=request.POST.get("statut", ""), par=request.user
        )
    except ValidationError as exc:
        erreur = " ".join(exc.messages)
        participation.refresh_from_db()
    if request.htmx:
        _, _, compteurs = _feuille(seance)
        response = render(
            request,
            "parcours/seances/includes/presence.html",
            {
                "p": participation,
                "seance": seance,
                "erreur": erreur,
                "enregistre": erreur is None,
                "compteurs": compteurs,
                "oob": True,
                "releve_possible": True,
            },
        )
        if erreur:
            response.status_code = 200
        return response
    if erreur:
        messages.error(request, erreur)
    return redirect("parcours:seance_presences", pk=seance.pk)


def presence_ajouter(request, pk):
    seance = seance_pour(request, pk, "seance.presences")
    if response := post_seulement(request):
        return response
    form = PresenceAjoutForm(request.POST)
    if form.is_valid():
        try:
            participation = services.presence_ajouter(
                seance=seance, par=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"{participation.personne} est noté·e présent·e.")
    else:
        messages.error(
            request,
            "Personne non ajoutée : "
            + " ".join(f"{form.fields[f].label} : {' '.join(e)}" for f, e in form.errors.items()),
        )
    return redirect("parcours:seance_presences", pk=seance.pk)
