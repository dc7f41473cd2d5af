from django.contrib import messages
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify

from .. import exports, services
from ..models import ExportDossier
from .base import contexte, espace_view
from .suivi import _lire


def _nom(organisation, extension: str) -> str:
    return (
        f"{slugify(organisation.nom) or 'organisation'}-{timezone.localdate():%Y-%m-%d}.{extension}"
    )


@espace_view()
def export(request, organisation):
    dossiers = ExportDossier.objects.filter(organisation=organisation).select_related(
        "demande_par"
    )[:10]
    return render(request, "outils/export.html", contexte(request, "export", dossiers=dossiers))


@espace_view(methodes=("POST",))
def export_dossier(request, organisation):
    """Ask for a fresh PDF dossier: built by a task, downloadable when ready."""
    dossier = services.export_demander(organisation=organisation, auteur=request.user)
    messages.info(
        request, "Le dossier est en préparation : il apparaîtra ci-dessous dans un instant."
    )
    return redirect(
        reverse("outils:export", kwargs={"pk": organisation.pk}) + f"#export-{dossier.pk}"
    )


def _dossier(organisation, export_pk) -> ExportDossier:
    return get_object_or_404(ExportDossier, pk=export_pk, organisation=organisation)


@espace_view()
def export_statut(request, organisation, export_pk):
    """The export's line (htmx polls it while the PDF is being built)."""
    dossier = _dossier(organisation, export_pk)
    return render(
        request,
        "outils/includes/export_ligne.html",
        {"dossier": dossier, "organisation": organisation},
    )


@espace_view()
def export_telecharger(request, organisation, export_pk):
    dossier = _dossier(organisation, export_pk)
    if not dossier.est_pret:
        raise Http404("Ce dossier n'est pas prêt.")
    nom = (
        f"dossier-{slugify(organisation.nom)}-{timezone.localdate(dossier.demande_le):%Y-%m-%d}.pdf"
    )
    response = HttpResponse(_lire(dossier.fichier), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, nom)
    response["Cache-Control"] = "private, no-store"
    return response


@espace_view()
def export_plan_csv(request, organisation):
    response = StreamingHttpResponse(
        exports.csv_flux(organisation), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{_nom(organisation, "csv")}"'
    response["Cache-Control"] = "private, no-store"
    return response


@espace_view()
def export_plan_xlsx(request, organisation):
    response = HttpResponse(
        exports.xlsx(organisation),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_nom(organisation, "xlsx")}"'
    response["Cache-Control"] = "private, no-store"
    return response
