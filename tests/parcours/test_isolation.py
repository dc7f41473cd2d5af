"""A pilot of organisation A never reaches anything of organisation B: 404 on every URL."""

import pytest
from django.urls import reverse

from tests.parcours.access import HORS_ORGANISATION, ORG_B, TABLE

pytestmark = pytest.mark.django_db


def test_every_url_with_arguments_is_checked_against_org_b(monde):
    avec_arguments = {name for name, acces in TABLE.items() if acces.kwargs(monde)}
    oublies = avec_arguments - set(ORG_B) - HORS_ORGANISATION
    assert not oublies, f"URL à vérifier contre l'organisation B : {sorted(oublies)}"


@pytest.mark.parametrize("methode", ["get", "post"])
def test_the_pilot_of_org_a_gets_404_on_every_url_of_org_b(client, monde, methode):
    client.force_login(monde.users["pilote"])
    codes = {}
    for name, kwargs in ORG_B.items():
        response = getattr(client, methode)(reverse(name, kwargs=kwargs(monde)))
        codes[name] = response.status_code
    assert {name: code for name, code in codes.items() if code != 404} == {}


def test_the_urls_of_org_b_exist(client, monde):
    """The 404s above come from the scoping, not from broken URLs: the team gets through."""
    client.force_login(monde.users["chargee"])
    for name, kwargs in ORG_B.items():
        response = client.get(reverse(name, kwargs=kwargs(monde)))
        assert response.status_code != 404, name
