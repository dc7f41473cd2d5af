"""The member's and pilot's dashboard."""

import pytest
from django.urls import reverse

from parcours.models import Membre
from tests.factories import OrganisationFactory, UserFactory
from tests.parcours.factories import (
    InscriptionFactory,
    ParcoursFactory,
    ParticipationFactory,
    SeanceFactory,
)

pytestmark = pytest.mark.django_db


def test_the_dashboard_shows_organisations_parcours_and_next_sessions(client):
    inscription = InscriptionFactory(organisation=OrganisationFactory(nom="Ludothèque La Toupie"))
    pilote = UserFactory(pilote_de=inscription.organisation)
    inscrite = SeanceFactory(parcours=inscription.parcours, titre="Atelier inscrit")
    ParticipationFactory(seance=inscrite, personne=pilote)
    SeanceFactory(parcours=inscription.parcours, titre="Atelier ouvert")
    ParcoursFactory(code="APPEL", candidatures_ouvertes=True)
    client.force_login(pilote)
    response = client.get(reverse("parcours:mon_espace"))
    html = response.content.decode()
    assert reverse("parcours:organisation", args=[inscription.organisation.pk]) in html
    assert reverse("parcours:parcours", args=[inscription.parcours.pk]) in html
    assert reverse("parcours:organisation_inviter", args=[inscription.organisation.pk]) in html
    assert [p.seance for p in response.context["prochaines"]] == [inscrite]
    assert [s.titre for s in response.context["ouvertes"]] == ["Atelier ouvert"]
    assert [p.code for p in response.context["appels"]] == ["APPEL"]


def test_a_member_sees_no_pilot_actions(client):
    organisation = OrganisationFactory()
    membre = UserFactory(membre_de=organisation)
    client.force_login(membre)
    response = client.get(reverse("parcours:mon_espace"))
    assert reverse("parcours:organisation_inviter", args=[organisation.pk]) not in (
        response.content.decode()
    )
    assert response.context["appels"] == []


def test_the_dashboard_runs_the_same_number_of_queries_for_1_or_8_organisations(
    client, django_assert_num_queries
):
    personne = UserFactory()
    client.force_login(personne)

    def ajouter(n):
        for _ in range(n):
            inscription = InscriptionFactory()
            Membre.objects.create(personne=personne, organisation=inscription.organisation)
            ParticipationFactory(
                seance=SeanceFactory(parcours=inscription.parcours), personne=personne
            )
            SeanceFactory(parcours=inscription.parcours)

    ajouter(1)
    with django_assert_num_queries(9):
        client.get(reverse("parcours:mon_espace"))
    ajouter(7)
    with django_assert_num_queries(9):
        response = client.get(reverse("parcours:mon_espace"))
    assert len(response.context["adhesions"]) == 8


def test_a_pilot_is_not_invited_to_apply_to_a_parcours_their_organisation_is_in(client):
    deja = ParcoursFactory(code="DEJA", candidatures_ouvertes=True)
    inscription = InscriptionFactory(parcours=deja)
    ParcoursFactory(code="AUTRE", candidatures_ouvertes=True)
    client.force_login(UserFactory(pilote_de=inscription.organisation))
    response = client.get(reverse("parcours:mon_espace"))
    assert [p.code for p in response.context["appels"]] == ["AUTRE"]
