"""Dashboards (team: any perimeter; funder: its own), the lists behind each figure, exports."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Sum
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse

from ...cache import memoiser
from ...models import RapportGenere
from ...perms import rule_required
from .. import exports, graphiques
from ..calculs import (
    CHIFFRES_CLES,
    Requetes,
    calculer,
    chiffres_cles,
    chronologie,
    communautes_annotees,
    ligne_communaute,
    ligne_parcours,
    ligne_thematique,
    masquer,
    parcours_annotes,
    thematiques_annotees,
)
from ..perimetre import SEUIL_PERSONNES, masquer_personnes
from ..sections import calculer_sections, masquer_sections, sections_affichees
from .commun import filtres

APERCU = 8
PAR_PAGE = 25

LISTES = {
    "accompagnateurs": "Accompagnateurs·trices spécialisé·es",
    "organisations_parcours": "Organisations en parcours territoriaux",
    "demi_journees_individuelles": "Demi-journées d'appui individuel",
    "demi_journees_collectives": "Demi-journées d'appui collectif",
    "participants_communautes": "Participant·es aux communautés apprenantes",
    "parcours": "Parcours territoriaux",
    "communautes": "Communautés apprenantes",
    "thematiques": "Thématiques RH",
}


def contexte_tableau(request, *, espace_financeur: bool = False) -> dict:
    f = filtres(request, espace_financeur=espace_financeur)
    generes = RapportGenere.objects.visibles_par(request.user).en_liste()
    if f.financeur is not None:
        generes = generes.filter(financeur=f.financeur)
    # The figures depend only on the period, the perimeter and the data: computed once per
    # version of the data (apes_rh.cache), not on every visit.
    donnees = memoiser(
        f"tableau:{f.querystring}:{int(f.perimetre.masquer)}", lambda: _donnees_tableau(f)
    )
    return {"f": f, **donnees, "generes": generes[:5], "querystring": f.querystring}


def _donnees_tableau(f) -> dict:
    r = Requetes(f.du, f.au, f.perimetre)
    chiffres = chiffres_cles(r)
    rapport = {"chiffres_cles": chiffres, "communautes": []}
    if f.perimetre.masquer:
        chiffres = masquer(rapport)["chiffres_cles"]
    qs = f.querystring
    cartes = [
        {
            "cle": cle,
            "libelle": libelle,
            "valeur": chiffres[cle],
            "url": reverse("rapports:liste", kwargs={"cle": cle}) + "?" + qs,
        }
        for cle, libelle in CHIFFRES_CLES.items()
    ]
    parcours = [ligne_parcours(p) for p in parcours_annotes(r)[: APERCU + 1]]
    communautes = [
        ligne_communaute(c, f.perimetre.masquer) for c in communautes_annotees(r)[: APERCU + 1]
    ]
    thematiques = [ligne_thematique(t) for t in thematiques_annotees(r)]
    dates = {
        code: [debut.isoformat(), fin.isoformat()]
        for code, debut, fin in r.parcours()
        .order_by("debut", "code")
        .values_list("code", "debut", "fin")[:50]
    }
    organisations = list(r.organisations().values_list("nom", flat=True)[: APERCU * 3 + 1])
    # Sections of the apps above the core (sections.register_section), masked for funders.
    sections = calculer_sections(r)
    if f.perimetre.masquer:
        sections = masquer_sections(sections)
    return {
        "cartes": cartes,
        "parcours": parcours[:APERCU],
        "parcours_suite": len(parcours) > APERCU,
        "communautes": communautes[:APERCU],
        "communautes_suite": len(communautes) > APERCU,
        "thematiques": thematiques,
        "organisations": organisations[: APERCU * 3],
        "organisations_suite": len(organisations) > APERCU * 3,
        "graphique_themes": graphiques.themes(thematiques),
        "graphique_chronologie": graphiques.chronologie(
            chronologie(f.du, f.au, f.perimetre), dates
        ),
        "sections": sections_affichees(sections, "gabarit_tableau"),
    }


@rule_required("rapports.produire")
def tableau(request):
    """The team's dashboard: any period, any perimeter (including a funder's view)."""
    return render(request, "rapports/tableau.html", contexte_tableau(request))


def _page(request, qs):
    return Paginator(qs, PAR_PAGE).get_page(request.GET.get("page"))


@rule_required("rapports.consulter")
def liste(request, cle):
    """The list behind a figure, in the same period and perimeter (paginated)."""
    if cle not in LISTES:
        raise Http404
    f = filtres(request)
    r = Requetes(f.du, f.au, f.perimetre)
    masque = f.perimetre.masquer
    contexte = {"f": f, "cle": cle, "titre": LISTES[cle], "querystring": f.querystring}
    if cle == "accompagnateurs":
        qs = r.accompagnateurs().select_related("user").order_by("structure", "pk")
        contexte["noms"] = not masque  # funders see organisation names only
    elif cle == "organisations_parcours":
        qs = r.organisations().select_related("territoire")
    elif cle == "demi_journees_individuelles":
        qs = (
            r.demi_journees_individuelles()
            .order_by()
            .values("organisation__nom", "organisation__territoire__code")
            .annotate(total=Sum("demi_journees"), nombre=Count("pk"))
            .order_by("organisation__nom")
        )
    elif cle == "demi_journees_collectives":
        qs = r.seances_collectives().select_related("parcours", "communaute").order_by("date", "pk")
    elif cle == "participants_communautes":
        qs = (
            r.participations_communautes()
            .order_by()
            .values("seance__pk", "seance__date", "seance__titre", "seance__communaute__nom")
            .annotate(presents=Count("personne", distinct=True))
            .order_by("seance__date", "seance__pk")
        )
    elif cle == "parcours":
        qs = parcours_annotes(r)
    elif cle == "communautes":
        qs = communautes_annotees(r)
    else:
        qs = thematiques_annotees(r)
    page = _page(request, qs)
    if cle == "accompagnateurs" and masque and page.paginator.count < SEUIL_PERSONNES:
        # Fewer than 3 people: neither their number nor their structures are shown.
        contexte["trop_peu"] = True
        page = _page(request, qs.none())
    if cle == "participants_communautes" and masque:
        for ligne in page.object_list:
            ligne["presents"] = masquer_personnes(ligne["presents"])
    if cle == "communautes":
        page.object_list = [ligne_communaute(c, masque) for c in page.object_list]
    contexte.update(page=page, querystring_sans_page=f.querystring)
    return render(request, "rapports/liste.html", contexte)


@rule_required("rapports.consulter")
def export(request, format):
    """The figures of the dashboard as CSV (streamed) or XLSX."""
    f = filtres(request)
    rapport = {**calculer(f.du, f.au, f.perimetre), "perimetre": f.perimetre.as_dict()}
    nom = f"rapport-activite-{f.du:%Y%m%d}-{f.au:%Y%m%d}"
    if format == "csv":
        reponse = StreamingHttpResponse(
            exports.csv_flux(rapport), content_type="text/csv; charset=utf-8"
        )
        reponse["Content-Disposition"] = f'attachment; filename="{nom}.csv"'
        return reponse
    if format == "xlsx":
        reponse = HttpResponse(
            exports.xlsx(rapport),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        reponse["Content-Disposition"] = f'attachment; filename="{nom}.xlsx"'
        return reponse
    raise PermissionDenied  # pragma: no cover - the URL only accepts csv and xlsx
