import datetime

import pytest
from django.urls import reverse

from accompagnateurs import suggestions
from accompagnateurs.suggestions import (
    besoins_organisation,
    mots_cles,
    register_plan_amelioration_provider,
    suggerer_accompagnateurs,
)
from tests.accompagnateurs.factories import (
    AccompagnateurFactory,
    DemiJourneeFactory,
    MissionFactory,
    SpecialiteFactory,
)
from tests.factories import OrganisationFactory, TerritoireFactory, ThematiqueFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def themes():
    return {
        "recrutement": ThematiqueFactory(nom="Recrutement et intégration"),
        "management": ThematiqueFactory(nom="Management et posture de direction"),
        "qvt": ThematiqueFactory(nom="Conditions de travail et qualité de vie au travail"),
    }


def _noms(resultat):
    return [s.accompagnateur.user.last_name for s in resultat]


def test_key_words_ignore_accents_and_generic_words():
    assert mots_cles("Aide au recrutement") == {"recrutement"}
    assert "egalite" in mots_cles("Égalité femmes-hommes")
    assert "travail" not in mots_cles("Organisation du travail")


def test_ranking_puts_the_matching_theme_first_then_specialties(themes):
    org = OrganisationFactory()
    AccompagnateurFactory(user__last_name="Rien")
    AccompagnateurFactory(
        user__last_name="Specialite",
        specialites=[SpecialiteFactory(nom="Aide au recrutement")],
    )
    AccompagnateurFactory(user__last_name="Theme", thematiques=[themes["recrutement"]])
    resultat = suggerer_accompagnateurs(organisation=org, thematique=themes["recrutement"])
    assert _noms(resultat) == ["Theme", "Specialite", "Rien"]
    assert resultat[0].score == 3 and resultat[1].score == 2 and resultat[2].score == 0
    assert "Spécialité « Aide au recrutement »" in resultat[1].raisons


def test_the_organisations_past_needs_and_territory_count(themes):
    mel = TerritoireFactory(code="MEL")
    org = OrganisationFactory(territoire=mel)
    DemiJourneeFactory(
        organisation=org,
        thematique=themes["qvt"],
        validee=True,
        accompagnateur=AccompagnateurFactory(sorti=True),
    )
    AccompagnateurFactory(user__last_name="Neutre")
    AccompagnateurFactory(user__last_name="Qvt", thematiques=[themes["qvt"]])
    AccompagnateurFactory(user__last_name="Local", territoires=[mel])
    assert besoins_organisation(org) == {themes["qvt"].pk}
    resultat = suggerer_accompagnateurs(organisation=org, thematique=themes["management"])
    assert _noms(resultat)[-1] == "Neutre"
    assert {s.accompagnateur.user.last_name: s.score for s in resultat} == {
        "Qvt": 1,
        "Local": 1,
        "Neutre": 0,
    }


def test_equal_matches_go_to_the_least_loaded_coach(themes):
    org = OrganisationFactory()
    charge = AccompagnateurFactory(user__last_name="Aaa-charge", thematiques=[themes["management"]])
    AccompagnateurFactory(user__last_name="Zzz-libre", thematiques=[themes["management"]])
    MissionFactory(accompagnateur=charge, budget_demi_journees=6)
    resultat = suggerer_accompagnateurs(organisation=org, thematique=themes["management"])
    assert _noms(resultat) == ["Zzz-libre", "Aaa-charge"]
    assert resultat[1].missions_en_cours == 1 and resultat[1].demi_journees_a_venir == 6


def test_coaches_who_left_are_not_suggested(themes):
    org = OrganisationFactory()
    AccompagnateurFactory(
        user__last_name="Parti",
        thematiques=[themes["management"]],
        sortie=datetime.date.today() - datetime.timedelta(days=1),
    )
    assert suggerer_accompagnateurs(organisation=org, thematique=themes["management"]) == []


def test_the_improvement_plan_hook_feeds_the_needs(themes, monkeypatch):
    monkeypatch.setattr(suggestions, "_plan_providers", [])
    org = OrganisationFactory()
    register_plan_amelioration_provider(lambda o: [themes["recrutement"].pk] if o == org else [])
    AccompagnateurFactory(user__last_name="Recrute", thematiques=[themes["recrutement"]])
    AccompagnateurFactory(user__last_name="Autre")
    resultat = suggerer_accompagnateurs(organisation=org, thematique=themes["management"])
    assert _noms(resultat) == ["Recrute", "Autre"]
    assert any("Besoin de l'organisation" in r for r in resultat[0].raisons)


@pytest.mark.parametrize("n", [2, 10])
def test_suggestions_page_query_count_does_not_grow(client, django_assert_num_queries, themes, n):
    org = OrganisationFactory()
    for _ in range(n):
        coach = AccompagnateurFactory(
            thematiques=[themes["qvt"]], specialites=[SpecialiteFactory()]
        )
        MissionFactory(accompagnateur=coach)
        DemiJourneeFactory(organisation=org, thematique=themes["qvt"], validee=True)
    client.force_login(UserFactory(chargee=True))
    url = reverse("accompagnateurs:suggestions")
    params = {"organisation": org.pk, "thematique": themes["management"].pk}
    with django_assert_num_queries(17):
        response = client.get(url, params, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "score" in response.content.decode()
