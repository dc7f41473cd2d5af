""" "Objects this user may see" querysets agree with the rules, for every role of the world."""

import pytest

from apes_rh.perms import can
from parcours.models import Organisation
from tests.access_base import ROLES
from tests.parcours.factories import InscriptionFactory, ParcoursFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def monde_suivi(monde):
    """The coach supports a parcours where org A is enrolled."""
    parcours = ParcoursFactory(code="SUIVI", accompagnateurs=[monde.users["accompagnateur"]])
    InscriptionFactory(parcours=parcours, organisation=monde.org_a)
    return monde


@pytest.mark.parametrize("role", [r for r in ROLES if r != "anonyme"])
def test_visible_organisations_match_the_rule(monde_suivi, role):
    user = monde_suivi.users[role]
    visibles = set(Organisation.objects.visibles_par(user))
    attendues = {o for o in Organisation.objects.all() if can(user, "organisation.voir", o)}
    assert visibles == attendues


def test_the_coach_of_a_parcours_sees_its_organisations(monde_suivi):
    coach = monde_suivi.users["accompagnateur"]
    assert can(coach, "organisation.voir", monde_suivi.org_a)
    assert not can(coach, "organisation.voir", monde_suivi.org_b)
    assert not can(coach, "organisation.piloter", monde_suivi.org_a)


def test_anonymous_people_see_no_organisation():
    from django.contrib.auth.models import AnonymousUser

    assert not Organisation.objects.visibles_par(AnonymousUser()).exists()


@pytest.mark.parametrize("role", [r for r in ROLES if r != "anonyme"])
def test_visible_parcours_match_the_rule(monde_suivi, role):
    from parcours.models import Parcours

    user = monde_suivi.users[role]
    visibles = set(Parcours.objects.visibles_par(user))
    attendus = {p for p in Parcours.objects.all() if can(user, "parcours.voir", p)}
    assert visibles == attendus
    assert visibles or role in ("financeur", "partenaire")


def test_a_pending_application_does_not_open_the_parcours_page(monde):
    assert not can(monde.users["pilote"], "parcours.voir", monde.parcours_ouvert)
    assert can(monde.users["pilote"], "parcours.candidater", monde.parcours_ouvert)
    assert not can(monde.users["membre"], "parcours.candidater", monde.parcours_ouvert)


def test_a_coach_with_a_mission_sees_the_organisation(monde):
    """Missions belong to the coach-pool app; its definition of "followed" is reused here."""
    import datetime

    from accompagnateurs.models import Mission

    coach = monde.users["accompagnateur"]
    assert not can(coach, "organisation.voir", monde.org_b)
    Mission.objects.create(
        organisation=monde.org_b,
        thematique=monde.thematique,
        accompagnateur=monde.accompagnateur,
        objectif="Structurer le recrutement",
        budget_demi_journees=4,
        debut=datetime.date(2021, 1, 1),
    )
    assert can(coach, "organisation.voir", monde.org_b)
    assert monde.org_b in Organisation.objects.visibles_par(coach)
