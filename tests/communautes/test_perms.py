""" "Objects this user may see" querysets agree with the rules, for every role of the world."""

import pytest

from apes_rh.perms import can
from communautes.models import (
    BulleDialogue,
    Communaute,
    bulles_visibles_par,
    seances_coorganisees_par,
)
from communautes.perms import coorganise
from parcours.models import Seance
from tests.access_base import ROLES
from tests.factories import UserFactory

from .factories import ContactPartenaireFactory, CoOrganisationFactory, ParticipationFactory, bulle

pytestmark = pytest.mark.django_db


@pytest.fixture
def monde_etendu(monde):
    """The shared world plus a bulle where the pilot waits, and a workshop of a co-organised event."""
    from communautes import services
    from parcours.enums import StatutParticipation as S

    b = bulle(communaute=monde.communaute)
    ParticipationFactory(seance=b.seance, personne=monde.users["pilote"], statut=S.ATTENTE)
    services.atelier_ajouter(
        evenement=monde.seance_partenaire, par=monde.users["chargee"], titre="Atelier"
    )
    CoOrganisationFactory(reseau=ContactPartenaireFactory().reseau)
    return monde


@pytest.mark.parametrize("role", ROLES)
def test_bulles_visibles_par_matches_the_rule(monde_etendu, role):
    user = monde_etendu.users[role] or _anonyme()
    visibles = set(bulles_visibles_par(user))
    for b in BulleDialogue.objects.select_related("seance"):
        seance = Seance.objects.get(pk=b.seance_id)
        assert (b in visibles) == can(user, "bulle.contenu", seance), (role, b)


@pytest.mark.parametrize("role", ROLES)
def test_seances_coorganisees_par_matches_the_rule(monde_etendu, role):
    user = monde_etendu.users[role] or _anonyme()
    visibles = set(seances_coorganisees_par(user))
    for seance in Seance.objects.all():
        assert (seance in visibles) == coorganise(user, Seance.objects.get(pk=seance.pk)), (
            role,
            seance,
        )


@pytest.mark.parametrize("role", ROLES)
def test_dont_membre_matches_the_rule(monde, role):
    user = monde.users[role] or _anonyme()
    membres = set(Communaute.objects.dont_membre(user))
    for communaute in Communaute.objects.all():
        assert (communaute in membres) == can(user, "communaute.quitter", communaute)


def test_rules_answer_from_one_query_each_per_object(django_assert_num_queries):
    """Several rules about the same session reuse what they already asked."""
    b = bulle()
    user = UserFactory()
    seance = Seance.objects.select_related("communaute").get(pk=b.seance_id)
    can(user, "bulle.contenu", seance)
    with django_assert_num_queries(0):
        can(user, "bulle.contenu", seance)
        can(user, "seance_communaute.desinscrire", seance)


def _anonyme():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()
