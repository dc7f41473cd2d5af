"""A bulle's participants stay confidential in the agenda too: the team's attendance sheet and
registration list of a bulle are for its facilitators only."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory

from .factories import ParticipationFactory, SeanceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def bulle():
    seance = SeanceFactory(type="bulle_dialogue", titre="Bulle des dirigeant·es")
    ParticipationFactory(seance=seance, personne=UserFactory(last_name="Confidentiel"))
    return seance


def _urls(seance):
    from django.urls import NoReverseMatch

    for name in ("parcours:seance_presences", "parcours:seance"):
        try:
            yield name, reverse(name, kwargs={"pk": seance.pk})
        except NoReverseMatch:
            continue


def test_the_team_never_reads_who_takes_part_in_a_bulle(client, bulle):
    client.force_login(UserFactory(chargee=True))
    urls = list(_urls(bulle))
    assert urls
    for _name, url in urls:
        response = client.get(url)
        assert "Confidentiel" not in response.content.decode(), url


def test_the_facilitator_takes_attendance_of_a_bulle(client, bulle):
    animatrice = UserFactory()
    bulle.animateurs.add(animatrice)
    client.force_login(animatrice)
    url = dict(_urls(bulle)).get("parcours:seance_presences")
    if url is None:
        pytest.fail("la feuille de présence de l'agenda doit exister")
    response = client.get(url)
    assert response.status_code == 200
    assert "Confidentiel" in response.content.decode()
