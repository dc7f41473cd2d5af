from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.sitemaps.views import sitemap as vue_sitemap
from django.http import HttpResponse
from django.views.decorators.cache import cache_page

from ..sitemaps import SITEMAPS

# Pages robots have no business in: accounts, spaces, the team's tools, files.
INTERDITS = [
    "/admin/",
    "/comptes/",
    "/equipe/",
    "/tableau-de-bord/",
    "/mon-espace/",
    "/rejoindre/merci/",
    "/ressources/*/fichier/",
    "/mooc/mon-parcours/",
    "/mooc/suivi/",
    "/vitrine/",
    "/courriel/",
]


@login_not_required
@cache_page(3600)
def sitemap(request):
    return vue_sitemap(request, sitemaps=SITEMAPS)


@login_not_required
def robots(request):
    lignes = ["User-agent: *"]
    lignes += [f"Disallow: {chemin}" for chemin in INTERDITS]
    lignes += ["", f"Sitemap: {settings.SITE_URL.rstrip('/')}/sitemap.xml", ""]
    reponse = HttpResponse("\n".join(lignes), content_type="text/plain; charset=utf-8")
    reponse["Cache-Control"] = "public, max-age=86400"
    return reponse
