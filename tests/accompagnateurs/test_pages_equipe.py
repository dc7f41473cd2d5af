"""Query counts of the team's lists and pages, at two data sizes."""

import datetime
from types import SimpleNamespace

import pytest
from django.urls import reverse

from accompagnateurs.models import BilanAnnuel
from parcours.models import Seance
from tests.accompagnateurs.factories import (
    AccompagnateurFactory,
    AppelFactory,
    CandidatureFactory,
    DemiJourneeFactory,
    MissionFactory,
    SpecialiteFactory,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _peupler(n):
    appel = AppelFactory()
    specialite = SpecialiteFactory()
    mission = None
    for i in range(n):
        coach = AccompagnateurFactory(specialites=[specialite])
        mission = MissionFactory(accompagnateur=coach, co_accompagnateur=AccompagnateurFactory())
        DemiJourneeFactory(
            accompagnateur=coach, organisation=mission.organisation, mission=mission, soumise=True
        )
        DemiJourneeFactory(
            accompagnateur=coach, organisation=mission.organisation, mission=mission, validee=True
        )
        CandidatureFactory(appel=appel).specialites.set([specialite])
        seance = Seance.objects.create(
            ref=f"B{i}",
            titre="Bilan",
            type="rencontre_thematique",
            date=datetime.date(2021, 12, 1 + i),
        )
        BilanAnnuel.objects.create(seance=seance, notes="Notes")
    return SimpleNamespace(appel=appel, mission=mission, coach=mission.accompagnateur)


URLS = [
    ("accompagnateurs:pool", []),
    ("accompagnateurs:missions", []),
    ("accompagnateurs:appels_equipe", []),
    ("accompagnateurs:candidatures", [lambda w: w.appel.pk]),
    ("accompagnateurs:bilans", []),
    ("accompagnateurs:specialites", []),
    ("accompagnateurs:mission", [lambda w: w.mission.pk]),
    ("accompagnateurs:activite_coach", [lambda w: w.coach.pk]),
]
ATTENDU = {
    "accompagnateurs:pool": 9,
    "accompagnateurs:missions": 8,
    "accompagnateurs:appels_equipe": 8,
    "accompagnateurs:candidatures": 10,
    "accompagnateurs:bilans": 8,
    "accompagnateurs:specialites": 8,
    "accompagnateurs:mission": 10,
    "accompagnateurs:activite_coach": 9,
}


@pytest.mark.parametrize("n", [1, 6])
@pytest.mark.parametrize("nom,args", URLS)
def test_team_pages_query_counts_do_not_grow(client, django_assert_num_queries, n, nom, args):
    w = _peupler(n)
    client.force_login(UserFactory(chargee=True))
    with django_assert_num_queries(ATTENDU[nom]):
        assert client.get(reverse(nom, args=[a(w) for a in args])).status_code == 200
