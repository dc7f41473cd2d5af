"""SEO and sharing: titles, descriptions, Open Graph, sitemap.xml, robots.txt."""

import pytest
from django.urls import reverse

from tests.vitrine.factories import (
    LeconFactory,
    ModuleFactory,
    RessourceFactory,
    TemoignageFactory,
    ThemeVitrineFactory,
)

pytestmark = pytest.mark.django_db
SITE = "https://rh.apes.example"  # tests/vitrine/conftest.py sets SITE_URL


def test_the_sitemap_lists_public_pages_only_on_the_site_url(client):
    theme = ThemeVitrineFactory(slug="recrutement")
    cache = ThemeVitrineFactory(slug="en-preparation", publie=False)
    publique = RessourceFactory()
    reservee = RessourceFactory(membres=True)
    brouillon = RessourceFactory(brouillon=True)
    module = ModuleFactory(code="ouvert")
    lecon = LeconFactory(module=module)
    reserve = ModuleFactory(code="reserve", membres=True)
    lecon_reservee = LeconFactory(module=reserve)
    temoignage = TemoignageFactory(publie=True)
    relecture = TemoignageFactory(a_valider=True)

    response = client.get(reverse("vitrine:sitemap"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    xml = response.content.decode()
    for objet in (theme, publique, module, lecon, temoignage):
        assert f"<loc>{SITE}{objet.get_absolute_url()}</loc>" in xml
    assert f"<loc>{SITE}/</loc>" in xml
    assert f"<loc>{SITE}{reverse('vitrine:rejoindre')}</loc>" in xml
    for objet in (cache, reservee, brouillon, reserve, lecon_reservee, relecture):
        assert objet.get_absolute_url() not in xml
    assert "example.com" not in xml


def test_robots_txt_points_to_the_sitemap_and_keeps_robots_out_of_private_pages(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    texte = response.content.decode()
    assert f"Sitemap: {SITE}/sitemap.xml" in texte
    for chemin in ("/admin/", "/comptes/", "/equipe/", "/vitrine/", "/mooc/suivi/"):
        assert f"Disallow: {chemin}" in texte
    assert "Disallow: /\n" not in texte


@pytest.mark.parametrize(
    "nom",
    [
        "accueil",
        "vitrine:themes",
        "vitrine:ressources",
        "vitrine:mooc",
        "vitrine:temoignages",
        "vitrine:rejoindre",
    ],
)
def test_public_pages_have_a_title_a_description_and_open_graph(client, nom):
    html = client.get(reverse(nom)).content.decode()
    assert "<title>" in html and "— Démarche progrès RH</title>" in html
    assert '<meta name="description" content="' in html
    assert f'<link rel="canonical" href="{SITE}{reverse(nom)}">' in html
    for propriete in ("og:title", "og:description", "og:url", "og:type", "og:locale"):
        assert f'property="{propriete}"' in html
    assert f'<meta property="og:image" content="{SITE}/static/img/vitrine-partage.png">' in html
    assert 'name="robots" content="noindex"' not in html


def test_a_theme_page_describes_itself_for_sharing(client):
    theme = ThemeVitrineFactory(
        titre="Recrutement et intégration", accroche="Recruter sans se tromper."
    )
    html = client.get(theme.get_absolute_url()).content.decode()
    assert '<meta property="og:title" content="Recrutement et intégration">' in html
    assert '<meta property="og:description" content="Recruter sans se tromper.">' in html
    assert '<meta property="og:type" content="article">' in html


def test_pages_are_readable_without_javascript(client):
    """No content depends on a script: every page is server-rendered, forms post."""
    theme = ThemeVitrineFactory()
    for url in (reverse("accueil"), theme.get_absolute_url(), reverse("vitrine:ressources")):
        html = client.get(url).content.decode()
        assert "<noscript" not in html
        assert "<script>" not in html  # no inline script (strict CSP)
        assert 'style="' not in html
