from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import render
from django.utils import timezone

from apes_rh.cache import memoiser
from apes_rh.perms import rule_required
from parcours.models import Membre

from .. import analyse, graphiques
from ..chronologie import chronologie
from ..enums import STATUTS_OUVERTS, StatutAction
from ..models import Action, AvisMembre, Diagnostic, Suivi
from ..perms import organisations_visibles
from .base import contexte, espace_view, paginer


@rule_required("outils.espaces")
def espaces(request):
    """The spaces this person may open: their organisations, supported ones, or all (team)."""
    q = request.GET.get("q", "").strip()
    dernier = Diagnostic.objects.filter(organisation=OuterRef("pk")).order_by("-cree_le")
    ouvertes = (
        Action.objects.ouvertes()
        .filter(plan__organisation=OuterRef("pk"))
        .values("plan__organisation")
        .annotate(n=Count("pk"))
        .values("n")
    )
    suivis = Suivi.objects.filter(organisation=OuterRef("pk")).order_by("-date")
    organisations = (
        organisations_visibles(request.user)
        .select_related("territoire")
        .annotate(
            dernier_diagnostic=Subquery(dernier.values("cree_le")[:1]),
            actions_ouvertes=Coalesce(Subquery(ouvertes), 0),
            dernier_suivi=Subquery(suivis.values("date")[:1]),
        )
        .order_by("nom")
    )
    if q:
        organisations = organisations.filter(Q(nom__icontains=q) | Q(commune__icontains=q))
    page, querystring = paginer(request, organisations)
    return render(
        request,
        "outils/espaces.html",
        {"page": page, "querystring_sans_page": querystring, "q": q},
    )


@espace_view()
def espace(request, organisation):
    """Entry page of an organisation's space: where the approach stands."""
    aujourdhui = timezone.localdate()
    # Where the approach stands is the same for everyone who may open the space: computed once
    # per version of the data.
    donnees = memoiser(
        f"espace:{organisation.pk}:{aujourdhui}", lambda: _etat(organisation, aujourdhui)
    )
    avis_attendus = AvisMembre.objects.filter(
        personne=request.user, diagnostic__organisation=organisation, envoye_le__isnull=True
    ).select_related("diagnostic")
    return render(
        request,
        "outils/espace.html",
        contexte(
            request,
            "accueil",
            **donnees,
            avis_attendus=avis_attendus,
            evenements=chronologie(organisation)[:6],
        ),
    )


def _etat(organisation, aujourdhui) -> dict:
    dernier = Diagnostic.objects.filter(organisation=organisation).first()
    res = analyse.resultats(dernier) if dernier else None
    # The latest completed one gives the scores while a new diagnostic is under way.
    termine = dernier
    if dernier is not None and not dernier.est_termine:
        termine = Diagnostic.objects.filter(organisation=organisation).termines().first()
    res_termine = res if termine == dernier else (analyse.resultats(termine) if termine else None)
    radar = None
    if res_termine is not None and res_termine.evalues:
        radar = graphiques.radar(
            [t.theme.titre for t in res_termine.themes],
            [graphiques.Serie(termine.titre, [t.score for t in res_termine.themes])],
            taille=300,
            titre=f"Scores par thème — {termine.titre}",
        )
    actions = Action.objects.de_organisation(organisation)
    compte = actions.aggregate(
        total=Count("pk"),
        **{s: Count("pk", filter=Q(statut=s)) for s in StatutAction.values},
        en_retard=Count("pk", filter=Q(statut__in=STATUTS_OUVERTS, echeance__lt=aujourdhui)),
    )
    return {
        "diagnostic": dernier,
        "resultats": res,
        "termine": termine,
        "resultats_termine": res_termine,
        "radar": radar,
        "compte": compte,
        "statuts": [(s, label, compte[s]) for s, label in StatutAction.choices],
        "prochaines": list(
            actions.ouvertes()
            .select_related("responsable")
            .order_by("echeance", "priorite", "pk")[:5]
        ),
        "suivis": list(
            Suivi.objects.filter(organisation=organisation).select_related("action")[:3]
        ),
        "pilotes": list(
            Membre.objects.actifs()
            .pilotes()
            .filter(organisation=organisation)
            .select_related("personne")
        ),
    }
