from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_POST

from apes_rh.cache import en_cache_pour_anonymes
from apes_rh.perms import can, is_equipe, require, rule_required

from ..enums import FormeRessource, StatutRessource, Visibilite
from ..filtres import RessourceFiltre
from ..forms import EpingleForm, RessourceForm
from ..models import EpingleRessource, Ressource
from ..perms import est_membre
from ..services import (
    actions_du_plan,
    epingle_ajouter,
    epingle_retirer,
    ressource_compter_telechargement,
    ressource_enregistrer,
    ressource_proposer,
    ressource_supprimer,
)
from .commun import Connexion, avec_connexion, paginer, seo, servir_fichier


def _organisations_pilotees(user):
    from parcours.models import Membre, Organisation

    if not user.is_authenticated:
        return Organisation.objects.none()
    ids = Membre.objects.actifs().pilotes().filter(personne=user).values("organisation")
    return Organisation.objects.filter(pk__in=ids).order_by("nom")


def _ressource(request, pk):
    """The resource, if this person may open it.

    Members-only: an anonymous visitor is sent to the login page (the file is never sent);
    anything else this person may not see is a 404, drafts included.
    """
    ressource = get_object_or_404(
        Ressource.objects.select_related("auteur", "cree_par").prefetch_related("thematiques"),
        pk=pk,
    )
    if can(request.user, "vitrine.ressource.voir", ressource):
        return ressource
    if (
        not request.user.is_authenticated
        and ressource.statut == StatutRessource.PUBLIEE
        and ressource.visibilite == Visibilite.MEMBRES
    ):
        raise Connexion
    raise Http404


@login_not_required
@en_cache_pour_anonymes
def ressources(request):
    user = request.user
    membre, equipe = est_membre(user), is_equipe(user)
    qs = (
        Ressource.objects.visibles_par(user)
        .select_related("auteur")
        .prefetch_related("thematiques")
        .order_by("-date_publication", "-pk")
    )
    if not equipe:
        # The library lists published resources; drafts stay in "Mes propositions".
        qs = qs.publiees()
    filtre = RessourceFiltre(request.GET or None, queryset=qs, membre=membre, equipe=equipe)
    page, querystring = paginer(request, filtre.qs, 12)
    contexte = {
        "filtre": filtre,
        "page": page,
        "querystring_sans_page": querystring,
        "reservees": (
            Ressource.objects.publiees().filter(visibilite=Visibilite.MEMBRES).count()
            if not membre
            else 0
        ),
        "peut_proposer": can(user, "vitrine.ressource.proposer"),
        "equipe": equipe,
        "propositions": (
            Ressource.objects.filter(statut=StatutRessource.PROPOSEE).count() if equipe else 0
        ),
        "seo": seo(
            request,
            "Ressources RH pour les associations et coopératives",
            "Fiches pratiques, modèles de documents, outils d'animation, vidéos et textes de "
            "référence sur les pratiques RH dans l'ESS, classés par thème.",
        ),
    }
    if request.htmx:
        return render(request, "outils/vitrine/includes/ressources_resultats.html", contexte)
    return render(request, "outils/vitrine/ressources.html", contexte)


@login_not_required
@en_cache_pour_anonymes
@avec_connexion
def ressource(request, pk):
    ressource = _ressource(request, pk)
    organisations = _organisations_pilotees(request.user)
    organisations_liste = list(organisations)
    epingle_form = None
    if organisations_liste and ressource.statut == StatutRessource.PUBLIEE:
        epingle_form = EpingleForm(
            organisations=organisations,
            actions=actions_du_plan(organisations_liste[0])
            if len(organisations_liste) == 1
            else None,
            initial={"organisation": organisations_liste[0].pk},
        )
    epinglee_pour = (
        [
            e.organisation
            for e in EpingleRessource.objects.filter(
                ressource=ressource, organisation__in=organisations_liste
            ).select_related("organisation")
        ]
        if organisations_liste
        else []
    )
    return render(
        request,
        "outils/vitrine/ressource.html",
        {
            "ressource": ressource,
            "epingle_form": epingle_form,
            "epinglee_pour": epinglee_pour,
            "peut_modifier": can(request.user, "vitrine.ressource.modifier", ressource),
            "equipe": is_equipe(request.user),
            "seo": seo(
                request,
                ressource.titre,
                ressource.resume,
                type_og="article",
                indexer=ressource.est_publique,
            ),
        },
    )


@login_not_required
@avec_connexion
def ressource_fichier(request, pk):
    """The file, only after the rule is checked: a stored path alone gives nothing."""
    ressource = _ressource(request, pk)
    if ressource.forme != FormeRessource.FICHIER or not ressource.fichier:
        raise Http404
    if ressource.statut == StatutRessource.PUBLIEE:
        ressource_compter_telechargement(ressource=ressource)
    reponse = servir_fichier(
        ressource.fichier, nom=ressource.fichier_nom, type_mime=ressource.fichier_type_mime
    )
    if ressource.est_publique:
        patch_cache_control(reponse, public=True, max_age=300)
    else:
        patch_cache_control(reponse, private=True, no_store=True)
    return reponse


# ----------------------------------------------------------------- contributions


@rule_required("vitrine.ressource.proposer")
def creer(request):
    return _formulaire(request, Ressource())


def modifier(request, pk):
    ressource = get_object_or_404(Ressource, pk=pk)
    require(request.user, "vitrine.ressource.voir", ressource, hide=True)
    require(request.user, "vitrine.ressource.modifier", ressource)
    return _formulaire(request, ressource)


def _formulaire(request, ressource):
    equipe = is_equipe(request.user)
    ancien = ressource.fichier.name if ressource.fichier else ""
    form = RessourceForm(
        request.POST or None, request.FILES or None, instance=ressource, equipe=equipe
    )
    if request.method == "POST" and form.is_valid():
        ressource = form.save(commit=False)
        nouveau = ressource.pk is None
        if not equipe and nouveau:
            ressource.statut = StatutRessource.BROUILLON
        ressource_enregistrer(ressource=ressource, par=request.user, ancien_fichier=ancien)
        form.save_m2m()
        if not equipe and form.cleaned_data.get("statut_propose"):
            ressource_proposer(ressource=ressource, par=request.user)
            messages.success(request, "Ressource proposée : l'équipe va la relire.")
        else:
            messages.success(request, "Ressource enregistrée.")
        return redirect("vitrine:ressource", pk=ressource.pk)
    return render(
        request,
        "outils/vitrine/ressource_form.html",
        {"form": form, "ressource": ressource, "equipe": equipe},
        status=400 if form.errors else 200,
    )


@require_POST
def proposer(request, pk):
    ressource = get_object_or_404(Ressource, pk=pk)
    require(request.user, "vitrine.ressource.voir", ressource, hide=True)
    require(request.user, "vitrine.ressource.modifier", ressource)
    if ressource.statut == StatutRessource.BROUILLON:
        ressource_proposer(ressource=ressource, par=request.user)
        messages.success(request, "Ressource proposée : l'équipe va la relire.")
    return redirect("vitrine:ressource", pk=ressource.pk)


@rule_required("vitrine.gerer")
@require_POST
def supprimer(request, pk):
    ressource = get_object_or_404(Ressource, pk=pk)
    titre = ressource.titre
    ressource_supprimer(ressource=ressource, par=request.user)
    messages.success(request, f"Ressource « {titre} » supprimée.")
    return redirect("vitrine:ressources")


@rule_required("vitrine.ressource.proposer")
def mes_propositions(request):
    qs = (
        Ressource.objects.filter(cree_par=request.user)
        .prefetch_related("thematiques")
        .order_by("-modifie_le", "-pk")
    )
    page, querystring = paginer(request, qs, 25)
    return render(
        request,
        "outils/vitrine/ressources_propositions.html",
        {"page": page, "querystring_sans_page": querystring},
    )


# ----------------------------------------------------------------- épingles


@require_POST
def epingler(request, pk):
    ressource = get_object_or_404(Ressource.objects.publiees(), pk=pk)
    require(request.user, "vitrine.ressource.voir", ressource, hide=True)
    require(request.user, "vitrine.epingles")
    organisations = _organisations_pilotees(request.user)
    organisation_pk = request.POST.get("organisation")
    organisation = organisations.filter(pk=organisation_pk).first() if organisation_pk else None
    actions = actions_du_plan(organisation) if organisation is not None else None
    form = EpingleForm(request.POST, organisations=organisations, actions=actions)
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect("vitrine:ressource", pk=ressource.pk)
    organisation = form.cleaned_data["organisation"]
    require(request.user, "vitrine.ressource.epingler", organisation)
    epingle_ajouter(
        ressource=ressource,
        organisation=organisation,
        par=request.user,
        note=form.cleaned_data["note"],
        action=form.cleaned_data.get("action"),
    )
    messages.success(request, f"Ressource épinglée pour « {organisation} ».")
    return redirect("vitrine:ressource", pk=ressource.pk)


@rule_required("vitrine.epingles")
def epingles(request):
    organisations = _organisations_pilotees(request.user)
    qs = (
        EpingleRessource.objects.filter(organisation__in=organisations)
        .select_related("ressource", "organisation", "epinglee_par")
        .order_by("organisation__nom", "-epinglee_le")
    )
    page, querystring = paginer(request, qs, 25)
    return render(
        request,
        "outils/vitrine/epingles.html",
        {"page": page, "querystring_sans_page": querystring},
    )


@require_POST
def epingle_retrait(request, pk):
    epingle = get_object_or_404(EpingleRessource.objects.select_related("organisation"), pk=pk)
    require(request.user, "vitrine.ressource.epingler", epingle.organisation, hide=True)
    epingle_retirer(epingle=epingle, par=request.user)
    messages.success(request, "Ressource retirée des épingles.")
    return redirect("vitrine:epingles")
