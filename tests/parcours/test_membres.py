"""Members of an organisation: invitations by the pilot, roles, pilot handover and its history."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from apes_rh.enums import Role
from apes_rh.models import Invitation, User
from apes_rh.roles import roles_of
from parcours import services
from parcours.enums import RoleMembre
from parcours.models import Membre, Passation
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation():
    return OrganisationFactory(nom="Atelier Vélo du Pile")


@pytest.fixture
def pilote(organisation):
    return UserFactory(email="ines@pile.example", first_name="Inès", pilote_de=organisation)


@pytest.fixture
def membre(organisation):
    return UserFactory(email="hugo@pile.example", first_name="Hugo", membre_de=organisation)


def _frais(user):
    return User.objects.get(pk=user.pk)


def test_the_pilot_invites_a_new_member_who_gets_a_set_password_link(
    client, organisation, pilote, django_capture_on_commit_callbacks
):
    client.force_login(pilote)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("parcours:organisation_inviter", args=[organisation.pk]),
            {
                "email": "Zoe@Pile.example",
                "first_name": "Zoé",
                "last_name": "Durand",
                "role": "membre",
                "message": "Bienvenue !",
            },
        )
    assert response.status_code == 302
    zoe = User.objects.get(email="zoe@pile.example")
    assert not zoe.has_usable_password()
    adhesion = Membre.objects.get(personne=zoe, organisation=organisation)
    assert adhesion.role == RoleMembre.MEMBRE and adhesion.est_actif
    invitation = Invitation.objects.get(personne=zoe)
    assert invitation.invitee_par == pilote
    assert "Atelier Vélo du Pile" in invitation.message and "Bienvenue !" in invitation.message
    assert [m.to for m in mail.outbox] == [["zoe@pile.example"]]
    assert "/comptes/password/reset/key/" in mail.outbox[0].body
    assert Role.MEMBRE in roles_of(_frais(zoe))


def test_inviting_a_current_member_again_is_refused_on_the_email_field(
    client, organisation, pilote, membre
):
    client.force_login(pilote)
    response = client.post(
        reverse("parcours:organisation_inviter", args=[organisation.pk]),
        {"email": membre.email, "first_name": "H", "last_name": "D", "role": "membre"},
    )
    assert response.context["form"].errors["email"] == [
        "Cette personne est déjà membre de l'organisation."
    ]
    assert Membre.objects.filter(personne=membre).count() == 1


def test_an_organisation_without_pilot_may_invite_one(client, organisation):
    client.force_login(UserFactory(chargee=True))
    client.post(
        reverse("parcours:organisation_inviter", args=[organisation.pk]),
        {"email": "p@pile.example", "first_name": "P", "last_name": "Q", "role": "pilote"},
    )
    assert Membre.objects.get(personne__email="p@pile.example").role == RoleMembre.PILOTE


def test_a_second_pilot_cannot_be_invited(client, organisation, pilote):
    client.force_login(pilote)
    response = client.post(
        reverse("parcours:organisation_inviter", args=[organisation.pk]),
        {"email": "p@pile.example", "first_name": "P", "last_name": "Q", "role": "pilote"},
    )
    assert "role" in response.context["form"].errors
    assert not User.objects.filter(email="p@pile.example").exists()


def test_handover_keeps_the_former_pilot_period_and_shows_the_history(
    client, organisation, pilote, membre, django_capture_on_commit_callbacks
):
    client.force_login(pilote)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("parcours:organisation_passation", args=[organisation.pk]),
            {"nouveau": membre.pk, "ancien_reste_membre": "on", "message": "Bon courage"},
        )
    assert response.status_code == 302
    today = timezone.localdate()
    hier = today - datetime.timedelta(days=1)
    ancienne = Membre.objects.get(personne=pilote, role=RoleMembre.PILOTE)
    assert ancienne.debut == datetime.date(2020, 1, 1) and ancienne.fin == hier
    nouvelle = Membre.objects.get(personne=membre, role=RoleMembre.PILOTE)
    assert nouvelle.debut == today and nouvelle.fin is None
    assert Membre.objects.actifs().get(personne=pilote).role == RoleMembre.MEMBRE
    assert Membre.objects.get(personne=membre, role=RoleMembre.MEMBRE).fin == hier
    passation = Passation.objects.get()
    assert (passation.ancien, passation.nouveau, passation.par) == (pilote, membre, pilote)
    assert Role.PILOTE in roles_of(_frais(membre))
    assert Role.PILOTE not in roles_of(_frais(pilote))
    assert sorted(mail.outbox[0].to) == sorted([pilote.email, membre.email])

    page = client.get(reverse("parcours:organisation", args=[organisation.pk]))
    pilotes = page.context["pilotes"]
    assert [(p.personne, p.fin) for p in pilotes] == [(membre, None), (pilote, hier)]


def test_handover_where_the_former_pilot_leaves(organisation, pilote, membre):
    services.pilotage_transmettre(
        organisation=organisation, nouveau=membre, par=pilote, ancien_reste_membre=False
    )
    assert not Membre.objects.actifs().filter(personne=pilote).exists()
    assert Membre.objects.filter(personne=pilote).count() == 1


def test_handover_twice_in_a_day_leaves_a_consistent_history(organisation, pilote, membre):
    services.pilotage_transmettre(organisation=organisation, nouveau=membre, par=pilote)
    services.pilotage_transmettre(organisation=organisation, nouveau=pilote, par=membre)
    actifs = Membre.objects.actifs().filter(organisation=organisation)
    assert {(m.personne, m.role) for m in actifs} == {
        (pilote, RoleMembre.PILOTE),
        (membre, RoleMembre.MEMBRE),
    }
    assert Passation.objects.count() == 2


def test_the_pilot_role_goes_only_to_a_current_member(client, organisation, pilote):
    etranger = UserFactory(membre_de=OrganisationFactory())
    client.force_login(pilote)
    response = client.post(
        reverse("parcours:organisation_passation", args=[organisation.pk]),
        {"nouveau": etranger.pk},
    )
    assert response.context["form"].errors["nouveau"] == [
        "Choisissez un·e membre actuel·le de l'organisation."
    ]
    assert Membre.objects.actifs().get(personne=pilote).role == RoleMembre.PILOTE


def test_the_team_can_hand_over_for_an_organisation(client, organisation, pilote, membre):
    chargee = UserFactory(chargee=True)
    client.force_login(chargee)
    client.post(
        reverse("parcours:organisation_passation", args=[organisation.pk]),
        {"nouveau": membre.pk},
    )
    assert Passation.objects.get().par == chargee
    # The checkbox was left unticked: the former pilot left the organisation.
    assert not Membre.objects.actifs().filter(personne=pilote).exists()


def test_changing_a_role_keeps_the_previous_period(client, organisation, pilote, membre):
    client.force_login(pilote)
    adhesion = Membre.objects.get(personne=membre)
    client.post(reverse("parcours:membre_role", args=[adhesion.pk]), {"role": "copilote"})
    periodes = Membre.objects.filter(personne=membre).order_by("debut")
    assert [(p.role, p.fin is None) for p in periodes] == [("membre", False), ("copilote", True)]
    assert Role.PILOTE in roles_of(_frais(membre))


def test_removing_a_member_ends_the_membership_and_the_role(client, organisation, pilote, membre):
    client.force_login(pilote)
    adhesion = Membre.objects.get(personne=membre)
    client.post(reverse("parcours:membre_retirer", args=[adhesion.pk]))
    adhesion.refresh_from_db()
    assert adhesion.fin == timezone.localdate() - datetime.timedelta(days=1)
    assert Role.MEMBRE not in roles_of(_frais(membre))


def test_the_pilot_cannot_be_removed_before_a_handover(client, organisation, pilote):
    client.force_login(UserFactory(chargee=True))
    adhesion = Membre.objects.get(personne=pilote)
    response = client.post(reverse("parcours:membre_retirer", args=[adhesion.pk]), follow=True)
    assert "transmettez d&#x27;abord le pilotage" in response.content.decode()
    adhesion.refresh_from_db()
    assert adhesion.fin is None


def test_the_members_page_runs_the_same_number_of_queries_for_1_or_20_members(
    client, django_assert_num_queries
):
    def taille(n):
        organisation = OrganisationFactory()
        pilote = UserFactory(pilote_de=organisation)
        for _ in range(n):
            ancien = UserFactory(membre_de=organisation)
            Membre.objects.filter(personne=ancien).update(fin=datetime.date(2021, 1, 1))
            UserFactory(membre_de=organisation)
        return organisation, pilote

    for n in (1, 20):
        organisation, pilote = taille(n)
        client.force_login(pilote)
        with django_assert_num_queries(11):
            response = client.get(reverse("parcours:organisation_membres", args=[organisation.pk]))
        assert len(response.context["actuels"]) == n + 1
