"""Community sessions: page, registration, formats (bulle, co-dev, appui), workshops."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from apes_rh.exports import neutraliser
from apes_rh.pagination import querystring_sans_page
from apes_rh.perms import can, is_equipe, require
from parcours.enums import StatutParticipation, TypeSeance
from parcours.models import Participation

from .. import services
from ..enums import EtapeCodev
from ..forms import (
    ActionCodevForm,
    AppuiForm,
    AtelierForm,
    BulleLimiteForm,
    CodevForm,
    CoOrganisationForm,
    NoteBulleForm,
    appliquer_erreurs,
)
from ..models import ActionCodeveloppement, CoOrganisation, seance_terminee
from ..perms import STATUTS_PARTICIPANT, est_membre
from .common import get_seance, paginer, post_requis, telechargement
from .communautes import annoter_seances


def format_de(seance, nom):
    """The session's format object (bulle, codev, appui, atelier) or None."""
    try:
        return getattr(seance, nom)
    except Exception:  # RelatedObjectDoesNotExist
        return None


def _droits(user, seance) -> dict:
    est_bulle = seance.type == TypeSeance.BULLE_DIALOGUE
    droits = {
        "animer": can(user, "seance_communaute.animer", seance),
        "gerer": can(user, "seance_communaute.gerer", seance),
        "inscrire": can(user, "seance_communaute.inscrire", seance),
        "desinscrire": can(user, "seance_communaute.desinscrire", seance),
        "inscriptions": can(user, "seance_communaute.inscriptions", seance),
        "questionnaire": can(user, "questionnaire.repondre", seance),
        "satisfaction": can(user, "satisfaction.seance", seance),
        "bulle": est_bulle and can(user, "bulle.contenu", seance),
        "codev": seance.type == TypeSeance.CODEVELOPPEMENT and can(user, "codev.voir", seance),
        "appui": can(user, "appui.contenu", seance),
    }
    droits["codev_plan"] = droits["codev"] and can(user, "codev.plan_modifier", seance)
    droits["codev_copier"] = droits["codev"] and can(user, "codev.plan_copier", seance)
    return droits


@login_not_required
def detail(request, pk):
    seance = get_seance(pk)
    user = request.user
    droits = _droits(user, seance)
    participations = seance.participations.exclude(statut=StatutParticipation.ANNULE)
    compte = participations.aggregate(
        inscrits=Count("pk", filter=Q(statut__in=STATUTS_PARTICIPANT)),
        attente=Count("pk", filter=Q(statut=StatutParticipation.ATTENTE)),
        presents=Count("pk", filter=Q(statut=StatutParticipation.PRESENT)),
    )
    ma_participation = (
        participations.filter(personne=user).first() if user.is_authenticated else None
    )
    terminee = seance_terminee(seance)
    contexte = {
        "seance": seance,
        "communaute": seance.communaute,
        "droits": droits,
        "compte": compte,
        "terminee": terminee,
        "ma_participation": ma_participation,
        "places_restantes": (
            max(seance.capacite - compte["inscrits"], 0) if seance.capacite else None
        ),
        "animateurs": list(seance.animateurs.all()),
        "thematiques": list(seance.thematiques.all()),
        "coorganisateurs": list(
            CoOrganisation.objects.filter(seance=seance).select_related("reseau")
        ),
        "atelier": format_de(seance, "atelier"),
        "ateliers": _ateliers(seance),
        # Visio link: only for the people registered, the facilitators and the team.
        "rejoindra": droits["inscrire"]
        and seance.communaute.ouverte
        and not est_membre(user, seance.communaute),
        "voit_visio": droits["animer"]
        or (ma_participation is not None and ma_participation.statut in STATUTS_PARTICIPANT),
    }
    bulle = format_de(seance, "bulle")
    if bulle is not None or seance.type == TypeSeance.BULLE_DIALOGUE:
        contexte["bulle"] = bulle
        if droits["bulle"] and bulle is not None:
            contexte["notes"] = list(bulle.notes.select_related("auteur"))
            contexte["participants_bulle"] = list(
                seance.participations.filter(statut__in=STATUTS_PARTICIPANT)
                .select_related("personne", "organisation")
                .order_by("personne__last_name")
            )
            contexte["note_form"] = NoteBulleForm()
        if droits["animer"] and bulle is not None:
            contexte["limite_form"] = BulleLimiteForm(initial={"limite": bulle.limite})
    codev = format_de(seance, "codev")
    if droits["codev"] and codev is not None:
        contexte["codev"] = codev
        etapes = {e.etape: e for e in codev.etapes.all()}
        contexte["etapes"] = [
            {
                "numero": e.value,
                "libelle": e.label,
                "contenu": getattr(etapes.get(e.value), "contenu", ""),
            }
            for e in EtapeCodev
        ]
        contexte["actions"] = list(codev.actions.all())
        contexte["client"] = codev.client
        contexte["action_form"] = ActionCodevForm() if droits["codev_plan"] else None
    appui = format_de(seance, "appui")
    if appui is not None:
        contexte["appui"] = appui
    if request.htmx and request.GET.get("bloc") == "inscription":
        return render(request, "communautes/includes/inscription.html", contexte)
    return render(request, "communautes/seance.html", contexte)


def _ateliers(seance):
    return list(
        annoter_seances(seance.__class__.objects.filter(atelier__evenement=seance)).order_by(
            "atelier__ordre", "heure_debut", "pk"
        )
    )


def inscription(request, pk):
    seance = get_seance(pk)
    require(request.user, "seance_communaute.inscrire", seance)
    if reponse := post_requis(request):
        return reponse
    try:
        participation = services.seance_inscrire(
            seance=seance, personne=request.user, par=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if participation.statut == StatutParticipation.ATTENTE:
            messages.info(
                request,
                "La séance est complète : vous êtes sur liste d'attente. "
                "Vous serez prévenu·e si une place se libère.",
            )
        else:
            messages.success(request, "Vous êtes inscrit·e à la séance.")
    return redirect("communautes:seance", pk=seance.pk)


def desinscription(request, pk):
    seance = get_seance(pk)
    require(request.user, "seance_communaute.desinscrire", seance)
    if reponse := post_requis(request):
        return reponse
    try:
        services.seance_desinscrire(seance=seance, personne=request.user, par=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Votre inscription est annulée.")
    return redirect("communautes:seance", pk=seance.pk)


def _inscriptions(seance):
    return (
        Participation.objects.filter(seance=seance)
        .select_related("personne", "organisation")
        .order_by("statut", "inscrite_le", "pk")
    )


def inscriptions(request, pk):
    """Who registered: facilitators, the team, co-organising partners (bulle: facilitators)."""
    seance = get_seance(pk)
    require(request.user, "seance_communaute.inscriptions", seance)
    page = paginer(request, _inscriptions(seance), 50)
    return render(
        request,
        "communautes/inscriptions.html",
        {
            "seance": seance,
            "page": page,
            "voit_emails": is_equipe(request.user)
            or can(request.user, "seance_communaute.animer", seance),
            "querystring_sans_page": querystring_sans_page(request),
        },
    )


class _Echo:
    def write(self, value):
        return value


def _neutraliser(valeur) -> str:
    return neutraliser("" if valeur is None else str(valeur))


def inscriptions_csv(request, pk):
    seance = get_seance(pk)
    require(request.user, "seance_communaute.inscriptions", seance)
    avec_emails = is_equipe(request.user) or can(request.user, "seance_communaute.animer", seance)
    writer = csv.writer(_Echo(), delimiter=";")

    def lignes():
        yield "\ufeff"
        entete = ["Prénom", "Nom", "Organisation", "Statut", "Inscription le"]
        if avec_emails:
            entete.insert(2, "E-mail")
        yield writer.writerow(entete)
        for p in _inscriptions(seance).iterator(chunk_size=500):
            ligne = [
                p.personne.first_name,
                p.personne.last_name,
                p.organisation.nom if p.organisation else "",
                p.get_statut_display(),
                p.inscrite_le.strftime("%d/%m/%Y %H:%M"),
            ]
            if avec_emails:
                ligne.insert(2, p.personne.email)
            yield writer.writerow([_neutraliser(v) for v in ligne])

    response = StreamingHttpResponse(lignes(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="inscriptions-{seance.ref}.csv"'
    return response


# --- Bulle de dialogue ------------------------------------------------------------------


def _bulle(seance):
    bulle = format_de(seance, "bulle")
    if bulle is None:
        raise Http404
    return bulle


def bulle_note(request, pk):
    seance = get_seance(pk)
    bulle = _bulle(seance)
    require(request.user, "bulle.contenu", seance)
    if reponse := post_requis(request):
        return reponse
    form = NoteBulleForm(request.POST)
    if form.is_valid():
        try:
            services.bulle_note_ajouter(bulle=bulle, auteur=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "Ajouté à la bulle (visible des seul·es participant·es).")
    else:
        messages.error(
            request,
            " ".join(f"{form.fields[c].label} : {' '.join(e)}" for c, e in form.errors.items()),
        )
    return redirect("communautes:seance", pk=seance.pk)


def bulle_places(request, pk):
    seance = get_seance(pk)
    bulle = _bulle(seance)
    require(request.user, "seance_communaute.animer", seance)
    if reponse := post_requis(request):
        return reponse
    form = BulleLimiteForm(request.POST)
    if form.is_valid():
        services.bulle_limite_changer(bulle=bulle, limite=form.cleaned_data["limite"])
        messages.success(request, "Nombre de places enregistré.")
    else:
        messages.error(request, "Nombre de places : de 2 à 12.")
    return redirect("communautes:seance", pk=seance.pk)


# --- Co-développement ------------------------------------------------------------------


def _codev(seance):
    codev = format_de(seance, "codev")
    if codev is None:
        raise Http404
    return codev


def codev_modifier(request, pk):
    seance = get_seance(pk)
    codev = _codev(seance)
    require(request.user, "codev.voir", seance, hide=True)
    require(request.user, "seance_communaute.animer", seance)
    etapes = {e.etape: e.contenu for e in codev.etapes.all()}
    initial = {
        "client": codev.client_id,
        "organisation_client": codev.organisation_client_id,
        "problematique": codev.problematique,
        **{f"etape_{n}": c for n, c in etapes.items()},
    }
    form = CodevForm(request.POST or None, seance=seance, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                services.codev_client_designer(
                    codev=codev,
                    client=data["client"],
                    organisation=data["organisation_client"],
                    problematique=data["problematique"],
                )
                services.codev_etapes_enregistrer(
                    codev=codev, contenus=form.contenus(), par=request.user
                )
        except ValidationError as exc:
            appliquer_erreurs(form, exc)
        else:
            messages.success(request, "Co-développement enregistré.")
            return redirect("communautes:seance", pk=seance.pk)
    return render(
        request,
        "communautes/form.html",
        {"form": form, "titre": f"Co-développement — {seance.titre}", "seance": seance},
    )


def codev_action(request, pk):
    seance = get_seance(pk)
    codev = _codev(seance)
    require(request.user, "codev.voir", seance, hide=True)
    require(request.user, "codev.plan_modifier", seance)
    form = ActionCodevForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.codev_action_ajouter(codev=codev, **form.cleaned_data)
        except ValidationError as exc:
            appliquer_erreurs(form, exc)
        else:
            messages.success(request, "Action ajoutée au plan du / de la client·e.")
            return redirect("communautes:seance", pk=seance.pk)
    return render(
        request,
        "communautes/form.html",
        {"form": form, "titre": "Ajouter une action au plan du / de la client·e", "seance": seance},
    )


def codev_action_supprimer(request, pk):
    action = get_object_or_404(
        ActionCodeveloppement.objects.select_related("codev__seance__communaute"), pk=pk
    )
    seance = action.codev.seance
    require(request.user, "codev.voir", seance, hide=True)
    require(request.user, "codev.plan_modifier", seance)
    if reponse := post_requis(request):
        return reponse
    services.codev_action_supprimer(action=action)
    messages.success(request, "Action retirée.")
    return redirect("communautes:seance", pk=seance.pk)


def codev_copier(request, pk):
    """Copy the client's action plan into their organisation's improvement plan."""
    seance = get_seance(pk)
    codev = _codev(seance)
    require(request.user, "codev.voir", seance, hide=True)
    require(request.user, "codev.plan_copier", seance)
    if reponse := post_requis(request):
        return reponse
    try:
        copiees = services.codev_plan_copier(codev=codev, par=request.user)
    except services.PlanIndisponible as exc:
        messages.warning(
            request,
            f"{exc} Vos actions restent enregistrées ici ; vous pourrez les copier plus tard.",
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        n = len(copiees)
        messages.success(
            request,
            f"{n} action{'s' if n > 1 else ''} copiée{'s' if n > 1 else ''} dans le plan "
            f"d'amélioration de « {codev.organisation_client} ».",
        )
    return redirect("communautes:seance", pk=seance.pk)


# --- Appui collectif / rencontre thématique -------------------------------------------


def appui_modifier(request, pk):
    seance = get_seance(pk)
    appui = format_de(seance, "appui")
    if appui is None:
        raise Http404
    require(request.user, "seance_communaute.animer", seance)
    form = AppuiForm(
        request.POST or None,
        request.FILES or None,
        initial={"theme": appui.theme, "lien_replay": appui.lien_replay},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.appui_modifier(appui=appui, **form.cleaned_data)
        except ValidationError as exc:
            appliquer_erreurs(form, exc)
        else:
            messages.success(request, "Séance enregistrée.")
            return redirect("communautes:seance", pk=seance.pk)
    return render(
        request,
        "communautes/form.html",
        {"form": form, "titre": f"Support et replay — {seance.titre}", "seance": seance},
    )


def support_telecharger(request, pk):
    seance = get_seance(pk)
    appui = format_de(seance, "appui")
    require(request.user, "appui.contenu", seance, hide=True)
    if appui is None or not appui.support:
        raise Http404
    return telechargement(appui.support, appui.support_nom, appui.support_taille)


# --- Joint events: co-organisers and workshops ----------------------------------------


def coorganisateurs(request, pk):
    seance = get_seance(pk)
    require(request.user, "seance_communaute.gerer", seance)
    form = CoOrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.coorganisation_ajouter(seance=seance, reseau=form.cleaned_data["reseau"])
        except ValidationError as exc:
            appliquer_erreurs(form, exc)
        else:
            messages.success(
                request,
                f"{form.cleaned_data['reseau']} co-organise la séance : ses contacts voient "
                "désormais les inscriptions.",
            )
            return redirect("communautes:coorganisateurs", pk=seance.pk)
    actuels = CoOrganisation.objects.filter(seance=seance).select_related("reseau")
    return render(
        request,
        "communautes/coorganisateurs.html",
        {"seance": seance, "form": form, "actuels": actuels},
    )


def coorganisation_retirer(request, pk):
    coorg = get_object_or_404(
        CoOrganisation.objects.select_related("seance__communaute", "reseau"), pk=pk
    )
    require(request.user, "seance_communaute.gerer", coorg.seance)
    if reponse := post_requis(request):
        return reponse
    services.coorganisation_retirer(coorganisation=coorg)
    messages.success(request, f"{coorg.reseau} ne co-organise plus cette séance.")
    return redirect("communautes:coorganisateurs", pk=coorg.seance_id)


def atelier_ajouter(request, pk):
    evenement = get_seance(pk)
    require(request.user, "seance_communaute.gerer", evenement)
    if format_de(evenement, "atelier") is not None:
        raise Http404
    form = AtelierForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.atelier_ajouter(
                evenement=evenement,
                par=request.user,
                animateurs=data.pop("animateurs"),
                thematiques=data.pop("thematiques"),
                **data,
            )
        except ValidationError as exc:
            appliquer_erreurs(form, exc)
        else:
            messages.success(request, "Atelier ajouté à l'événement.")
            return redirect("communautes:seance", pk=evenement.pk)
    return render(
        request,
        "communautes/form.html",
        {
            "form": form,
            "titre": f"Nouvel atelier — {evenement.titre}",
            "seance": evenement,
            "aide": "Les ateliers se tiennent pendant l'événement : ils n'ajoutent pas de "
            "demi-journées (l'événement porte celles de la journée) et la présence à un "
            "atelier compte comme présence à l'événement.",
        },
    )
