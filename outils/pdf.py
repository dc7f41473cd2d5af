"""The organisation's dossier as a PDF (WeasyPrint, A4, French).

Rendered by the shared `apes_rh.pdf` (local static files only: no SSRF, no local file
disclosure); fonts are shipped in static/fonts/ so the PDF looks the same everywhere.
"""

from django.template.loader import render_to_string
from django.utils import timezone

from apes_rh.pdf import html_document

from . import analyse, graphiques
from .chronologie import chronologie
from .models import Action, Axe, Diagnostic, PlanAmelioration, Suivi

MAX_SUIVIS = 200
MAX_EVENEMENTS = 300


def contexte_dossier(organisation) -> dict:
    diagnostics = list(
        Diagnostic.objects.filter(organisation=organisation).select_related("referentiel")
    )
    termines = [d for d in diagnostics if d.est_termine]
    principal = termines[0] if termines else (diagnostics[0] if diagnostics else None)
    contexte = {
        "organisation": organisation,
        "genere_le": timezone.now(),
        "diagnostics": diagnostics,
        "diagnostic": principal,
    }
    if principal is not None:
        res = analyse.resultats(principal, avec_echelle=True)
        libelles = [t.theme.titre for t in res.themes]
        series = [graphiques.Serie(principal.titre, [t.score for t in res.themes])]
        contexte.update(resultats=res)
        precedent = next((d for d in termines if d.pk != principal.pk), None)
        if precedent is not None:
            res_avant = analyse.resultats(precedent)
            comparaison = analyse.comparer(res_avant, res)
            contexte.update(precedent=precedent, comparaison=comparaison)
            series = [
                graphiques.Serie(precedent.titre, [c.avant for c in comparaison]),
                graphiques.Serie(principal.titre, [c.apres for c in comparaison]),
            ]
            libelles = [c.titre for c in comparaison]
            contexte["legende"] = graphiques.legende(series)
        contexte["radar"] = graphiques.radar(libelles, series, taille=340)
        contexte["barres"] = graphiques.barres(libelles, series, largeur=640)
    plan = PlanAmelioration.objects.filter(organisation=organisation).first()
    if plan is not None:
        actions = list(
            Action.objects.filter(plan=plan).select_related("responsable", "theme", "axe")
        )
        axes = list(Axe.objects.filter(plan=plan).select_related("theme"))
        par_axe = {a.pk: [] for a in axes}
        sans_axe = []
        for action in actions:
            par_axe.get(action.axe_id, sans_axe).append(action)
        contexte.update(
            plan=plan,
            axes=[(axe, par_axe[axe.pk]) for axe in axes],
            sans_axe=sans_axe,
            nb_actions=len(actions),
        )
    contexte["suivis"] = list(
        Suivi.objects.filter(organisation=organisation)
        .select_related("action", "auteur")
        .prefetch_related("indicateurs", "pieces_jointes")[:MAX_SUIVIS]
    )
    contexte["evenements"] = chronologie(organisation)[:MAX_EVENEMENTS]
    from parcours.models import Membre

    contexte["pilotes"] = list(
        Membre.objects.actifs()
        .pilotes()
        .filter(organisation=organisation)
        .select_related("personne")
    )
    return contexte


def dossier_html(organisation) -> str:
    return render_to_string("outils/pdf/dossier.html", contexte_dossier(organisation))


def dossier_document(organisation):
    """The laid-out WeasyPrint document (its metadata carries the title and `lang`)."""
    return html_document(dossier_html(organisation))


def dossier_pdf(organisation) -> bytes:
    return dossier_document(organisation).write_pdf()
