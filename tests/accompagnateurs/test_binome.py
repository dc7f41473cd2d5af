"""Binôme rule: a half-day recorded in binôme belongs to its main coach (who writes, submits and
corrects it), counts once in reports and in the mission's budget, and appears in the activity
of both coaches."""

import datetime

import pytest
from django.urls import reverse

from accompagnateurs.activite import activite_pool, releve_accompagnateur
from accompagnateurs.models import DemiJournee, Mission
from tests.accompagnateurs.factories import (
    AccompagnateurFactory,
    DemiJourneeFactory,
    MissionFactory,
)

pytestmark = pytest.mark.django_db

DU, AU = datetime.date(2021, 1, 1), datetime.date(2021, 12, 31)


@pytest.fixture
def binome():
    principal = AccompagnateurFactory(user__last_name="Principal")
    second = AccompagnateurFactory(user__last_name="Second")
    mission = MissionFactory(
        accompagnateur=principal, co_accompagnateur=second, budget_demi_journees=5
    )
    dj = DemiJourneeFactory(
        accompagnateur=principal,
        co_accompagnateur=second,
        organisation=mission.organisation,
        mission=mission,
        demi_journees=2,
        validee=True,
        date=datetime.date(2021, 3, 1),
    )
    return principal, second, mission, dj


def test_a_binome_record_appears_in_both_coaches_activity(binome):
    principal, second, _, dj = binome
    assert list(DemiJournee.objects.pour_accompagnateur(principal)) == [dj]
    assert list(DemiJournee.objects.pour_accompagnateur(second)) == [dj]
    lignes_p = releve_accompagnateur(principal, DU, AU)
    lignes_s = releve_accompagnateur(second, DU, AU)
    assert [lg.demi_journees for lg in lignes_p] == [2]
    assert [lg.demi_journees for lg in lignes_s] == [2]
    assert "Binôme avec" in lignes_s[0].role and "relevé de sa part" in lignes_s[0].role


def test_a_binome_record_counts_once_in_the_pool_totals(binome):
    principal, second, _, _ = binome
    lignes, totaux = activite_pool(DU, AU)
    par_coach = {lg.accompagnateur.pk: lg for lg in lignes}
    assert par_coach[principal.pk].individuelles == 2
    assert par_coach[second.pk].individuelles == 2
    assert par_coach[second.pk].dont_binome == 2
    assert totaux.individuelles == 2  # not 4
    assert totaux.missions == 1


def test_a_binome_record_counts_once_in_the_missions_budget(binome):
    _, _, mission, _ = binome
    assert Mission.objects.avec_budget().get(pk=mission.pk).utilisees == 2


def test_only_the_main_coach_edits_it(client, binome):
    principal, second, _, dj = binome
    dj.statut = "brouillon"
    dj.save()
    client.force_login(second.user)
    # The binôme does not see their partner's draft…
    assert client.get(reverse("accompagnateurs:demi_journee", args=[dj.pk])).status_code == 404
    dj.statut = "soumise"
    dj.save()
    # …sees it once submitted, read-only.
    assert client.get(reverse("accompagnateurs:demi_journee", args=[dj.pk])).status_code == 200
    url = reverse("accompagnateurs:demi_journee_modifier", args=[dj.pk])
    assert client.get(url).status_code == 403
    client.force_login(principal.user)
    assert client.get(reverse("accompagnateurs:demi_journee", args=[dj.pk])).status_code == 200


def test_the_binome_reads_the_missions_organisation(client, binome):
    _, second, mission, _ = binome
    client.force_login(second.user)
    url = reverse("accompagnateurs:organisation", args=[mission.organisation_id])
    assert client.get(url).status_code == 200
    assert client.get(reverse("accompagnateurs:mission", args=[mission.pk])).status_code == 200
