"""A person's data: export, and erasure that keeps the counts."""

import datetime
import json

import pytest
from django.core import mail
from django.urls import reverse

from apes_rh.donnees import personne_anonymiser
from apes_rh.models import User
from parcours.models import Participation, Seance
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def personne():
    organisation = OrganisationFactory(nom="La Clef du permis")
    user = UserFactory(
        email="lea@clef.example", first_name="Léa", last_name="Petit", membre_de=organisation
    )
    seance = Seance.objects.create(
        ref="S1", titre="Atelier", type="appui_collectif", date=datetime.date(2020, 5, 1)
    )
    Participation.objects.create(
        seance=seance, personne=user, organisation=organisation, statut="present"
    )
    return user


def test_a_person_downloads_their_own_data(client, personne):
    client.force_login(personne)
    response = client.get(reverse("mes_donnees_export"))
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["personne"]["adresse e-mail"] == "lea@clef.example"
    assert "password" not in json.dumps(data)
    assert any("Atelier" in str(p) for p in data["participations"])
    assert data["membres"][0]["organisation"] == "La Clef du permis"


def test_an_erasure_request_reaches_the_team(client, personne, settings):
    client.force_login(personne)
    client.post(reverse("mes_donnees_effacement"))
    assert mail.outbox[0].to == [settings.EQUIPE_EMAIL]
    assert "lea@clef.example" in mail.outbox[0].body


def test_erasure_anonymises_but_keeps_the_counts(personne):
    personne_anonymiser(personne=personne)
    personne.refresh_from_db()
    assert "lea" not in personne.email and personne.first_name == "Personne"
    assert not personne.is_active and not personne.has_usable_password()
    assert Participation.objects.filter(personne=personne, statut="present").count() == 1
    assert not User.objects.filter(email="lea@clef.example").exists()


def test_the_team_erases_after_typing_the_confirmation(client, personne):
    client.force_login(UserFactory(chargee=True))
    url = reverse("equipe_personne_anonymiser", kwargs={"pk": personne.pk})
    response = client.post(url, {"confirmation": "oui"})
    assert response.status_code == 400
    assert "Tapez exactement EFFACER" in response.content.decode()
    personne.refresh_from_db()
    assert personne.anonymise_le is None
    response = client.post(url, {"confirmation": "EFFACER"})
    assert response.status_code == 302
    personne.refresh_from_db()
    assert personne.anonymise_le is not None


def test_the_people_list_does_not_grow_in_queries(client, django_assert_max_num_queries):
    client.force_login(UserFactory(chargee=True))
    UserFactory.create_batch(3)
    with django_assert_max_num_queries(12) as small:
        client.get(reverse("equipe_personnes"))
    UserFactory.create_batch(30)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("equipe_personnes"), {"q": ""})


def test_erasure_blanks_a_members_words_in_a_diagnostic_but_keeps_the_level(personne):
    from outils.models import AvisMembre, Critere, ReponseAvis
    from tests.outils.factories import DiagnosticFactory

    diagnostic = DiagnosticFactory(organisation=personne.adhesions.get().organisation)
    avis = AvisMembre.objects.create(diagnostic=diagnostic, personne=personne)
    critere = Critere.objects.filter(theme__referentiel=diagnostic.referentiel).first()
    ReponseAvis.objects.create(avis=avis, critere=critere, niveau=2, commentaire="Moi, Léa, je…")
    personne_anonymiser(personne=personne)
    reponse = ReponseAvis.objects.get(avis=avis)
    assert reponse.commentaire == "" and reponse.niveau == 2
