"""Parcours: team forms, enrolment, applications by pilots and the team's answer, the page."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from parcours.enums import EtapeParcours, StatutInscription
from parcours.models import Inscription, Parcours
from tests.factories import OrganisationFactory, TerritoireFactory, UserFactory
from tests.parcours.factories import (
    InscriptionFactory,
    ParcoursFactory,
    ParticipationFactory,
    SeanceFactory,
    dans,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def chargee(client):
    user = UserFactory(chargee=True)
    client.force_login(user)
    return user


def _donnees(**extra):
    return {
        "code": "CUD-2027",
        "nom": "Parcours Dunkerque 2027",
        "territoire": TerritoireFactory(code="CUD").pk,
        "debut": "2027-01-01",
        "fin": "2027-12-31",
        "autorite_partenaire": "Communauté urbaine de Dunkerque",
        "description": "",
        "capacite": "10",
        "diagnostic_debut": "2027-01-15",
        "diagnostic_fin": "2027-03-31",
        "schema_debut": "2027-04-01",
        "schema_fin": "2027-06-30",
        "suivi_debut": "2027-09-01",
        "suivi_fin": "2027-12-15",
        **extra,
    }


def test_the_team_creates_a_parcours_with_its_three_steps(client, chargee):
    response = client.post(reverse("parcours:parcours_creer"), _donnees())
    parcours = Parcours.objects.get(code="CUD-2027")
    assert response["Location"] == reverse("parcours:parcours", args=[parcours.pk])
    assert [e["debut"] for e in parcours.etapes] == [
        datetime.date(2027, 1, 15),
        datetime.date(2027, 4, 1),
        datetime.date(2027, 9, 1),
    ]


@pytest.mark.parametrize(
    ("champ", "valeurs", "message"),
    [
        ("fin", {"fin": "2026-12-01"}, "La date de fin précède la date de début."),
        ("schema_fin", {"schema_fin": "2027-03-01"}, "La fin de l&#x27;étape précède son début."),
        (
            "suivi_fin",
            {"suivi_fin": "2028-02-01"},
            "Cette date est en dehors des dates du parcours.",
        ),
        (
            "schema_debut",
            {"schema_debut": "2027-03-01"},
            "Cette étape commence avant la fin de la précédente.",
        ),
    ],
)
def test_wrong_dates_are_refused_on_their_field(client, chargee, champ, valeurs, message):
    response = client.post(reverse("parcours:parcours_creer"), _donnees(**valeurs))
    assert champ in response.context["form"].errors
    assert message in response.content.decode()
    assert not Parcours.objects.filter(code="CUD-2027").exists()


def test_capacity_below_enrolled_organisations_is_refused(client, chargee):
    parcours = ParcoursFactory(capacite=5)
    for _ in range(3):
        InscriptionFactory(parcours=parcours)
    data = _donnees(
        code=parcours.code,
        debut=parcours.debut.isoformat(),
        fin=parcours.fin.isoformat(),
        capacite="2",
        **{f"{e}_{b}": "" for e in ("diagnostic", "schema", "suivi") for b in ("debut", "fin")},
    )
    response = client.post(reverse("parcours:parcours_modifier", args=[parcours.pk]), data)
    assert response.context["form"].errors["capacite"] == [
        "La capacité ne peut pas être inférieure au nombre d'organisations déjà inscrites (3)."
    ]


def test_the_team_enrols_organisations_and_their_pilots_are_told(
    client, chargee, django_capture_on_commit_callbacks
):
    parcours = ParcoursFactory()
    organisation = OrganisationFactory(territoire=parcours.territoire)
    pilote = UserFactory(pilote_de=organisation)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("parcours:parcours_inscrire", args=[parcours.pk]),
            {"organisations": [organisation.pk]},
        )
    assert response.status_code == 302
    assert Inscription.objects.get(parcours=parcours, organisation=organisation).statut == (
        StatutInscription.INSCRITE
    )
    assert [m.to for m in mail.outbox] == [[pilote.email]]


def test_enrolment_beyond_capacity_is_refused_with_a_message(client, chargee):
    parcours = ParcoursFactory(capacite=1)
    InscriptionFactory(parcours=parcours)
    organisation = OrganisationFactory(territoire=parcours.territoire)
    response = client.post(
        reverse("parcours:parcours_inscrire", args=[parcours.pk]),
        {"organisations": [organisation.pk]},
    )
    assert response.context["form"].errors["organisations"] == [
        "Le parcours n'a plus que 0 place (capacité : 1)."
    ]
    assert not Inscription.objects.filter(organisation=organisation).exists()


@pytest.fixture
def appel():
    return ParcoursFactory(code="APPEL", candidatures_ouvertes=True)


def test_a_pilot_applies_and_the_team_is_told(client, appel, django_capture_on_commit_callbacks):
    organisation = OrganisationFactory()
    pilote = UserFactory(pilote_de=organisation)
    client.force_login(pilote)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("parcours:parcours_candidater", args=[appel.pk]),
            {"organisation": organisation.pk, "message": "Nous recrutons beaucoup."},
        )
    assert response["Location"] == reverse("parcours:mon_espace")
    candidature = Inscription.objects.get(parcours=appel, organisation=organisation)
    assert candidature.statut == StatutInscription.CANDIDATURE
    assert candidature.candidature_par == pilote
    assert mail.outbox[0].to == ["mission-rh@apes-hdf.org"]
    assert mail.outbox[0].reply_to == [pilote.email]


def test_a_pilot_cannot_apply_for_an_organisation_they_do_not_pilot(client, appel):
    pilote = UserFactory(pilote_de=OrganisationFactory())
    autre = OrganisationFactory()
    client.force_login(pilote)
    response = client.post(
        reverse("parcours:parcours_candidater", args=[appel.pk]),
        {"organisation": autre.pk, "message": "x"},
    )
    assert "organisation" in response.context["form"].errors
    assert not Inscription.objects.filter(organisation=autre).exists()


def test_a_closed_call_is_not_found(client):
    ferme = ParcoursFactory(candidatures_ouvertes=False)
    client.force_login(UserFactory(pilote_de=OrganisationFactory()))
    assert client.get(reverse("parcours:parcours_candidater", args=[ferme.pk])).status_code == 404


def test_the_team_accepts_an_application_and_the_pilots_get_the_message(
    client, chargee, appel, django_capture_on_commit_callbacks
):
    organisation = OrganisationFactory()
    pilote = UserFactory(pilote_de=organisation)
    candidature = InscriptionFactory(
        parcours=appel,
        organisation=organisation,
        statut=StatutInscription.CANDIDATURE,
        candidature_par=pilote,
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("parcours:candidature_decider", args=[candidature.pk]),
            {"decision": "accepter", "reponse": "Bienvenue dans la cohorte !"},
        )
    candidature.refresh_from_db()
    assert candidature.statut == StatutInscription.INSCRITE
    assert candidature.decidee_par == chargee
    assert mail.outbox[0].to == [pilote.email]
    assert "acceptée" in mail.outbox[0].subject.lower()
    assert "Bienvenue dans la cohorte !" in mail.outbox[0].body


def test_declining_requires_a_message_which_is_emailed(
    client, chargee, appel, django_capture_on_commit_callbacks
):
    organisation = OrganisationFactory()
    pilote = UserFactory(pilote_de=organisation)
    candidature = InscriptionFactory(
        parcours=appel, organisation=organisation, statut=StatutInscription.CANDIDATURE
    )
    url = reverse("parcours:candidature_decider", args=[candidature.pk])
    response = client.post(url, {"decision": "refuser", "reponse": ""})
    assert response.context["form"].errors["reponse"] == [
        "Expliquez en quelques mots la raison du refus."
    ]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"decision": "refuser", "reponse": "Le parcours vise la MEL."})
    candidature.refresh_from_db()
    assert candidature.statut == StatutInscription.REFUSEE
    assert mail.outbox[0].to == [pilote.email]
    assert "Le parcours vise la MEL." in mail.outbox[0].body


def test_a_declined_organisation_may_apply_again(client, appel):
    organisation = OrganisationFactory()
    pilote = UserFactory(pilote_de=organisation)
    InscriptionFactory(parcours=appel, organisation=organisation, statut="refusee")
    client.force_login(pilote)
    client.post(
        reverse("parcours:parcours_candidater", args=[appel.pk]),
        {"organisation": organisation.pk, "message": "Nous avons précisé notre projet."},
    )
    assert Inscription.objects.get(organisation=organisation).statut == "candidature"


def test_the_team_moves_an_organisation_to_the_next_step_with_htmx(client, chargee):
    inscription = InscriptionFactory()
    response = client.post(
        reverse("parcours:inscription_etape", args=[inscription.pk]),
        {"etape": EtapeParcours.SCHEMA},
        HTTP_HX_REQUEST="true",
    )
    assert "Enregistré" in response.content.decode()
    inscription.refresh_from_db()
    assert inscription.etape == EtapeParcours.SCHEMA


def test_the_coach_of_the_parcours_moves_steps_but_a_member_may_not(client):
    coach = UserFactory()
    inscription = InscriptionFactory(parcours=ParcoursFactory(accompagnateurs=[coach]))
    membre = UserFactory(membre_de=inscription.organisation)
    url = reverse("parcours:inscription_etape", args=[inscription.pk])
    client.force_login(membre)
    assert client.post(url, {"etape": "suivi"}).status_code == 403
    client.force_login(coach)
    assert client.post(url, {"etape": "suivi"}).status_code == 302
    inscription.refresh_from_db()
    assert inscription.etape == "suivi"


def test_the_page_shows_attendance_rate_and_steps(client, chargee):
    parcours = ParcoursFactory()
    inscription = InscriptionFactory(parcours=parcours)
    passee = SeanceFactory(parcours=parcours, date=dans(-10))
    SeanceFactory(parcours=parcours, date=dans(10), titre="Atelier à venir")
    for statut in ("present", "present", "present", "absent"):
        ParticipationFactory(seance=passee, organisation=inscription.organisation, statut=statut)
    response = client.get(reverse("parcours:parcours", args=[parcours.pk]))
    assert response.context["stats"]["taux_presence"] == 75
    assert response.context["inscriptions"][0].seances_suivies == 1
    assert "Atelier à venir" in response.content.decode()


def _parcours_rempli(n):
    parcours = ParcoursFactory()
    for _ in range(n):
        inscription = InscriptionFactory(parcours=parcours)
        seance = SeanceFactory(parcours=parcours, date=dans(-5))
        SeanceFactory(parcours=parcours, date=dans(5))
        ParticipationFactory(seance=seance, organisation=inscription.organisation, statut="present")
        InscriptionFactory(
            parcours=parcours,
            statut=StatutInscription.CANDIDATURE,
            organisation=OrganisationFactory(),
        )
    return parcours


def test_the_parcours_page_runs_the_same_number_of_queries_for_1_or_12_organisations(
    client, chargee, django_assert_num_queries
):
    for n in (1, 12):
        parcours = _parcours_rempli(n)
        with django_assert_num_queries(16):
            response = client.get(reverse("parcours:parcours", args=[parcours.pk]))
        assert len(response.context["inscriptions"]) == n


def test_the_parcours_list_runs_the_same_number_of_queries_for_2_or_25_parcours(
    client, chargee, django_assert_num_queries
):
    for _ in range(2):
        _parcours_rempli(1)
    with django_assert_num_queries(11):
        client.get(reverse("parcours:parcours_liste"))
    for _ in range(23):
        _parcours_rempli(1)
    with django_assert_num_queries(11):
        response = client.get(reverse("parcours:parcours_liste"))
    assert len(response.context["page"].object_list) == 20


def test_a_member_lists_only_the_parcours_of_their_organisation(client):
    inscription = InscriptionFactory()
    ParcoursFactory(code="AUTRE")
    client.force_login(UserFactory(membre_de=inscription.organisation))
    response = client.get(reverse("parcours:parcours_liste"))
    assert list(response.context["page"].object_list) == [inscription.parcours]


def test_the_applications_list_runs_the_same_number_of_queries_for_1_or_30(
    client, chargee, django_assert_num_queries
):
    appel = ParcoursFactory(code="APPEL-LISTE", candidatures_ouvertes=True)

    def deposer(n):
        for _ in range(n):
            organisation = OrganisationFactory()
            InscriptionFactory(
                parcours=appel,
                organisation=organisation,
                statut=StatutInscription.CANDIDATURE,
                candidature_par=UserFactory(pilote_de=organisation),
            )

    deposer(1)
    with django_assert_num_queries(8):
        client.get(reverse("parcours:candidatures"))
    deposer(29)
    with django_assert_num_queries(8):
        response = client.get(reverse("parcours:candidatures"))
    assert len(response.context["page"].object_list) == 25
