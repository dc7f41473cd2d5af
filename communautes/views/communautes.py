"""Communities: list, page, membership, shared resources, new sessions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db.models import Avg, Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from apes_rh.cache import fragment_partage, memoiser
from apes_rh.pagination import (
    numero_de_page,
    page_a_garder,
    page_en_cache,
    page_gardee,
    querystring_sans_page,
)
from apes_rh.perms import can, require, rule_required
from parcours.enums import StatutParticipation
from parcours.models import Participation, Seance

from .. import services
from ..enums import TypeCommunaute
from ..forms import (
    CommunauteForm,
    DemandeAdhesionForm,
    InvitationCommunauteForm,
    RefusForm,
    RessourceForm,
    SeanceCommunauteForm,
    appliquer_erreurs,
)
from ..models import (
    Communaute,
    DemandeAdhesion,
    MembreCommunaute,
    RessourceCommunaute,
    compter,
)
from ..statistiques import (
    satisfaction_par_thematique,
    themes_dans_le_temps,
    themes_suggeres,
)
from .common import (
    get_communaute,
    paginer,
    post_requis,
    telechargement,
)

APERCU_MEMBRES = 12
APERCU_RESSOURCES = 5
PROCHAINES = 10
PAR_PAGE_PASSEES = 10


def annoter_seances(qs):
    """Registered / present / workshop counts as subqueries (flat, whatever the volume)."""
    from ..models import Atelier

    return qs.annotate(
        nb_inscrits=compter(
            Participation.objects.filter(
                statut__in=(StatutParticipation.INSCRIT, StatutParticipation.PRESENT)
            ),
            "seance",
        ),
        nb_presents=compter(
            Participation.objects.filter(statut=StatutParticipation.PRESENT), "seance"
        ),
        nb_ateliers=compter(Atelier.objects.all(), "evenement"),
    )


def _seances_listees(communaute):
    """Sessions of the community shown in lists (workshops appear under their event)."""
    return annoter_seances(
        Seance.objects.filter(communaute=communaute, atelier__isnull=True)
    ).prefetch_related("thematiques")


def _seances_de_la_page(communaute, numero, aujourd_hui) -> dict:
    """What the page lists of the sessions, the same for every visitor (their own status is
    added afterwards): the next ones, and one page of the past ones."""
    seances = _seances_listees(communaute)
    return {
        "prochaines": list(
            seances.filter(date__gte=aujourd_hui).order_by("date", "heure_debut")[:PROCHAINES]
        ),
        "passees": page_a_garder(
            seances.filter(date__lt=aujourd_hui).order_by("-date", "-heure_debut"),
            numero,
            PAR_PAGE_PASSEES,
        ),
    }


def _apercu(communaute) -> dict:
    """Facilitators, members, resources and pending requests: the same for all who may see them."""
    membres = MembreCommunaute.objects.filter(communaute=communaute)
    return {
        "animateurs": list(communaute.animateurs.all()),
        "nb_membres": membres.count(),
        "membres_apercu": list(
            membres.select_related("personne", "organisation").order_by("-depuis", "pk")[
                :APERCU_MEMBRES
            ]
        ),
        "ressources": list(communaute.ressources.select_related("ajoutee_par")[:APERCU_RESSOURCES]),
        "nb_ressources": communaute.ressources.count(),
        "nb_demandes": communaute.demandes_adhesion.en_attente().count(),
    }


def _noter_mes_statuts(seances, user) -> None:
    """`mon_statut` of each listed session for the visitor: one query for the whole page."""
    statuts = {}
    if user.is_authenticated and seances:
        statuts = dict(
            Participation.objects.filter(personne=user, seance__in=[s.pk for s in seances])
            .exclude(statut=StatutParticipation.ANNULE)
            .values_list("seance_id", "statut")
        )
    for seance in seances:
        seance.mon_statut = statuts.get(seance.pk)


@login_not_required
def liste(request):
    qs = Communaute.objects.select_related("territoire").avec_compteurs()
    type_choisi = request.GET.get("type", "")
    if type_choisi in TypeCommunaute.values:
        qs = qs.filter(type=type_choisi)
    else:
        type_choisi = ""
    # The same list for every visitor, once per version of the data; the visitor's own
    # memberships are added in one query.
    page = page_en_cache(request, f"communautes:{type_choisi}", qs, 20)
    mes_communautes = set()
    if request.user.is_authenticated and page.object_list:
        mes_communautes = set(
            MembreCommunaute.objects.filter(
                personne=request.user, communaute__in=[c.pk for c in page.object_list]
            ).values_list("communaute_id", flat=True)
        )
    for communaute in page.object_list:
        communaute.suis_membre = communaute.pk in mes_communautes
    return render(
        request,
        "communautes/liste.html",
        {
            "page": page,
            "types": TypeCommunaute.choices,
            "type_choisi": type_choisi,
            "querystring_sans_page": querystring_sans_page(request),
            "peut_creer": can(request.user, "communautes.gerer"),
        },
    )


@login_not_required
def detail(request, pk):
    communaute = get_communaute(pk)
    user = request.user
    droits = {
        "membres": can(user, "communaute.membres", communaute),
        "animer": can(user, "communaute.animer", communaute),
        "gerer": can(user, "communaute.gerer", communaute),
        "rejoindre": can(user, "communaute.rejoindre", communaute),
        "demander": can(user, "communaute.demander", communaute),
        "quitter": can(user, "communaute.quitter", communaute),
    }
    aujourd_hui = timezone.localdate()
    # Data only, the same for every visitor: once per version of the data.
    numero = numero_de_page(request)
    seances = memoiser(
        f"communaute:{communaute.pk}:seances:{aujourd_hui}:{numero}",
        lambda: _seances_de_la_page(communaute, numero, aujourd_hui),
    )
    passees = page_gardee(seances["passees"])
    _noter_mes_statuts(seances["prochaines"] + passees.object_list, user)
    apercu = memoiser(f"communaute:{communaute.pk}:apercu", lambda: _apercu(communaute))
    contexte = {
        "communaute": communaute,
        "droits": droits,
        "animateurs": apercu["animateurs"],
        "prochaines": seances["prochaines"],
        "page": passees,
        "querystring_sans_page": querystring_sans_page(request),
        # A large SVG, the same for every visitor: rendered once per version of the data.
        "graphique": fragment_partage(
            f"communaute:{communaute.pk}:themes",
            "communautes/includes/graphique_themes.html",
            lambda: {"graphique": themes_dans_le_temps(communaute)},
        ),
        "demande_en_attente": user.is_authenticated
        and not droits["demander"]
        and not communaute.ouverte
        and communaute.demandes_adhesion.en_attente().filter(personne=user).exists(),
    }
    if droits["membres"]:
        contexte.update(
            {
                cle: apercu[cle]
                for cle in ("nb_membres", "membres_apercu", "ressources", "nb_ressources")
            }
        )
    if droits["animer"]:
        contexte["suggestions"] = memoiser(
            f"communaute:{communaute.pk}:suggestions",
            lambda: themes_suggeres(communaute, limite=5),
        )
        contexte["nb_demandes"] = apercu["nb_demandes"]
    if request.htmx and request.GET.get("page"):
        return render(request, "communautes/includes/seances_passees.html", contexte)
    return render(request, "communautes/detail.html", contexte)


@rule_required("communautes.gerer")
def creer(request):
    form = CommunauteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        communaute = form.save()
        messages.success(request, f"Communauté « {communaute.nom} » créée.")
        return redirect("communautes:communaute", pk=communaute.pk)
    return render(request, "communautes/form.html", {"form": form, "titre": "Nouvelle communauté"})


def modifier(request, pk):
    communaute = get_communaute(pk)
    require(request.user, "communaute.gerer", communaute)
    form = CommunauteForm(request.POST or None, instance=communaute)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Communauté enregistrée.")
        return redirect("communautes:communaute", pk=communaute.pk)
    return render(
        request,
        "communautes/form.html",
        {"form": form, "titre": f"Modifier « {communaute.nom} »", "communaute": communaute},
    )


def membres(request, pk):
    communaute = get_communaute(pk)
    require(request.user, "communaute.membres", communaute)
    qs = MembreCommunaute.objects.filter(communaute=communaute).select_related(
        "personne", "organisation"
    )
    recherche = request.GET.get("q", "").strip()
    if recherche:
        qs = qs.filter(
            Q(personne__first_name__icontains=recherche)
            | Q(personne__last_name__icontains=recherche)
            | Q(organisation__nom__icontains=recherche)
        )
    page = paginer(request, qs.order_by("personne__last_name", "personne__first_name", "pk"), 30)
    return render(
        request,
        "communautes/membres.html",
        {
            "communaute": communaute,
            "page": page,
            "recherche": recherche,
            "querystring_sans_page": querystring_sans_page(request),
            "gerer": can(request.user, "communaute.gerer", communaute),
        },
    )


def rejoindre(request, pk):
    communaute = get_communaute(pk)
    require(request.user, "communaute.rejoindre", communaute)
    if reponse := post_requis(request):
        return reponse
    try:
        services.communaute_rejoindre(communaute=communaute, personne=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Bienvenue dans la communauté « {communaute.nom} » !")
    return redirect("communautes:communaute", pk=communaute.pk)


def quitter(request, pk):
    communaute = get_communaute(pk)
    require(request.user, "communaute.quitter", communaute)
    if reponse := post_requis(request):
        return reponse
    services.communaute_quitter(communaute=communaute, personne=request.user)
    messages.success(request, f"Vous avez quitté la communauté « {communaute.nom} ».")
    return redirect("communautes:communaute", pk=communaute.pk)


def demander(request, pk):
    communaute = get_communaute(pk)
    require(request.user, "communaute.demander", communaute)
    form = DemandeAdhesionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.adhesion_demander(
                communaute=communaute, personne=request.user, message=form.cleaned_data["message"]
            )
        except ValidationError as exc:
            appliquer_erreurs(form, exc)
        else:
            messages.success(
                request, "Demande envoyée : l'équipe vous répondra par e-mail très bientôt."
            )
            return redirect("communautes:communaute", pk=communaute.pk)
    return render(request, "communautes/demander.html", {"form": form, "communaute": communaute})


def inviter(request, pk):
    communaute = get_communaute(pk)
    require(request.user, "communaute.gerer", communaute)
    form = InvitationCommunauteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            membre = services.communaute_inviter(
                communaute=communaute,
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                organisation=data["organisation"],
                message=data["message"],
                par=request.user,
            )
        except ValidationError as exc:
            appliquer_erreurs(form, exc)
        else:
            messages.success(request, f"{membre.personne} est invité·e dans la communauté.")
            return redirect("communautes:membres", pk=communaute.pk)
    return render(
        request,
        "communautes/form.html",
        {
            "form": form,
            "titre": f"Inviter dans « {communaute.nom} »",
            "communaute": communaute,
            "aide": "La personne reçoit un e-mail ; si elle n'a pas encore de compte, "
            "un lien pour choisir son mot de passe.",
        },
    )


def membre_retirer(request, pk):
    membre = get_object_or_404(
        MembreCommunaute.objects.select_related("communaute", "personne"), pk=pk
    )
    require(request.user, "communaute.gerer", membre.communaute)
    if reponse := post_requis(request):
        return reponse
    services.membre_retirer(membre=membre, par=request.user)
    messages.success(request, f"{membre.personne} ne fait plus partie de la communauté.")
    return redirect("communautes:membres", pk=membre.communaute_id)


@rule_required("communautes.gerer")
def demandes(request):
    qs = DemandeAdhesion.objects.select_related("communaute", "personne", "traitee_par")
    statut = request.GET.get("statut", "en_attente")
    if statut == "en_attente":
        qs = qs.en_attente()
    page = paginer(request, qs, 25)
    return render(
        request,
        "communautes/demandes.html",
        {
            "page": page,
            "statut": statut,
            "querystring_sans_page": querystring_sans_page(request),
            "refus_form": RefusForm(),
        },
    )


@rule_required("communautes.gerer")
def demande_accepter(request, pk):
    if reponse := post_requis(request):
        return reponse
    demande = get_object_or_404(DemandeAdhesion.objects.select_related("communaute"), pk=pk)
    try:
        services.adhesion_accepter(demande=demande, par=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"{demande.personne} rejoint « {demande.communaute} ».")
    return redirect("communautes:demandes")


@rule_required("communautes.gerer")
def demande_refuser(request, pk):
    if reponse := post_requis(request):
        return reponse
    demande = get_object_or_404(DemandeAdhesion.objects.select_related("communaute"), pk=pk)
    form = RefusForm(request.POST)
    motif = form.cleaned_data["motif"] if form.is_valid() else ""
    try:
        services.adhesion_refuser(demande=demande, par=request.user, motif=motif)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Demande refusée ; la personne est prévenue.")
    return redirect("communautes:demandes")


def ressources(request, pk):
    communaute = get_communaute(pk)
    require(request.user, "communaute.ressources", communaute)
    peut_ajouter = can(request.user, "communaute.ressource_ajouter", communaute)
    form = RessourceForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        require(request.user, "communaute.ressource_ajouter", communaute)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.ressource_ajouter(
                    communaute=communaute,
                    par=request.user,
                    titre=data["titre"],
                    description=data["description"],
                    url=data["url"],
                    fichier=data["fichier"],
                )
            except ValidationError as exc:
                appliquer_erreurs(form, exc)
            else:
                messages.success(request, "Ressource partagée avec la communauté.")
                return redirect("communautes:ressources", pk=communaute.pk)
    qs = communaute.ressources.select_related("ajoutee_par")
    page = paginer(request, qs, 20)
    is_equipe_ou_anime = can(request.user, "communaute.animer", communaute)
    return render(
        request,
        "communautes/ressources.html",
        {
            "communaute": communaute,
            "page": page,
            "form": form if peut_ajouter else None,
            "peut_supprimer_tout": is_equipe_ou_anime,
            "querystring_sans_page": querystring_sans_page(request),
        },
    )


def ressource_telecharger(request, pk):
    ressource = get_object_or_404(RessourceCommunaute.objects.select_related("communaute"), pk=pk)
    require(request.user, "communaute.ressources", ressource.communaute, hide=True)
    if not ressource.fichier:
        raise Http404
    return telechargement(ressource.fichier, ressource.nom_fichier, ressource.taille)


def ressource_supprimer(request, pk):
    ressource = get_object_or_404(RessourceCommunaute.objects.select_related("communaute"), pk=pk)
    require(request.user, "communaute.ressources", ressource.communaute, hide=True)
    require(request.user, "ressource.supprimer", ressource)
    if reponse := post_requis(request):
        return reponse
    communaute_pk = ressource.communaute_id
    services.ressource_supprimer(ressource=ressource)
    messages.success(request, "Ressource retirée.")
    return redirect("communautes:ressources", pk=communaute_pk)


def seance_creer(request, pk):
    communaute = get_communaute(pk)
    require(request.user, "communaute.animer", communaute)
    form = SeanceCommunauteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        thematiques = data.pop("thematiques")
        animateurs = data.pop("animateurs")
        try:
            seance = services.seance_communaute_creer(
                communaute=communaute,
                par=request.user,
                thematiques=thematiques,
                animateurs=animateurs,
                **data,
            )
        except ValidationError as exc:
            appliquer_erreurs(form, exc)
        else:
            messages.success(request, f"Séance « {seance.titre} » programmée.")
            return redirect("communautes:seance", pk=seance.pk)
    return render(
        request,
        "communautes/form.html",
        {
            "form": form,
            "titre": f"Nouvelle séance — {communaute.nom}",
            "communaute": communaute,
        },
    )


def satisfaction(request, pk):
    """Satisfaction of a community by theme, and the themes participants ask for."""
    communaute = get_communaute(pk)
    require(request.user, "communaute.animer", communaute)
    seances = (
        Seance.objects.filter(communaute=communaute, reponses_questionnaire__isnull=False)
        .annotate(
            reponses=Count("reponses_questionnaire", distinct=True),
            utilite_moyenne=Avg("reponses_questionnaire__utilite"),
        )
        .order_by("-date")
    )
    page = paginer(request, seances, 20)
    return render(
        request,
        "communautes/satisfaction_communaute.html",
        {
            "communaute": communaute,
            "page": page,
            "par_thematique": satisfaction_par_thematique(communaute),
            "suggestions": themes_suggeres(communaute),
            "querystring_sans_page": querystring_sans_page(request),
        },
    )
