"""Partner networks (team) and the partner contact's space."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from apes_rh.cache import memoiser
from apes_rh.pagination import numero_de_page, page_a_garder, page_gardee, querystring_sans_page
from apes_rh.perms import rule_required
from parcours.enums import StatutParticipation
from parcours.models import Participation, Seance

from .. import services
from ..forms import (
    ContactPartenaireForm,
    FinRoleForm,
    ReseauForm,
    RoleReseauForm,
    appliquer_erreurs,
)
from ..models import (
    ContactPartenaire,
    CoOrganisation,
    ReseauPartenaire,
    RoleReseauPartenaire,
    compter,
    seances_coorganisees_par,
)
from .common import paginer, post_requis
from .communautes import annoter_seances


def _roles_prefetch(chemin="roles"):
    return Prefetch(chemin, queryset=RoleReseauPartenaire.objects.order_by("-debut", "role"))


@rule_required("reseaux.gerer")
def liste(request):
    qs = (
        ReseauPartenaire.objects.annotate(
            nb_contacts=compter(ContactPartenaire.objects.all(), "reseau"),
            nb_seances=compter(CoOrganisation.objects.all(), "reseau"),
        )
        .prefetch_related(_roles_prefetch())
        .order_by("nom")
    )
    page = paginer(request, qs, 25)
    return render(
        request,
        "communautes/reseaux/liste.html",
        {
            "page": page,
            "aujourd_hui": timezone.localdate(),
            "querystring_sans_page": querystring_sans_page(request),
        },
    )


@rule_required("reseaux.gerer")
def creer(request):
    form = ReseauForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reseau = form.save()
        messages.success(request, f"Réseau « {reseau.nom} » créé.")
        return redirect("communautes:reseau", pk=reseau.pk)
    return render(
        request, "communautes/form.html", {"form": form, "titre": "Nouveau réseau partenaire"}
    )


@rule_required("reseaux.gerer")
def detail(request, pk):
    reseau = get_object_or_404(ReseauPartenaire, pk=pk)
    roles = list(reseau.roles.order_by("-debut", "role"))
    contacts = list(reseau.contacts.select_related("personne").order_by("personne__last_name"))
    seances = annoter_seances(
        Seance.objects.filter(coorganisations__reseau=reseau).select_related("communaute")
    ).order_by("-date")
    page = paginer(request, seances, 20)
    return render(
        request,
        "communautes/reseaux/detail.html",
        {
            "reseau": reseau,
            "roles": roles,
            "contacts": contacts,
            "page": page,
            "aujourd_hui": timezone.localdate(),
            "fin_form": FinRoleForm(initial={"fin": timezone.localdate()}),
            "querystring_sans_page": querystring_sans_page(request),
        },
    )


@rule_required("reseaux.gerer")
def modifier(request, pk):
    reseau = get_object_or_404(ReseauPartenaire, pk=pk)
    form = ReseauForm(request.POST or None, instance=reseau)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Réseau enregistré.")
        return redirect("communautes:reseau", pk=reseau.pk)
    return render(
        request,
        "communautes/form.html",
        {"form": form, "titre": f"Modifier « {reseau.nom} »", "reseau": reseau},
    )


@rule_required("reseaux.gerer")
def role_ajouter(request, pk):
    reseau = get_object_or_404(ReseauPartenaire, pk=pk)
    form = RoleReseauForm(request.POST or None, initial={"debut": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.reseau_role_ajouter(reseau=reseau, **form.cleaned_data)
        except ValidationError as exc:
            appliquer_erreurs(form, exc)
        else:
            messages.success(request, "Rôle ajouté.")
            return redirect("communautes:reseau", pk=reseau.pk)
    return render(
        request,
        "communautes/form.html",
        {
            "form": form,
            "titre": f"Nouveau rôle — {reseau.nom}",
            "reseau": reseau,
            "aide": "Un réseau tient souvent plusieurs rôles à la fois : contributeur "
            "(apporte son expertise), prestataire (rémunéré pour une action), bénéficiaire "
            "(ses membres utilisent l'offre). Chaque rôle est daté.",
        },
    )


@rule_required("reseaux.gerer")
def role_terminer(request, pk):
    role = get_object_or_404(RoleReseauPartenaire.objects.select_related("reseau"), pk=pk)
    if reponse := post_requis(request):
        return reponse
    form = FinRoleForm(request.POST)
    if form.is_valid():
        try:
            services.reseau_role_terminer(role=role, fin=form.cleaned_data["fin"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"Rôle « {role.get_role_display()} » terminé.")
    else:
        messages.error(request, "Indiquez une date de fin valide.")
    return redirect("communautes:reseau", pk=role.reseau_id)


@rule_required("reseaux.gerer")
def contact_ajouter(request, pk):
    reseau = get_object_or_404(ReseauPartenaire, pk=pk)
    form = ContactPartenaireForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contact = services.contact_ajouter(reseau=reseau, par=request.user, **form.cleaned_data)
        except ValidationError as exc:
            appliquer_erreurs(form, exc)
        else:
            messages.success(request, f"{contact.personne} est contact du réseau.")
            return redirect("communautes:reseau", pk=reseau.pk)
    return render(
        request,
        "communautes/form.html",
        {
            "form": form,
            "titre": f"Nouveau contact — {reseau.nom}",
            "reseau": reseau,
            "aide": "Le contact reçoit une invitation par e-mail. Il voit l'espace partenaire : "
            "les séances que son réseau co-organise et leurs inscriptions, rien d'autre.",
        },
    )


@rule_required("reseaux.gerer")
def contact_retirer(request, pk):
    contact = get_object_or_404(
        ContactPartenaire.objects.select_related("reseau", "personne"), pk=pk
    )
    if reponse := post_requis(request):
        return reponse
    services.contact_retirer(contact=contact)
    messages.success(request, f"{contact.personne} n'est plus contact du réseau.")
    return redirect("communautes:reseau", pk=contact.reseau_id)


@rule_required("espace.partenaire")
def partenaire(request):
    """A partner contact's space: their networks and roles, the sessions their networks
    co-organise and the registrations to those — nothing else."""
    seances = (
        annoter_seances(
            seances_coorganisees_par(request.user)
            .filter(atelier__isnull=True)
            .select_related("communaute")
        )
        .annotate(
            nb_attente=compter(
                Participation.objects.filter(statut=StatutParticipation.ATTENTE), "seance"
            )
        )
        .prefetch_related(
            Prefetch(
                "coorganisations",
                queryset=CoOrganisation.objects.select_related("reseau"),
            )
        )
    )
    aujourd_hui = timezone.localdate()
    user = request.user
    numero = numero_de_page(request)
    # The contact's networks and sessions, once per version of the data (and per hour).
    contacts, a_venir, passees = memoiser(
        f"partenaire:{user.pk}:{timezone.localtime():%Y-%m-%d-%H}:{numero}",
        lambda: (
            list(
                ContactPartenaire.objects.filter(personne=user)
                .select_related("reseau")
                .prefetch_related(_roles_prefetch("reseau__roles"))
                .order_by("reseau__nom")
            ),
            list(seances.filter(date__gte=aujourd_hui).order_by("date", "heure_debut")[:20]),
            page_a_garder(seances.filter(date__lt=aujourd_hui).order_by("-date"), numero, 15),
        ),
    )
    return render(
        request,
        "communautes/partenaire.html",
        {
            "contacts": contacts,
            "a_venir": a_venir,
            "page": page_gardee(passees),
            "aujourd_hui": aujourd_hui,
            "querystring_sans_page": querystring_sans_page(request),
        },
    )
