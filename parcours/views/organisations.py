"""Organisations: the team's list, the organisation page, members, invitations, pilot handover."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Sum
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from apes_rh.cache import cle_de_requete, fragments_partages, memoiser
from apes_rh.perms import can, objet_pour, rule_required

from .. import services
from ..assiduite import assiduite_organisation
from ..enums import RoleMembre, StatutParticipation
from ..filters import OrganisationFilter
from ..forms import (
    MembreInvitationForm,
    MembreRoleForm,
    OrganisationForm,
    OrganisationPiloteForm,
    PassationForm,
)
from ..models import Inscription, Membre, Organisation, Parcours, Participation, Passation
from .common import erreurs_en_formulaire, paginer, post_seulement


def organisation_pour(request, pk, regle: str | None = None) -> Organisation:
    """Load an organisation the user may see (404 otherwise), then check `regle` (403)."""
    return objet_pour(
        request.user,
        Organisation.objects.select_related("territoire"),
        pk,
        "organisation.voir",
        regle,
    )


def _membre_pour(request, pk) -> Membre:
    membre = get_object_or_404(Membre.objects.select_related("personne"), pk=pk)
    membre.organisation = organisation_pour(request, membre.organisation_id, "organisation.piloter")
    return membre


def lien_espace(organisation) -> str | None:
    """The organisation's follow-up space (outils app), once it exists."""
    try:
        return reverse("outils:espace", kwargs={"pk": organisation.pk})
    except NoReverseMatch:
        return None


@rule_required("equipe")
def liste(request):
    today = timezone.localdate()

    def contexte():
        filtre = OrganisationFilter(
            request.GET or None,
            queryset=Organisation.objects.select_related("territoire")
            .avec_effectifs(today)
            .order_by("nom", "pk"),
        )
        return {"filtre": filtre, **paginer(request, filtre.qs, 25)}

    # The same list for the whole team: rendered once per version of the data and per query.
    fragments = fragments_partages(
        f"organisations:{cle_de_requete(request, today)}",
        {
            "filtres": "parcours/organisations/includes/filtres.html",
            "resultats": "parcours/organisations/includes/resultats.html",
        },
        contexte,
    )
    if request.htmx:
        return HttpResponse(fragments["resultats"])
    return render(request, "parcours/organisations/liste.html", {"fragments": fragments})


@rule_required("equipe")
def creer(request):
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = form.save()
        messages.success(request, f"Organisation « {organisation} » créée.")
        return redirect("parcours:organisation", pk=organisation.pk)
    return render(request, "parcours/organisations/form.html", {"form": form, "organisation": None})


def detail(request, pk):
    organisation = organisation_pour(request, pk)
    today = timezone.localdate()
    # What the page shows of the organisation is the same for everyone who may open it (rights
    # decide below what is shown): computed once per version of the data.
    donnees = memoiser(
        f"organisation:{organisation.pk}:{today}", lambda: _donnees(organisation, today)
    )
    inscriptions = donnees["inscriptions"]
    parcours_visibles = set(
        Parcours.objects.visibles_par(request.user)
        .filter(pk__in=[i.parcours_id for i in inscriptions])
        .values_list("pk", flat=True)
    )
    for inscription in inscriptions:
        inscription.visible = inscription.parcours_id in parcours_visibles
    peut_gerer = can(request.user, "equipe")
    assiduite = donnees.pop("assiduite")
    return render(
        request,
        "parcours/organisations/detail.html",
        {
            **donnees,
            "organisation": organisation,
            "lien_espace": lien_espace(organisation),
            "peut_piloter": can(request.user, "organisation.piloter", organisation),
            "peut_gerer": peut_gerer,
            "assiduite": assiduite if peut_gerer else None,
        },
    )


def _donnees(organisation, today) -> dict:
    # Who took part in a bulle de dialogue stays with its facilitators (DESIGN §2).
    presences = Participation.objects.hors_bulles().filter(
        organisation=organisation, statut=StatutParticipation.PRESENT
    )
    appuis, total_appuis = _appuis_individuels(organisation)
    return {
        "membres": list(
            Membre.objects.actifs(today)
            .filter(organisation=organisation)
            .select_related("personne")
            .order_by("role", "personne__last_name", "personne__first_name")
        ),
        "pilotes": list(
            Membre.objects.filter(organisation=organisation, role=RoleMembre.PILOTE)
            .select_related("personne")
            .order_by("-debut")[:20]
        ),
        "passations": list(
            Passation.objects.filter(organisation=organisation).select_related(
                "ancien", "nouveau", "par"
            )[:20]
        ),
        "inscriptions": list(
            Inscription.objects.filter(organisation=organisation)
            .select_related("parcours", "parcours__territoire")
            .order_by("-parcours__debut")
        ),
        "seances": list(
            presences.select_related("seance", "personne").order_by("-seance__date")[:15]
        ),
        "totaux": presences.aggregate(
            seances=Count("seance", distinct=True), personnes=Count("personne", distinct=True)
        ),
        "appuis": appuis,
        "total_appuis": total_appuis,
        "assiduite": assiduite_organisation(organisation),
    }


def _appuis_individuels(organisation):
    """Validated individual half-days (coach-pool app), without their notes."""
    relation = getattr(organisation, "demi_journees", None)
    if relation is None:
        return [], 0
    qs = relation.filter(statut="validee", nature="individuel")
    total = qs.aggregate(total=Sum("demi_journees"))["total"] or 0
    liste = list(qs.select_related("accompagnateur__user", "thematique").order_by("-date")[:10])
    return liste, total


def modifier(request, pk):
    organisation = organisation_pour(request, pk, "organisation.piloter")
    form_class = OrganisationForm if can(request.user, "equipe") else OrganisationPiloteForm
    form = form_class(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Les informations de l'organisation sont enregistrées.")
        return redirect("parcours:organisation", pk=organisation.pk)
    return render(
        request, "parcours/organisations/form.html", {"form": form, "organisation": organisation}
    )


def archiver(request, pk):
    organisation = organisation_pour(request, pk, "organisation.gerer")
    if response := post_seulement(request):
        return response
    services.organisation_archiver(organisation=organisation, par=request.user)
    messages.success(
        request,
        f"« {organisation} » est archivée : elle n'apparaît plus dans les listes, "
        "son historique est conservé.",
    )
    return redirect("parcours:organisation", pk=organisation.pk)


def restaurer(request, pk):
    organisation = organisation_pour(request, pk, "organisation.gerer")
    if response := post_seulement(request):
        return response
    services.organisation_restaurer(organisation=organisation, par=request.user)
    messages.success(request, f"« {organisation} » est de nouveau active.")
    return redirect("parcours:organisation", pk=organisation.pk)


def membres(request, pk):
    organisation = organisation_pour(request, pk, "organisation.piloter")
    today = timezone.localdate()
    actuels = list(
        Membre.objects.actifs(today)
        .filter(organisation=organisation)
        .select_related("personne")
        .order_by("role", "personne__last_name", "personne__first_name")
    )
    anciens = (
        Membre.objects.passes(today)
        .filter(organisation=organisation)
        .select_related("personne")
        .order_by("-fin", "-debut")
    )
    return render(
        request,
        "parcours/organisations/membres.html",
        {
            "organisation": organisation,
            "actuels": actuels,
            "role_form": MembreRoleForm(),
            **paginer(request, anciens, 20),
        },
    )


def inviter(request, pk):
    organisation = organisation_pour(request, pk, "organisation.piloter")
    form = MembreInvitationForm(request.POST or None, organisation=organisation)
    if organisation.archivee:
        messages.error(request, "Cette organisation est archivée : on ne peut plus y inviter.")
        return redirect("parcours:organisation_membres", pk=organisation.pk)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        role = RoleMembre(data["role"])
        introduction = (
            f"{request.user} vous invite à rejoindre « {organisation} » "
            f"({role.label.lower()}) dans la démarche progrès RH."
        )
        try:
            membre = services.membre_inviter(
                organisation=organisation,
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                role=role,
                par=request.user,
                message="\n\n".join(filter(None, [introduction, data["message"]])),
            )
        except ValidationError as exc:
            erreurs_en_formulaire(form, exc)
        else:
            messages.success(request, f"Invitation envoyée à {membre.personne.email}.")
            return redirect("parcours:organisation_membres", pk=organisation.pk)
    return render(
        request,
        "parcours/organisations/inviter.html",
        {"organisation": organisation, "form": form},
    )


def membre_role(request, pk):
    membre = _membre_pour(request, pk)
    if response := post_seulement(request):
        return response
    form = MembreRoleForm(request.POST)
    if form.is_valid():
        try:
            nouveau = services.membre_changer_role(
                membre=membre, role=form.cleaned_data["role"], par=request.user
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, f"{nouveau.personne} est désormais {nouveau.get_role_display().lower()}."
            )
    else:
        messages.error(request, "Choisissez un rôle valide.")
    return redirect("parcours:organisation_membres", pk=membre.organisation.pk)


def membre_retirer(request, pk):
    membre = _membre_pour(request, pk)
    if response := post_seulement(request):
        return response
    try:
        services.membre_retirer(membre=membre, par=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"{membre.personne} ne fait plus partie de l'organisation.")
    return redirect("parcours:organisation_membres", pk=membre.organisation.pk)


def passation(request, pk):
    organisation = organisation_pour(request, pk, "organisation.piloter")
    form = PassationForm(request.POST or None, organisation=organisation)
    pilotes_actuels = list(
        Membre.objects.actifs()
        .filter(organisation=organisation, role=RoleMembre.PILOTE)
        .select_related("personne")
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            faite = services.pilotage_transmettre(
                organisation=organisation,
                nouveau=data["nouveau"],
                par=request.user,
                ancien_reste_membre=data["ancien_reste_membre"],
                message=data["message"],
            )
        except ValidationError as exc:
            erreurs_en_formulaire(form, exc)
        else:
            messages.success(request, f"{faite.nouveau} pilote désormais la démarche.")
            if can(request.user, "organisation.voir", organisation):
                return redirect("parcours:organisation", pk=organisation.pk)
            return redirect("tableau_de_bord")
    return render(
        request,
        "parcours/organisations/passation.html",
        {"organisation": organisation, "form": form, "pilotes_actuels": pilotes_actuels},
    )
