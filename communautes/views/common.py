from django.core.paginator import Paginator
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404

from parcours.models import Seance

from ..models import Communaute


def paginer(request, qs, par_page: int = 20, param: str = "page"):
    return Paginator(qs, par_page).get_page(request.GET.get(param))


def post_requis(request):
    """After the access check (403 first), a GET on a POST-only URL answers 405."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return None


def get_communaute(pk) -> Communaute:
    return get_object_or_404(Communaute.objects.select_related("territoire"), pk=pk)


def seances_de_communaute():
    return Seance.objects.filter(communaute__isnull=False).select_related(
        "communaute", "bulle", "codev", "appui", "atelier__evenement"
    )


def get_seance(pk) -> Seance:
    """A community session (sessions of parcours live in the agenda, not here)."""
    return get_object_or_404(seances_de_communaute(), pk=pk)


def telechargement(fieldfile, nom: str, taille: int | None = None):
    """Stream a stored file as an attachment (opened lazily, closed at the end)."""
    import mimetypes

    from django.http import Http404, StreamingHttpResponse
    from django.utils.http import content_disposition_header

    storage, chemin = fieldfile.storage, fieldfile.name
    if not chemin or not storage.exists(chemin):
        raise Http404

    def morceaux():
        with storage.open(chemin, "rb") as f:
            while morceau := f.read(64 * 1024):
                yield morceau

    nom = nom or chemin.rsplit("/", 1)[-1]
    response = StreamingHttpResponse(
        morceaux(), content_type=mimetypes.guess_type(nom)[0] or "application/octet-stream"
    )
    response["Content-Disposition"] = content_disposition_header(True, nom)
    response["X-Content-Type-Options"] = "nosniff"
    if taille:
        response["Content-Length"] = str(taille)
    return response
