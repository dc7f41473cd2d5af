"""Organisations: the team's list and forms, the organisation page, archiving."""

import pytest
from django.urls import reverse

from parcours.models import Organisation
from tests.factories import OrganisationFactory, TerritoireFactory, UserFactory
from tests.parcours.factories import InscriptionFactory, ParticipationFactory, SeanceFactory

pytestmark = pytest.mark.django_db

SIRET_VALIDE = "38328137500048"


@pytest.fixture
def chargee(client):
    user = UserFactory(chargee=True)
    client.force_login(user)
    return user


def _donnees(**extra):
    territoire = TerritoireFactory(code="MEL")
    return {
        "nom": "La Fabrique",
        "siret": "",
        "forme_juridique": "Association loi 1901",
        "territoire": territoire.pk,
        "commune": "Roubaix",
        "effectif": "8",
        "secteur": "Insertion",
        "site_web": "",
        "description": "",
        **extra,
    }


def test_the_team_creates_an_organisation_with_a_siret_typed_with_spaces(client, chargee):
    response = client.post(
        reverse("parcours:organisation_creer"), _donnees(siret="383 281 375 00048")
    )
    organisation = Organisation.objects.get(nom="La Fabrique")
    assert response.status_code == 302
    assert response["Location"] == reverse("parcours:organisation", args=[organisation.pk])
    assert organisation.siret == SIRET_VALIDE


@pytest.mark.parametrize(
    ("siret", "message"),
    [
        ("1234", "Le SIRET doit comporter exactement 14 chiffres."),
        (
            "38328137500049",
            "Ce SIRET n&#x27;est pas valide (la clé de contrôle ne correspond pas).",
        ),
    ],
)
def test_an_invalid_siret_is_refused_with_a_french_message_on_the_field(
    client, chargee, siret, message
):
    response = client.post(reverse("parcours:organisation_creer"), _donnees(siret=siret))
    assert response.status_code == 200
    assert response.context["form"].errors["siret"]
    assert message in response.content.decode()
    assert not Organisation.objects.filter(nom="La Fabrique").exists()


def test_a_siret_already_used_is_refused_on_the_field(client, chargee):
    OrganisationFactory(siret=SIRET_VALIDE)
    response = client.post(reverse("parcours:organisation_creer"), _donnees(siret=SIRET_VALIDE))
    assert response.context["form"].errors["siret"] == [
        "Une organisation avec ce SIRET existe déjà."
    ]


def test_two_organisations_without_siret_may_coexist(client, chargee):
    OrganisationFactory(siret=None)
    client.post(reverse("parcours:organisation_creer"), _donnees())
    assert Organisation.objects.filter(nom="La Fabrique", siret__isnull=True).exists()


def test_a_pilot_edits_the_profile_but_not_the_territory(client):
    organisation = OrganisationFactory(commune="Lille")
    pilote = UserFactory(pilote_de=organisation)
    autre = TerritoireFactory(code="CAVM")
    client.force_login(pilote)
    data = _donnees(nom=organisation.nom, commune="Lomme", territoire=autre.pk)
    response = client.post(reverse("parcours:organisation_modifier", args=[organisation.pk]), data)
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.commune == "Lomme"
    assert organisation.territoire.code == "MEL"


def test_archiving_hides_the_organisation_from_the_default_list_but_keeps_it(client, chargee):
    organisation = OrganisationFactory(nom="Ancienne asso")
    response = client.post(reverse("parcours:organisation_archiver", args=[organisation.pk]))
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.archivee
    liste = client.get(reverse("parcours:organisations"))
    assert organisation not in liste.context["page"].object_list
    archivees = client.get(reverse("parcours:organisations"), {"statut": "archivees"})
    assert organisation in archivees.context["page"].object_list
    client.post(reverse("parcours:organisation_restaurer", args=[organisation.pk]))
    organisation.refresh_from_db()
    assert not organisation.archivee


def test_the_list_filters_by_search_territory_and_parcours(client, chargee):
    mel, cavm = TerritoireFactory(code="MEL"), TerritoireFactory(code="CAVM")
    a = OrganisationFactory(nom="Recyclerie du Ferrain", territoire=mel, commune="Tourcoing")
    b = OrganisationFactory(nom="Ludothèque La Toupie", territoire=cavm, commune="Anzin")
    inscription = InscriptionFactory(organisation=b)
    url = reverse("parcours:organisations")

    def noms(**params):
        return {o.nom for o in client.get(url, params).context["page"].object_list}

    assert noms(q="tourcoing") == {a.nom}
    assert noms(territoire=cavm.pk) == {b.nom}
    assert noms(parcours=inscription.parcours.pk) == {b.nom}


def test_the_list_answers_a_fragment_to_htmx(client, chargee):
    OrganisationFactory(nom="Asso fragment")
    response = client.get(reverse("parcours:organisations"), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "Asso fragment" in html and "<html" not in html


def test_the_list_runs_the_same_number_of_queries_for_2_or_30_organisations(
    client, chargee, django_assert_num_queries
):
    url = reverse("parcours:organisations")
    for i in range(2):
        InscriptionFactory(organisation=OrganisationFactory(nom=f"Petite {i}"))
    with django_assert_num_queries(11):
        client.get(url)
    for i in range(28):
        organisation = OrganisationFactory(nom=f"Organisation {i:02d}")
        UserFactory(membre_de=organisation)
        InscriptionFactory(organisation=organisation)
    with django_assert_num_queries(11):
        response = client.get(url)
    assert len(response.context["page"].object_list) == 25


def test_the_organisation_page_shows_members_parcours_and_attended_sessions(client):
    organisation = OrganisationFactory(nom="Les Jardins de Moulins")
    pilote = UserFactory(first_name="Inès", last_name="Lefebvre", pilote_de=organisation)
    inscription = InscriptionFactory(organisation=organisation)
    ParticipationFactory(personne=pilote, organisation=organisation, statut="present")
    client.force_login(pilote)
    html = client.get(reverse("parcours:organisation", args=[organisation.pk])).content.decode()
    assert "Inès Lefebvre" in html
    assert inscription.parcours.nom in html
    assert "1 séance," in html


def _page_organisation(n):
    organisation = OrganisationFactory()
    pilote = UserFactory(pilote_de=organisation)
    for _ in range(n):
        UserFactory(membre_de=organisation)
        InscriptionFactory(organisation=organisation)
        ParticipationFactory(personne=UserFactory(), organisation=organisation, statut="present")
    return organisation, pilote


def test_the_organisation_page_runs_the_same_number_of_queries_for_1_or_15_rows(
    client, django_assert_num_queries
):
    petite, pilote = _page_organisation(1)
    client.force_login(pilote)
    with django_assert_num_queries(18):
        client.get(reverse("parcours:organisation", args=[petite.pk]))
    grande, pilote = _page_organisation(15)
    client.force_login(pilote)
    with django_assert_num_queries(18):
        client.get(reverse("parcours:organisation", args=[grande.pk]))


def test_the_organisation_page_never_tells_who_took_part_in_a_bulle(client):
    organisation = OrganisationFactory()
    membre = UserFactory(last_name="Discrète", membre_de=organisation)
    ParticipationFactory(
        seance=SeanceFactory(parcours=None, type="bulle_dialogue", titre="Bulle des directions"),
        personne=membre,
        organisation=organisation,
        statut="present",
    )
    client.force_login(UserFactory(chargee=True))
    response = client.get(reverse("parcours:organisation", args=[organisation.pk]))
    assert "Bulle des directions" not in response.content.decode()
    assert response.context["totaux"]["seances"] == 0
