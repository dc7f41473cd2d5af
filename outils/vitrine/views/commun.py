"""Small helpers shared by the vitrine's views: SEO metadata, pagination, login redirects."""

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.templatetags.static import static
from django.utils.http import content_disposition_header

from apes_rh.pagination import querystring_sans_page

IMAGE_PARTAGE = "img/vitrine-partage.png"


def absolue(chemin: str) -> str:
    if chemin.startswith(("http://", "https://")):
        return chemin
    return settings.SITE_URL.rstrip("/") + chemin


def seo(request, titre: str, description: str, *, type_og: str = "website", indexer=True):
    """Title, description, canonical URL and Open Graph data of a page."""
    description = " ".join((description or "").split())
    if len(description) > 200:
        description = description[:197].rsplit(" ", 1)[0] + "…"
    return {
        "titre": titre,
        "description": description,
        "url": absolue(request.path),
        "image": absolue(static(IMAGE_PARTAGE)),
        "type": type_og,
        "indexer": indexer,
    }


def paginer(request, queryset, par_page: int = 20):
    page = Paginator(queryset, par_page).get_page(request.GET.get("page"))
    return page, querystring_sans_page(request)


class Connexion(Exception):
    """Raised by loaders when an anonymous visitor must log in to see members-only content."""


def avec_connexion(vue):
    """Turn `Connexion` (members-only content, anonymous visitor) into the login page."""

    @wraps(vue)
    def enveloppe(request, *args, **kwargs):
        try:
            return vue(request, *args, **kwargs)
        except Connexion:
            return redirect_to_login(request.get_full_path())

    return enveloppe


# Small files are read at once (and the file closed at once); bigger ones are streamed.
TAILLE_LECTURE_DIRECTE = 2 * 1024 * 1024
TYPES_EN_LIGNE = ("application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp")


def servir_fichier(fichier, *, nom: str, type_mime: str):
    """Response sending a stored private file. PDF and images open in the browser, the rest
    downloads; the type is the one recognised at upload (X-Content-Type-Options: nosniff)."""
    type_mime = type_mime or "application/octet-stream"
    en_ligne = type_mime in TYPES_EN_LIGNE
    nom = nom or fichier.name.rsplit("/", 1)[-1]
    try:
        taille = fichier.size
        if taille <= TAILLE_LECTURE_DIRECTE:
            with fichier.open("rb") as flux:
                contenu = flux.read()
            reponse = HttpResponse(contenu, content_type=type_mime)
            reponse["Content-Length"] = str(len(contenu))
            reponse["Content-Disposition"] = content_disposition_header(not en_ligne, nom)
            return reponse
        return FileResponse(
            fichier.open("rb"), as_attachment=not en_ligne, filename=nom, content_type=type_mime
        )
    except FileNotFoundError as exc:
        raise Http404 from exc
