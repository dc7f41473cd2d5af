"""Generated reports: asked for, produced by Celery with progress, frozen, listed, downloaded."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ...models import RapportGenere
from ...perms import is_equipe, rule_required
from .. import exports
from ..enums import FormatRapport, StatutRapport
from ..services import MESSAGE_SERVICE_INDISPONIBLE, rapport_demander, rapport_relancer
from .commun import filtres, rapport_visible

TYPES = {
    "pdf": "application/pdf",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


def _etat(request, rapport, *, service_indisponible=False, status=200):
    return render(
        request,
        "rapports/includes/rapport_etat.html",
        {"rapport": rapport, "service_indisponible": service_indisponible},
        status=status,
    )


@rule_required("rapports.consulter")
@require_POST
def generer(request):
    """« Générer le rapport PDF »: records the request, hands it to Celery, shows progress."""
    f = filtres(request)
    if f.form.is_bound and not f.form.is_valid():
        if request.htmx:
            return render(
                request, "rapports/includes/generer_erreurs.html", {"form": f.form}, status=400
            )
        messages.error(
            request,
            "Période invalide : "
            + " ".join(str(e) for erreurs in f.form.errors.values() for e in erreurs),
        )
        return redirect("rapports:generes")
    rapport, accepte = rapport_demander(
        demande_par=request.user,
        du=f.du,
        au=f.au,
        financeur=f.financeur,
        territoire=f.territoire,
        format=FormatRapport.PDF,
    )
    rapport.refresh_from_db()
    if request.htmx:
        return _etat(request, rapport, service_indisponible=not accepte)
    if accepte:
        messages.success(request, "Le rapport est en cours de production.")
    else:
        messages.warning(request, MESSAGE_SERVICE_INDISPONIBLE)
    return redirect("rapports:rapport", pk=rapport.pk)


@rule_required("rapports.consulter")
def rapport(request, pk):
    """A generated report: its parameters, its progress (polled by htmx), its download."""
    rapport = rapport_visible(request, pk)
    if request.htmx:
        return _etat(request, rapport)
    return render(request, "rapports/rapport.html", {"rapport": rapport})


@rule_required("rapports.consulter")
def telecharger(request, pk):
    """The frozen file; `?format=csv|xlsx|json`: the frozen figures in another format."""
    rapport = rapport_visible(request, pk)
    if rapport.statut != StatutRapport.PRET:
        raise Http404("Ce rapport n'est pas encore prêt.")
    format = request.GET.get("format", rapport.format)
    if format not in TYPES:
        raise Http404
    base = rapport.nom_fichier.rsplit(".", 1)[0]
    if format == rapport.format and rapport.fichier:
        try:
            fichier = rapport.fichier.open("rb")
        except FileNotFoundError as exc:
            raise Http404("Le fichier de ce rapport est introuvable.") from exc
        return FileResponse(
            fichier, as_attachment=True, filename=f"{base}.{format}", content_type=TYPES[format]
        )
    if not rapport.donnees:
        raise Http404
    contenu = {
        "csv": exports.csv_octets,
        "xlsx": exports.xlsx,
        "json": exports.json_octets,
    }.get(format)
    if contenu is None:
        raise Http404
    reponse = HttpResponse(contenu(rapport.donnees), content_type=TYPES[format])
    reponse["Content-Disposition"] = f'attachment; filename="{base}.{format}"'
    return reponse


@rule_required("rapports.consulter")
def generes(request):
    """Reports generated so far, with who asked and when (a funder: its own perimeter)."""
    qs = RapportGenere.objects.visibles_par(request.user).en_liste()
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(
        request, "rapports/generes.html", {"page": page, "equipe": is_equipe(request.user)}
    )


@rule_required("rapports.consulter")
@require_POST
def relancer(request, pk):
    rapport = rapport_visible(request, pk)
    if rapport.statut not in (StatutRapport.ECHEC, StatutRapport.EN_ATTENTE):
        messages.info(request, "Ce rapport est déjà en cours de production ou prêt.")
        return redirect("rapports:rapport", pk=rapport.pk)
    accepte = rapport_relancer(rapport=rapport)
    if accepte:
        messages.success(request, "La production du rapport est relancée.")
    else:
        messages.warning(request, MESSAGE_SERVICE_INDISPONIBLE)
    return redirect("rapports:rapport", pk=rapport.pk)
