import html

import pytest


def texte(response) -> str:
    """The page's text with HTML entities decoded (apostrophes are escaped in templates)."""
    return html.unescape(response.content.decode())


@pytest.fixture(autouse=True)
def _site_url(settings):
    """Absolute URLs (canonical, Open Graph, sitemap) are built on SITE_URL."""
    settings.SITE_URL = "https://rh.apes.example"


@pytest.fixture
def nb_requetes():
    """nb_requetes(fonction) → how many SQL queries the call ran."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def compter(fonction):
        with CaptureQueriesContext(connection) as contexte:
            resultat = fonction()
        assert getattr(resultat, "status_code", 200) == 200, resultat
        return len(contexte.captured_queries)

    return compter
