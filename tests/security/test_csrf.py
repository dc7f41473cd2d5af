"""CSRF is enforced on every URL, for every role.

Walks the whole URLconf (like tests/core/test_access_matrix.py) and POSTs without a token,
then with a forged one, as each role. Every answer must come from Django's CSRF rejection
(a 403 tagged by the failure view below), never from the view itself.
"""

import pytest
from django.http import HttpResponseForbidden
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.access import ROLES, TABLE
from tests.core.test_access_matrix import app_url_names

pytestmark = pytest.mark.django_db

MARQUE = "X-Test-Refus-CSRF"


def refus_csrf(request, reason=""):
    """CSRF failure view for these tests: tells the rejection apart from any other 403."""
    response = HttpResponseForbidden("Vérification CSRF échouée.")
    response[MARQUE] = reason or "?"
    return response


@pytest.fixture(autouse=True)
def _marked_csrf_failures(settings):
    settings.CSRF_FAILURE_VIEW = "tests.security.test_csrf.refus_csrf"


def _client(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    return client


def _urls(monde):
    for name in app_url_names():
        acces = TABLE[name]
        yield name, reverse(name, kwargs=acces.kwargs(monde)) + (acces.query or "")


def _accepted(client, url, **extra) -> str | None:
    response = client.post(url, {"email": "x@example.org", "confirmation": "EFFACER"}, **extra)
    if response.status_code == 403 and response.has_header(MARQUE):
        return None
    return f"{url} → {response.status_code} {response.get('Location', '')}".strip()


@pytest.mark.parametrize("role", ROLES)
def test_a_post_without_a_csrf_token_is_refused_everywhere(monde, role):
    client = _client(monde.users[role])
    accepted = [msg for _, url in _urls(monde) if (msg := _accepted(client, url))]
    assert not accepted, "POST sans jeton CSRF non refusé :\n" + "\n".join(accepted)


@pytest.mark.parametrize("role", ROLES)
def test_a_post_with_a_forged_csrf_token_is_refused_everywhere(monde, role):
    client = _client(monde.users[role])
    client.cookies["csrftoken"] = "a" * 32
    accepted = [
        msg for _, url in _urls(monde) if (msg := _accepted(client, url, HTTP_X_CSRFTOKEN="b" * 32))
    ]
    assert not accepted, "POST avec un jeton CSRF forgé non refusé :\n" + "\n".join(accepted)


def test_a_post_from_another_site_is_refused_even_with_a_valid_token(monde):
    """Over HTTPS, Django also checks the Referer/Origin: a valid token from another site fails."""
    client = _client(monde.users["pilote"])
    client.get(reverse("mes_donnees"))
    token = client.cookies["csrftoken"].value
    response = client.post(
        reverse("mes_donnees_effacement"),
        {"csrfmiddlewaretoken": token},
        secure=True,
        HTTP_ORIGIN="https://evil.example",
    )
    assert response.status_code == 403 and response.has_header(MARQUE)


def test_the_same_post_with_the_page_token_goes_through(monde):
    """Control: the refusals above are about the token, not about the request itself."""
    client = _client(monde.users["pilote"])
    client.get(reverse("mes_donnees"))
    token = client.cookies["csrftoken"].value
    response = client.post(reverse("mes_donnees_effacement"), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    response = client.post(
        reverse("mes_donnees_effacement"), {}, HTTP_X_CSRFTOKEN=token, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 302, "le jeton en en-tête (htmx) doit être accepté"


def _callbacks(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _callbacks(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p.callback


def test_no_view_is_exempt_from_csrf():
    exempt = [
        route
        for route, callback in _callbacks(get_resolver().url_patterns)
        if getattr(callback, "csrf_exempt", False)
    ]
    assert not exempt, f"vues exemptées de CSRF : {exempt}"


def test_the_admin_refuses_posts_without_a_csrf_token(db):
    from tests.core.test_access_matrix import _admin_urls
    from tests.factories import UserFactory

    client = _client(UserFactory(email="admin@apes.example", is_staff=True, is_superuser=True))
    accepted = [msg for url in _admin_urls() if (msg := _accepted(client, url))]
    assert not accepted, "POST sans jeton CSRF non refusé :\n" + "\n".join(accepted)
