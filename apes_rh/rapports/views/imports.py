"""The team's web import: upload, dry-run report, confirmation, progress."""

import io

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from ...importation import COLONNES, FICHIERS, ResultatImport
from ...models import ImportActivite
from ...perms import rule_required
from ..forms import ImportForm
from ..services import (
    MESSAGE_SERVICE_INDISPONIBLE,
    import_abandonner,
    import_confirmer,
    import_deposer,
    progression_import,
)


@rule_required("import.activite")
def imports(request):
    form = ImportForm(*(request.POST, request.FILES) if request.method == "POST" else ())
    if request.method == "POST" and form.is_valid():
        fichiers = [(f.name, f.read()) for f in form.cleaned_data["fichiers"]]
        imp, accepte = import_deposer(cree_par=request.user, fichiers=fichiers)
        if not accepte:
            messages.warning(request, MESSAGE_SERVICE_INDISPONIBLE)
        return redirect("rapports:import", pk=imp.pk)
    qs = ImportActivite.objects.select_related("cree_par", "confirme_par")
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    colonnes = [
        {"fichier": nom, "requises": COLONNES[nom][0], "optionnelles": COLONNES[nom][1]}
        for nom in FICHIERS
    ]
    return render(
        request,
        "rapports/imports.html",
        {"form": form, "page": page, "colonnes": colonnes},
        status=400 if form.errors else 200,
    )


def _contexte(imp):
    return {
        "imp": imp,
        "essai": ResultatImport.from_dict(imp.essai) if imp.essai else None,
        "resultat": ResultatImport.from_dict(imp.resultat) if imp.resultat else None,
        "progression": progression_import(imp),
    }


@rule_required("import.activite")
def import_detail(request, pk):
    imp = get_object_or_404(
        ImportActivite.objects.select_related("cree_par", "confirme_par"), pk=pk
    )
    if request.htmx:
        return render(request, "rapports/includes/import_etat.html", _contexte(imp))
    return render(request, "rapports/import.html", _contexte(imp))


@rule_required("import.activite")
@require_POST
def import_confirmation(request, pk):
    imp = get_object_or_404(ImportActivite, pk=pk)
    demarre, accepte = import_confirmer(imp=imp, par=request.user)
    if not demarre:
        messages.info(request, "Cet import n'attend pas de confirmation.")
    elif not accepte:
        messages.warning(request, MESSAGE_SERVICE_INDISPONIBLE)
    return redirect("rapports:import", pk=imp.pk)


@rule_required("import.activite")
@require_POST
def import_abandon(request, pk):
    imp = get_object_or_404(ImportActivite, pk=pk)
    if import_abandonner(imp=imp):
        messages.success(request, "Import abandonné : les fichiers déposés ont été supprimés.")
    else:
        messages.info(request, "Cet import ne peut plus être abandonné.")
    return redirect("rapports:imports")


@rule_required("import.activite")
def modele(request):
    """An empty workbook with one sheet per file and its header row."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    classeur = Workbook()
    classeur.remove(classeur.active)
    for nom in FICHIERS:
        feuille = classeur.create_sheet(nom.removesuffix(".csv"))
        requises, optionnelles = COLONNES[nom]
        feuille.append(list(requises) + list(optionnelles))
        for cellule in feuille[1]:
            cellule.font = Font(bold=True)
    tampon = io.BytesIO()
    classeur.save(tampon)
    reponse = HttpResponse(
        tampon.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    reponse["Content-Disposition"] = 'attachment; filename="modele-import-activite.xlsx"'
    return reponse
