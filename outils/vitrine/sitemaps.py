"""sitemap.xml: the public pages only (published, visible to anonymous visitors)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .enums import StatutRessource, Visibilite
from .models import Lecon, Module, Ressource, Temoignage, ThemeVitrine


class _SiteUrl(Sitemap):
    """URLs on SITE_URL (not the Sites framework's placeholder domain)."""

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme or "https"


class PagesFixes(_SiteUrl):
    priority = 0.8
    changefreq = "weekly"

    def items(self):
        return [
            "accueil",
            "vitrine:themes",
            "vitrine:ressources",
            "vitrine:mooc",
            "vitrine:temoignages",
            "vitrine:rejoindre",
        ]

    def location(self, item):
        return reverse(item)


class Themes(_SiteUrl):
    priority = 0.7
    changefreq = "monthly"

    def items(self):
        return ThemeVitrine.objects.publies().order_by("ordre", "pk")

    def lastmod(self, obj):
        return obj.modifie_le


class Temoignages(_SiteUrl):
    priority = 0.6

    def items(self):
        return Temoignage.objects.publies().order_by("pk")

    def lastmod(self, obj):
        return obj.modifie_le


class Ressources(_SiteUrl):
    priority = 0.5

    def items(self):
        return Ressource.objects.filter(
            statut=StatutRessource.PUBLIEE, visibilite=Visibilite.PUBLIC
        ).order_by("pk")

    def lastmod(self, obj):
        return obj.modifie_le


class Modules(_SiteUrl):
    priority = 0.6

    def items(self):
        return Module.objects.publies().filter(public=True).order_by("ordre", "pk")


class Lecons(_SiteUrl):
    priority = 0.5

    def items(self):
        return (
            Lecon.objects.publiees()
            .filter(module__publie=True, module__public=True)
            .select_related("module")
            .order_by("module__ordre", "ordre")
        )


SITEMAPS = {
    "pages": PagesFixes,
    "themes": Themes,
    "temoignages": Temoignages,
    "ressources": Ressources,
    "modules": Modules,
    "lecons": Lecons,
}
