"""The demo agenda: upcoming sessions with registrations, loaded twice without change."""

import io

import pytest
from django.utils import timezone

from parcours import demo
from parcours.models import Participation, Seance
from tests.factories import OrganisationFactory, TerritoireFactory

pytestmark = pytest.mark.django_db


def test_the_demo_agenda_is_alive_and_idempotent():
    mel = TerritoireFactory(code="MEL")
    existante = OrganisationFactory(nom="Ludothèque La Toupie", territoire=mel)
    sortie = io.StringIO()
    demo.charger(sortie)
    compte = (Seance.objects.count(), Participation.objects.count())
    demo.charger(io.StringIO())
    assert (Seance.objects.count(), Participation.objects.count()) == compte
    today = timezone.localdate()
    a_venir = Seance.objects.filter(date__gt=today)
    assert a_venir.count() >= 4
    assert Seance.objects.publiques().filter(date__gt=today).count() == 2
    assert Participation.objects.filter(seance__in=a_venir, statut="inscrit").exists()
    assert Participation.objects.filter(statut="attente").exists()
    assert existante.participations.exists()  # looked up by name, not duplicated
    assert "Agenda de démonstration" in sortie.getvalue()
