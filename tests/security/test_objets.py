"""Object-level access: the pilot of organisation B gets 404 on every URL of organisation A.

Walks the access table. A URL is "of organisation A" when it has an object argument, the pilot
of A may use it (200, or 405 for POST-only URLs) and a logged-in person unrelated to A (the
partner contact) gets 404: its object is hidden from outsiders. Shared-by-design objects (the
members' MOOC and resources, open communities) are not, as outsiders see them too. Each URL of
A is requested by the pilot of B, with GET, and with POST for POST-only ones: the answer must
be 404, B may not even learn that A's objects exist.
"""

import pytest
from django.urls import reverse

from tests.access import TABLE
from tests.core.test_access_matrix import app_url_names

pytestmark = pytest.mark.django_db


def _urls_de_a(monde):
    for name in app_url_names():
        acces = TABLE[name]
        kwargs = acces.kwargs(monde)
        if not kwargs or acces.expected["partenaire"] != 404:
            continue
        if acces.expected["pilote"] not in (200, 405):
            continue
        yield name, reverse(name, kwargs=kwargs) + (acces.query or ""), acces.expected["pilote"]


def test_the_table_has_urls_of_an_organisation_to_check(monde):
    assert sum(1 for _ in _urls_de_a(monde)) >= 10


def test_the_pilot_of_another_organisation_gets_404_everywhere(client, monde):
    client.force_login(monde.pilote_b)
    fuites = []
    for name, url, attendu_a in _urls_de_a(monde):
        response = client.post(url, {}) if attendu_a == 405 else client.get(url)
        if response.status_code != 404:
            methode = "POST" if attendu_a == 405 else "GET"
            fuites.append(f"{methode} {url} ({name}) → {response.status_code}")
    assert not fuites, "Le pilote de B atteint des URL de A :\n" + "\n".join(fuites)


def test_a_member_of_another_organisation_gets_404_too(client, monde):
    from tests.factories import UserFactory

    client.force_login(UserFactory(email="membre@b.example", membre_de=monde.org_b))
    fuites = [
        f"{url} ({name}) → {r.status_code}"
        for name, url, attendu_a in _urls_de_a(monde)
        if attendu_a == 200 and (r := client.get(url)).status_code != 404
    ]
    assert not fuites, "Un membre de B atteint des URL de A :\n" + "\n".join(fuites)
