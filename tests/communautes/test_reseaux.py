"""Partner networks: dated fluid roles, contacts, co-organised sessions; the partner's space
shows their networks, roles, co-organised sessions and registrations — nothing else."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from apes_rh.enums import Role
from apes_rh.roles import roles_of
from communautes import services
from communautes.models import ContactPartenaire, CoOrganisation, RoleReseauPartenaire
from parcours.enums import StatutParticipation as S
from tests.factories import UserFactory

from .factories import (
    ContactPartenaireFactory,
    CoOrganisationFactory,
    ParticipationFactory,
    ReseauFactory,
    RoleReseauFactory,
    SeanceFactory,
    bulle,
)

pytestmark = pytest.mark.django_db

J = datetime.date


def test_a_network_holds_several_dated_roles_at_once(client):
    reseau = ReseauFactory(nom="Fédération des centres sociaux")
    services.reseau_role_ajouter(reseau=reseau, role="contributeur", debut=J(2020, 10, 1))
    services.reseau_role_ajouter(
        reseau=reseau, role="prestataire", debut=J(2020, 10, 1), fin=J(2020, 12, 31)
    )
    services.reseau_role_ajouter(reseau=reseau, role="beneficiaire", debut=J(2021, 1, 1))
    actifs = RoleReseauPartenaire.objects.filter(reseau=reseau).actifs(J(2020, 11, 15))
    assert set(actifs.values_list("role", flat=True)) == {"contributeur", "prestataire"}
    actifs = RoleReseauPartenaire.objects.filter(reseau=reseau).actifs(J(2021, 6, 1))
    assert set(actifs.values_list("role", flat=True)) == {"contributeur", "beneficiaire"}


def test_a_role_cannot_overlap_itself_nor_end_before_it_starts():
    reseau = ReseauFactory()
    services.reseau_role_ajouter(
        reseau=reseau, role="prestataire", debut=J(2020, 1, 1), fin=J(2020, 6, 30)
    )
    with pytest.raises(ValidationError) as exc:
        services.reseau_role_ajouter(reseau=reseau, role="prestataire", debut=J(2020, 6, 1))
    assert "debut" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.reseau_role_ajouter(
            reseau=reseau, role="contributeur", debut=J(2021, 1, 1), fin=J(2020, 1, 1)
        )
    assert "fin" in exc.value.message_dict
    # The same role again, after the first one ended, is fine.
    services.reseau_role_ajouter(reseau=reseau, role="prestataire", debut=J(2021, 1, 1))
    assert reseau.roles.count() == 2


def test_the_team_adds_and_ends_roles_through_the_pages(client):
    reseau = ReseauFactory()
    client.force_login(UserFactory(chargee=True))
    response = client.post(
        reverse("communautes:role_ajouter", args=[reseau.pk]),
        {"role": "contributeur", "debut": "2020-06-01", "note": "Co-anime les rencontres"},
    )
    assert response.status_code == 302
    role = reseau.roles.get()
    response = client.post(
        reverse("communautes:role_terminer", args=[role.pk]), {"fin": "2019-01-01"}
    )
    role.refresh_from_db()
    assert role.fin is None
    client.post(reverse("communautes:role_terminer", args=[role.pk]), {"fin": "2021-12-31"})
    role.refresh_from_db()
    assert role.fin == J(2021, 12, 31)
    response = client.post(
        reverse("communautes:role_ajouter", args=[reseau.pk]),
        {"role": "inconnu", "debut": "pas une date"},
    )
    assert response.status_code == 200
    assert (
        "Sélectionnez un choix valide" in response.text
        and "Saisissez une date valide" in response.text
    )


def test_a_contact_is_invited_and_becomes_a_partner(client, django_capture_on_commit_callbacks):
    reseau = ReseauFactory(nom="URIOPSS Hauts-de-France")
    client.force_login(UserFactory(chargee=True))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("communautes:contact_ajouter", args=[reseau.pk]),
            {"email": "contact@uriopss.example", "first_name": "Lou", "fonction": "Conseillère RH"},
        )
    assert response.status_code == 302
    contact = ContactPartenaire.objects.get()
    assert contact.fonction == "Conseillère RH"
    assert Role.PARTENAIRE in roles_of(contact.personne)
    assert mail.outbox[-1].to == ["contact@uriopss.example"]
    assert "URIOPSS Hauts-de-France" in mail.outbox[-1].body


def test_removing_the_contact_removes_the_partner_role(client):
    contact = ContactPartenaireFactory()
    client.force_login(UserFactory(chargee=True))
    client.post(reverse("communautes:contact_retirer", args=[contact.pk]))
    personne = type(contact.personne).objects.get(pk=contact.personne_id)
    assert Role.PARTENAIRE not in roles_of(personne)


def test_the_network_page_lists_roles_contacts_and_co_organised_sessions(client):
    reseau = ReseauFactory(nom="COORACE")
    RoleReseauFactory(reseau=reseau, role="beneficiaire", note="Encadrant·es de SIAE")
    contact = ContactPartenaireFactory(reseau=reseau)
    CoOrganisationFactory(
        reseau=reseau, seance=SeanceFactory(titre="Co-développement entre encadrant·es")
    )
    client.force_login(UserFactory(chargee=True))
    html = client.get(reverse("communautes:reseau", args=[reseau.pk])).text
    assert "Encadrant·es de SIAE" in html and str(contact.personne) in html
    assert "Co-développement entre encadrant·es" in html
    html = client.get(reverse("communautes:reseaux")).text
    assert "COORACE" in html and "Bénéficiaire" in html


# --- The partner's space -------------------------------------------------------------------


@pytest.fixture
def partenaire():
    contact = ContactPartenaireFactory(fonction="Chargée de projets")
    RoleReseauFactory(reseau=contact.reseau, role="contributeur")
    RoleReseauFactory(
        reseau=contact.reseau, role="prestataire", debut=J(2020, 1, 1), fin=J(2020, 12, 31)
    )
    coorganisee = SeanceFactory(titre="Rencontre co-organisée")
    CoOrganisation.objects.create(seance=coorganisee, reseau=contact.reseau)
    ParticipationFactory(seance=coorganisee, personne=UserFactory(last_name="Inscrite"))
    ParticipationFactory(seance=coorganisee, statut=S.ATTENTE)
    autre = SeanceFactory(titre="Séance d'un autre réseau")
    CoOrganisationFactory(seance=autre)
    ParticipationFactory(seance=autre, personne=UserFactory(last_name="Étrangère"))
    return contact, coorganisee, autre


def test_the_partner_sees_networks_roles_co_organised_sessions_and_their_registrations(
    client, partenaire
):
    contact, coorganisee, autre = partenaire
    client.force_login(contact.personne)
    html = client.get(reverse("communautes:partenaire")).text
    assert contact.reseau.nom in html and "Chargée de projets" in html
    assert "Contributeur" in html and "Prestataire" in html and "(terminé)" in html
    assert "Rencontre co-organisée" in html and "Séance d&#x27;un autre réseau" not in html
    html = client.get(reverse("communautes:inscriptions", args=[coorganisee.pk])).text
    assert "Inscrite" in html and "Liste d&#x27;attente" in html
    # Partners see names and organisations, not e-mail addresses.
    assert "@" not in html.split("<main", 1)[1].split("</main>", 1)[0]


def test_the_partner_sees_nothing_else(client, partenaire):
    contact, coorganisee, autre = partenaire
    client.force_login(contact.personne)
    assert client.get(reverse("communautes:inscriptions", args=[autre.pk])).status_code == 403
    assert client.get(reverse("communautes:inscriptions_csv", args=[autre.pk])).status_code == 403
    for name in ("communautes:reseaux", "communautes:demandes", "communautes:satisfaction"):
        assert client.get(reverse(name)).status_code == 403
    assert client.get(reverse("communautes:reseau", args=[contact.reseau_id])).status_code == 403
    assert client.get(reverse("communautes:appui", args=[coorganisee.pk])).status_code in (403, 404)
    assert (
        client.get(reverse("communautes:satisfaction_seance", args=[coorganisee.pk])).status_code
        == 403
    )


def test_a_co_organised_bulle_shows_the_partner_its_count_only(client):
    contact = ContactPartenaireFactory()
    b = bulle()
    CoOrganisation.objects.create(seance=b.seance, reseau=contact.reseau)
    ParticipationFactory(seance=b.seance, personne=UserFactory(last_name="Confidentielle"))
    client.force_login(contact.personne)
    html = client.get(reverse("communautes:partenaire")).text
    assert "Bulle confidentielle" in html and "Confidentielle</" not in html
    assert client.get(reverse("communautes:inscriptions", args=[b.seance.pk])).status_code == 403


def test_the_registrations_export_is_a_csv_with_neutralised_formulas(client, partenaire):
    contact, coorganisee, _ = partenaire
    ParticipationFactory(seance=coorganisee, personne=UserFactory(first_name="=HYPERLINK(1)"))
    client.force_login(contact.personne)
    response = client.get(reverse("communautes:inscriptions_csv", args=[coorganisee.pk]))
    assert response["Content-Type"].startswith("text/csv")
    contenu = b"".join(response.streaming_content).decode("utf-8")
    assert contenu.startswith("\ufeffPrénom;Nom;Organisation;Statut")
    assert "'=HYPERLINK(1)" in contenu and "Inscrite" in contenu
    assert "@" not in contenu
    # The team's export has the e-mail addresses.
    client.force_login(UserFactory(chargee=True))
    response = client.get(reverse("communautes:inscriptions_csv", args=[coorganisee.pk]))
    assert "E-mail" in b"".join(response.streaming_content).decode("utf-8")


def test_the_team_adds_and_removes_a_co_organiser(client):
    seance = SeanceFactory()
    reseau = ReseauFactory()
    client.force_login(UserFactory(chargee=True))
    client.post(reverse("communautes:coorganisateurs", args=[seance.pk]), {"reseau": reseau.pk})
    client.post(reverse("communautes:coorganisateurs", args=[seance.pk]), {"reseau": reseau.pk})
    coorg = CoOrganisation.objects.get()
    client.post(reverse("communautes:coorganisation_retirer", args=[coorg.pk]))
    assert not CoOrganisation.objects.exists()
