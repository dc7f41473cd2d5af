import datetime
import io

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accompagnateurs import demo
from accompagnateurs.models import (
    Accompagnateur,
    AppelAManifestation,
    BilanAnnuel,
    DemiJournee,
    Mission,
)
from accompagnateurs.tasks import rappeler_brouillons
from apes_rh.navigation import LIENS_EQUIPE, LIENS_PUBLICS
from parcours.models import Seance
from tests.accompagnateurs.factories import AccompagnateurFactory, DemiJourneeFactory
from tests.factories import OrganisationFactory, TerritoireFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_yearly_review_notes_are_linked_to_a_session_and_read_by_coaches(client):
    seance = Seance.objects.create(
        ref="BILAN-2021",
        titre="Bilan du pool 2021",
        type="rencontre_thematique",
        date=datetime.date(2021, 12, 9),
    )
    equipe = UserFactory(chargee=True)
    client.force_login(equipe)
    response = client.post(
        reverse("accompagnateurs:bilan_nouveau"),
        {"seance": seance.pk, "notes": "Une année riche.", "decisions": "Un AMI en 2022."},
    )
    assert response.status_code == 302
    bilan = BilanAnnuel.objects.get()
    assert bilan.redige_par == equipe
    # The same session cannot get a second record.
    response = client.get(reverse("accompagnateurs:bilan_nouveau"))
    assert seance not in response.context["form"].fields["seance"].queryset

    coach = AccompagnateurFactory()
    client.force_login(coach.user)
    page = client.get(reverse("accompagnateurs:bilan", args=[bilan.pk]))
    assert "Une année riche." in page.content.decode()
    assert client.get(reverse("accompagnateurs:bilan_modifier", args=[bilan.pk])).status_code == 403
    client.force_login(UserFactory(pilote_de=OrganisationFactory()))
    assert client.get(reverse("accompagnateurs:bilan", args=[bilan.pk])).status_code == 404


def test_the_app_registers_team_tiles_and_a_public_link():
    assert "accompagnateurs:annuaire" in {lien.url_name for lien in LIENS_PUBLICS}
    tuiles = {lien.url_name for lien in LIENS_EQUIPE}
    assert {
        "accompagnateurs:validation",
        "accompagnateurs:missions",
        "accompagnateurs:activite",
        "accompagnateurs:appels_equipe",
        "accompagnateurs:pool",
    } <= tuiles


def test_old_drafts_trigger_a_reminder():
    coach = AccompagnateurFactory()
    vieux = DemiJourneeFactory(accompagnateur=coach)
    vieux.creee_le = timezone.now() - datetime.timedelta(days=10)
    vieux.save()
    DemiJourneeFactory(accompagnateur=AccompagnateurFactory())  # a recent draft: no reminder
    assert rappeler_brouillons() == 1
    assert mail.outbox[0].to == [coach.user.email]


def test_demo_data_is_idempotent_and_creates_missing_coaches():
    TerritoireFactory(code="MEL")
    for nom in [
        "Ludothèque La Toupie",
        "Maillage",
        "Dunes Insertion",
        "Les Fourmis Vertes",
        "Les Jardins de Moulins",
    ]:
        OrganisationFactory(nom=nom)
    sortie = io.StringIO()
    demo.charger(sortie)
    comptes = (
        Accompagnateur.objects.count(),
        Mission.objects.count(),
        DemiJournee.objects.count(),
        AppelAManifestation.objects.count(),
        BilanAnnuel.objects.count(),
    )
    assert comptes == (13, 5, 10, 1, 1)
    assert DemiJournee.objects.filter(statut="brouillon").exists()
    assert DemiJournee.objects.filter(statut="soumise").exists()
    assert Mission.objects.filter(co_accompagnateur__isnull=False).count() == 2
    demo.charger(io.StringIO())
    assert comptes == (
        Accompagnateur.objects.count(),
        Mission.objects.count(),
        DemiJournee.objects.count(),
        AppelAManifestation.objects.count(),
        BilanAnnuel.objects.count(),
    )
    assert "accompagnateur·trice créé·e" in sortie.getvalue()


def test_team_pool_and_missions_pages(client):
    coach = AccompagnateurFactory()
    DemiJourneeFactory(accompagnateur=coach, soumise=True)
    client.force_login(UserFactory(chargee=True))
    page = client.get(reverse("accompagnateurs:pool"))
    assert page.context["page"][0].a_valider == 1
    assert client.get(reverse("accompagnateurs:pool"), {"etat": "sortis"}).status_code == 200
    assert client.get(reverse("accompagnateurs:missions"), {"statut": "toutes"}).status_code == 200
    response = client.post(reverse("accompagnateurs:specialites"), {"nom": "Paie"})
    assert response.status_code == 302
    response = client.post(reverse("accompagnateurs:specialites"), {"nom": "Paie"})
    assert response.status_code == 200  # unique name: field error, no 500
