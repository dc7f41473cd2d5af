"""E-mails sent by the apps' own tasks honour the reminder preferences too."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from accompagnateurs.tasks import rappeler_brouillons
from apes_rh import rappels
from apes_rh.models import EnvoiRappel, PreferenceRappel
from communautes import services
from parcours.enums import StatutParticipation
from tests.accompagnateurs.factories import AccompagnateurFactory, DemiJourneeFactory
from tests.communautes.factories import ParticipationFactory, SeanceFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _refuser(personne, code):
    PreferenceRappel.objects.create(personne=personne, type=code, recevoir=False)


def test_satisfaction_questionnaires_skip_people_who_opted_out_and_offer_the_choice(
    django_capture_on_commit_callbacks,
):
    seance = SeanceFactory(passee=True)
    garde, refuse = (
        ParticipationFactory(
            seance=seance, statut=StatutParticipation.PRESENT, personne=UserFactory()
        ).personne
        for _ in range(2)
    )
    _refuser(refuse, rappels.QUESTIONNAIRES)

    with django_capture_on_commit_callbacks(execute=True):
        assert services.questionnaires_envoyer() == 1
    assert [m.to for m in mail.outbox] == [[garde.email]]
    assert rappels.lien_preferences() in mail.outbox[0].body
    assert rappels.QUESTIONNAIRES in {t.code for t in rappels.types_pour(garde)}

    # Who opts out after the first e-mail gets no reminder either.
    _refuser(garde, rappels.QUESTIONNAIRES)
    mail.outbox.clear()
    plus_tard = timezone.now() + datetime.timedelta(days=5)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.questionnaires_relancer(maintenant=plus_tard) == 0
    assert mail.outbox == []


def _brouillon_ancien(coach):
    vieux = DemiJourneeFactory(accompagnateur=coach)
    vieux.creee_le = timezone.now() - datetime.timedelta(days=10)
    vieux.save()


def test_draft_reminders_go_through_the_reminders_once_a_week_and_honour_preferences():
    coach, refuse = AccompagnateurFactory(), AccompagnateurFactory()
    _brouillon_ancien(coach)
    _brouillon_ancien(refuse)
    _refuser(refuse.user, rappels.DEMI_JOURNEES)

    assert rappeler_brouillons() == 1
    assert rappeler_brouillons() == 0  # a second run the same week sends nothing

    assert [m.to for m in mail.outbox] == [[coach.user.email]]
    assert rappels.lien_preferences() in mail.outbox[0].body
    assert EnvoiRappel.objects.get(destinataire=coach.user).type == rappels.DEMI_JOURNEES
