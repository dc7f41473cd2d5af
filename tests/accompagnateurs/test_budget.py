"""Budget of a mission: used / remaining, warning before exceeding, exceeding needs approval."""

import datetime

import pytest
from django.urls import reverse

from accompagnateurs import services
from accompagnateurs.enums import StatutDemiJournee
from accompagnateurs.models import DemiJournee, Mission
from tests.accompagnateurs.factories import (
    AccompagnateurFactory,
    DemiJourneeFactory,
    MissionFactory,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HIER = datetime.date.today() - datetime.timedelta(days=1)


@pytest.fixture
def mission():
    return MissionFactory(budget_demi_journees=3, debut=datetime.date(2020, 1, 1))


def _releve(mission, n, **kw):
    return DemiJourneeFactory(
        accompagnateur=mission.accompagnateur,
        organisation=mission.organisation,
        mission=mission,
        demi_journees=n,
        **kw,
    )


def test_used_and_remaining_count_validated_half_days(mission):
    _releve(mission, 1, validee=True)
    _releve(mission, 1, soumise=True)
    m = Mission.objects.avec_budget().get(pk=mission.pk)
    assert (m.utilisees, m.prevues, m.restantes) == (1, 2, 2)
    assert not m.en_alerte and not m.depasse  # 2 of 3 recorded: under the 80 % threshold
    # Same numbers without the annotation.
    fresh = Mission.objects.get(pk=mission.pk)
    assert (fresh.utilisees, fresh.prevues, fresh.restantes) == (1, 2, 2)
    _releve(mission, 1)
    plein = Mission.objects.avec_budget().get(pk=mission.pk)
    assert plein.en_alerte and not plein.depasse
    _releve(mission, 1)
    assert Mission.objects.avec_budget().get(pk=mission.pk).depasse


def _post(client, mission, **extra):
    data = {
        "date": HIER.isoformat(),
        "organisation": mission.organisation_id,
        "demi_journees": 2,
        "nature": "individuel",
        "thematique": mission.thematique_id,
        "notes": "",
        "co_accompagnateur": "",
        "brouillon": "1",
    }
    data.update(extra)
    return client.post(reverse("accompagnateurs:demi_journee_nouvelle"), data)


def test_the_coach_is_warned_before_exceeding_and_must_confirm(client, mission):
    _releve(mission, 2, validee=True)
    client.force_login(mission.accompagnateur.user)
    response = _post(client, mission)
    assert response.status_code == 200
    page = response.content.decode()
    assert "budget dépassé" in page
    assert "compterait 4 demi-journées pour un budget de 3" in page
    assert DemiJournee.objects.count() == 1  # nothing written
    response = _post(client, mission, confirmer_depassement="on")
    assert response.status_code == 302
    assert DemiJournee.objects.count() == 2


def test_no_warning_within_budget(client, mission):
    client.force_login(mission.accompagnateur.user)
    assert _post(client, mission).status_code == 302


def test_validation_beyond_budget_needs_the_teams_approval(mission):
    equipe = UserFactory(chargee=True)
    _releve(mission, 2, validee=True)
    de_trop = _releve(mission, 2, soumise=True)
    res = services.demi_journees_valider(ids=[de_trop.pk], par=equipe)
    assert res.bloquees == [de_trop] and res.traitees == []
    de_trop.refresh_from_db()
    assert de_trop.statut == StatutDemiJournee.SOUMISE

    res = services.demi_journees_valider(ids=[de_trop.pk], par=equipe, approuver_depassement=True)
    assert res.traitees == [de_trop]
    mission.refresh_from_db()
    assert mission.depassement_accorde == 1
    assert mission.budget_total == 4 and mission.restantes == 0
    assert mission.history.first().history_change_reason.startswith("Dépassement approuvé")


def test_bulk_validation_screen_flags_and_blocks_overruns(client, mission):
    ok = _releve(mission, 2, soumise=True, date=datetime.date(2021, 1, 1))
    trop = _releve(mission, 2, soumise=True, date=datetime.date(2021, 2, 1))
    client.force_login(UserFactory(chargee=True))
    page = client.get(reverse("accompagnateurs:validation"))
    drapeaux = {d.pk: d.hors_budget for d in page.context["releves"]}
    assert drapeaux == {ok.pk: False, trop.pk: True}
    assert "dépasse le budget" in page.content.decode()
    response = client.post(
        reverse("accompagnateurs:validation_traiter"),
        {"action": "valider", "ids": [ok.pk, trop.pk]},
        follow=True,
    )
    assert "dépasseraient le budget" in response.content.decode()
    ok.refresh_from_db()
    trop.refresh_from_db()
    assert ok.statut == StatutDemiJournee.VALIDEE
    assert trop.statut == StatutDemiJournee.SOUMISE


def test_a_record_is_charged_to_the_coachs_mission_of_that_theme():
    coach = AccompagnateurFactory()
    m1 = MissionFactory(accompagnateur=coach, debut=datetime.date(2020, 1, 1))
    m2 = MissionFactory(
        accompagnateur=coach, organisation=m1.organisation, debut=datetime.date(2020, 6, 1)
    )
    assert (
        services.mission_pour(
            accompagnateur=coach,
            organisation=m1.organisation,
            date=datetime.date(2021, 1, 1),
            thematique=m1.thematique,
        )
        == m1
    )
    assert (
        services.mission_pour(
            accompagnateur=coach, organisation=m1.organisation, date=datetime.date(2021, 1, 1)
        )
        == m2
    )
    assert (
        services.mission_pour(
            accompagnateur=coach, organisation=m1.organisation, date=datetime.date(2019, 1, 1)
        )
        is None
    )


def test_team_grants_a_mission_with_a_binome(client):
    from tests.factories import OrganisationFactory, ThematiqueFactory

    a, b = AccompagnateurFactory(), AccompagnateurFactory()
    org, theme = OrganisationFactory(), ThematiqueFactory()
    client.force_login(UserFactory(chargee=True))
    base = {
        "organisation": org.pk,
        "thematique": theme.pk,
        "objectif": "Structurer le recrutement",
        "accompagnateur": a.pk,
        "co_accompagnateur": a.pk,
        "budget_demi_journees": 0,
        "debut": "2021-03-01",
        "fin": "2021-01-01",
    }
    response = client.post(reverse("accompagnateurs:mission_nouvelle"), base)
    assert response.status_code == 200
    erreurs = response.context["form"].errors
    assert set(erreurs) >= {"budget_demi_journees", "fin"}
    assert not Mission.objects.exists()
    base.update(co_accompagnateur=b.pk, budget_demi_journees=5, fin="2021-12-31")
    response = client.post(reverse("accompagnateurs:mission_nouvelle"), base)
    assert response.status_code == 302
    mission = Mission.objects.get()
    assert mission.co_accompagnateur == b and mission.creee_par is not None


def test_a_binome_of_the_same_person_is_refused(client):
    a = AccompagnateurFactory()
    m = MissionFactory(accompagnateur=a)
    client.force_login(UserFactory(chargee=True))
    response = client.post(
        reverse("accompagnateurs:mission_modifier", args=[m.pk]),
        {
            "organisation": m.organisation_id,
            "thematique": m.thematique_id,
            "objectif": "x",
            "accompagnateur": a.pk,
            "co_accompagnateur": a.pk,
            "budget_demi_journees": 3,
            "debut": "2021-01-01",
            "statut": "en_cours",
        },
    )
    assert response.status_code == 200
    assert "autre personne" in str(response.context["form"].errors)
