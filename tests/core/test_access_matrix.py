"""Walks the whole URLconf: every URL must be declared in tests/access.py and behave as declared."""

import pytest
from django.conf import settings
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from tests.access import LOGIN, ROLES, TABLE


def _walk(patterns, namespace=None):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace
            full = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from _walk(p.url_patterns, full)
        elif isinstance(p, URLPattern) and p.name:
            yield (f"{namespace}:{p.name}" if namespace else p.name), p


def all_url_names():
    return sorted({name for name, _ in _walk(get_resolver().url_patterns)})


def app_url_names():
    return [n for n in all_url_names() if not n.startswith("admin:")]


def test_every_url_is_declared():
    missing = [n for n in app_url_names() if n not in TABLE]
    assert not missing, f"URL sans règle d'accès déclarée dans tests/access.py : {missing}"


def test_no_stale_declaration():
    stale = set(TABLE) - set(app_url_names())
    assert not stale, f"Règles déclarées pour des URL qui n'existent plus : {sorted(stale)}"


def _check(client, url, expected, role):
    response = client.get(url)
    status = response.status_code
    if expected == LOGIN:
        login = reverse(settings.LOGIN_URL)
        assert status == 302 and response["Location"].startswith(login), (
            f"{role} sur {url} : attendu redirection vers la connexion, obtenu {status} "
            f"{response.get('Location', '')}"
        )
    else:
        assert status == expected, f"{role} sur {url} : attendu {expected}, obtenu {status}"


@pytest.mark.parametrize("role", ROLES)
def test_access_matrix(client, monde, role):
    user = monde.users[role]
    if user is not None:
        client.force_login(user)
    failures = []
    for name in app_url_names():
        acces = TABLE[name]
        url = reverse(name, kwargs=acces.kwargs(monde)) + (acces.query or "")
        try:
            _check(client, url, acces.expected[role], role)
        except AssertionError as exc:
            failures.append(str(exc))
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("role", ROLES)
def test_admin_is_for_staff_only(client, monde, role):
    """No role of the programme reaches the admin without is_staff."""
    user = monde.users[role]
    if user is not None:
        client.force_login(user)
    for url in _admin_urls():
        response = client.get(url)
        assert response.status_code in (302, 403), f"{role} atteint {url}"


def test_admin_works_for_staff(client, monde):
    from tests.factories import UserFactory

    admin = UserFactory(email="admin@apes.example", is_staff=True, is_superuser=True)
    client.force_login(admin)
    for url in _admin_urls():
        response = client.get(url)
        assert response.status_code in (200, 302), f"{url}: {response.status_code}"


def _admin_urls():
    """Admin pages without arguments (index, every changelist and add form)."""
    for name, _ in _walk(get_resolver().url_patterns):
        if not name.startswith("admin:") or name in ("admin:logout", "admin:autocomplete"):
            continue
        try:
            yield reverse(name)
        except NoReverseMatch:
            continue
