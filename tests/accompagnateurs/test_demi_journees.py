import datetime

import pytest
from django.urls import reverse

from accompagnateurs.enums import StatutDemiJournee
from accompagnateurs.models import DemiJournee
from parcours.models import Inscription, Parcours
from tests.accompagnateurs.factories import (
    AccompagnateurFactory,
    DemiJourneeFactory,
    MissionFactory,
)
from tests.factories import FinanceurFactory, OrganisationFactory, ThematiqueFactory, UserFactory

pytestmark = pytest.mark.django_db

HIER = datetime.date.today() - datetime.timedelta(days=1)


@pytest.fixture
def coach():
    return AccompagnateurFactory()


@pytest.fixture
def mission(coach):
    return MissionFactory(
        accompagnateur=coach, budget_demi_journees=4, debut=datetime.date(2020, 1, 1)
    )


def _saisie(m, **extra):
    data = {
        "date": HIER.isoformat(),
        "organisation": m.organisation_id,
        "demi_journees": 1,
        "nature": "individuel",
        "thematique": m.thematique_id,
        "notes": "Point d'étape",
        "co_accompagnateur": "",
    }
    data.update(extra)
    return data


def test_the_form_lists_the_coachs_own_organisations_not_the_whole_network(client, coach, mission):
    autre = OrganisationFactory(nom="AAA première alphabétiquement")
    client.force_login(coach.user)
    response = client.get(reverse("accompagnateurs:demi_journee_nouvelle"))
    choix = response.context["form"].fields["organisation"].choices
    assert choix[1][0] == "Mes missions"
    assert choix[1][1] == [(mission.organisation_id, mission.organisation.nom)]
    assert len(choix) == 2
    assert autre.nom not in response.text


def test_the_empty_form_is_each_coachs_own_and_follows_their_missions(client, coach, mission):
    """The empty form's fields are kept between visits: per coach, renewed by any change."""
    autre_coach = AccompagnateurFactory()
    autre_mission = MissionFactory(accompagnateur=autre_coach, debut=datetime.date(2020, 1, 1))
    url = reverse("accompagnateurs:demi_journee_nouvelle")
    client.force_login(coach.user)
    assert mission.organisation.nom in client.get(url).text
    client.force_login(autre_coach.user)
    page = client.get(url).text
    assert autre_mission.organisation.nom in page and mission.organisation.nom not in page
    nouvelle = MissionFactory(accompagnateur=coach, debut=datetime.date(2020, 1, 1))
    client.force_login(coach.user)
    page = client.get(url)
    assert nouvelle.organisation.nom in page.text
    formulaire = page.text.split('<form method="post" novalidate>', 1)[1].split("</form>", 1)[0]
    assert formulaire.count("csrfmiddlewaretoken") == 1  # the page's own, outside the fields


def test_another_organisation_is_named_by_its_exact_name_or_siret(client, coach, mission):
    autre = OrganisationFactory(nom="Recyclerie du Val", siret="73282932000074")
    client.force_login(coach.user)
    url = reverse("accompagnateurs:demi_journee_nouvelle")
    for valeur in ("recyclerie  du val", "732 829 320 00074"):
        data = _saisie(mission, brouillon="1", organisation="", autre_organisation=valeur)
        assert client.post(url, data).status_code == 302
    assert DemiJournee.objects.filter(organisation=autre).count() == 2
    response = client.post(
        url, _saisie(mission, brouillon="1", organisation="", autre_organisation="Inconnue")
    )
    assert "Aucune organisation ne porte ce nom ou ce SIRET" in response.text
    response = client.post(url, _saisie(mission, brouillon="1", organisation=""))
    assert "nommez-la dans « Autre organisation »" in response.text
    assert DemiJournee.objects.count() == 2


def test_a_binome_outside_the_usual_ones_is_named_by_email(client, coach, mission):
    binome = AccompagnateurFactory(user=UserFactory(email="binome@pool.example"))
    client.force_login(coach.user)
    url = reverse("accompagnateurs:demi_journee_nouvelle")
    page = client.get(url)
    assert "binome@pool.example" not in page.text and str(binome.user) not in page.text
    response = client.post(url, _saisie(mission, brouillon="1", autre_binome="Binome@pool.example"))
    assert response.status_code == 302
    assert DemiJournee.objects.get().co_accompagnateur == binome
    response = client.post(url, _saisie(mission, brouillon="1", autre_binome="x@y.example"))
    assert "Aucun·e accompagnateur·trice du pool" in response.text


def test_a_coach_records_a_draft_charged_to_their_mission(client, coach, mission):
    client.force_login(coach.user)
    response = client.post(
        reverse("accompagnateurs:demi_journee_nouvelle"), _saisie(mission, brouillon="1")
    )
    assert response.status_code == 302
    dj = DemiJournee.objects.get()
    assert dj.statut == StatutDemiJournee.BROUILLON
    assert dj.accompagnateur == coach and dj.mission == mission


def test_record_and_submit_in_one_step(client, coach, mission):
    client.force_login(coach.user)
    client.post(reverse("accompagnateurs:demi_journee_nouvelle"), _saisie(mission, soumettre="1"))
    dj = DemiJournee.objects.get()
    assert dj.statut == StatutDemiJournee.SOUMISE and dj.soumise_le is not None


@pytest.mark.parametrize(
    "champ,valeur,message",
    [
        ("demi_journees", "0", "supérieure ou égale à 1"),
        ("demi_journees", "21", "20"),
        ("date", "2999-01-01", "pas de date future"),
        ("organisation", "999999", "Choisissez une organisation de la liste"),
        ("organisation", "9" * 30, "Choisissez une organisation de la liste"),
        ("date", "pas une date", "Saisissez une date valide"),
    ],
)
def test_bad_input_gets_french_field_messages(client, coach, mission, champ, valeur, message):
    client.force_login(coach.user)
    response = client.post(
        reverse("accompagnateurs:demi_journee_nouvelle"), _saisie(mission, **{champ: valeur})
    )
    assert response.status_code == 200
    assert message in str(response.context["form"].errors[champ])
    assert not DemiJournee.objects.exists()


def test_a_coach_cannot_be_their_own_binome(client, coach, mission):
    AccompagnateurFactory()
    client.force_login(coach.user)
    response = client.post(
        reverse("accompagnateurs:demi_journee_nouvelle"),
        _saisie(mission, co_accompagnateur=coach.pk),
    )
    assert response.status_code == 200
    assert "co_accompagnateur" in response.context["form"].errors


def test_a_validated_record_is_locked_for_its_coach(client, coach, mission):
    dj = DemiJourneeFactory(accompagnateur=coach, organisation=mission.organisation, validee=True)
    client.force_login(coach.user)
    url = reverse("accompagnateurs:demi_journee_modifier", args=[dj.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, _saisie(mission, demi_journees=3)).status_code == 403
    supprimer = reverse("accompagnateurs:demi_journee_supprimer", args=[dj.pk])
    assert client.post(supprimer).status_code == 403
    client.post(reverse("accompagnateurs:demi_journees_soumettre"), {"ids": [dj.pk]})
    dj.refresh_from_db()
    assert dj.demi_journees == 1 and dj.statut == StatutDemiJournee.VALIDEE


def test_the_team_corrects_a_validated_record_and_history_keeps_it(client, coach, mission):
    dj = DemiJourneeFactory(
        accompagnateur=coach, organisation=mission.organisation, mission=mission, validee=True
    )
    client.force_login(UserFactory(chargee=True))
    data = _saisie(mission, demi_journees=2, motif="Erreur de saisie signalée", mission=mission.pk)
    response = client.post(reverse("accompagnateurs:demi_journee_modifier", args=[dj.pk]), data)
    assert response.status_code == 302
    dj.refresh_from_db()
    assert dj.demi_journees == 2 and dj.statut == StatutDemiJournee.VALIDEE
    dernier = dj.history.first()
    assert dernier.history_change_reason == "Erreur de saisie signalée"
    assert dj.history.count() == 2
    assert dj.history.last().demi_journees == 1
    page = client.get(reverse("accompagnateurs:demi_journee", args=[dj.pk])).content.decode()
    assert "Erreur de saisie signalée" in page


def test_a_coach_never_reads_another_coachs_drafts(client, coach):
    autre = DemiJourneeFactory()  # another coach's draft
    client.force_login(coach.user)
    assert client.get(reverse("accompagnateurs:demi_journee", args=[autre.pk])).status_code == 404
    assert (
        client.get(reverse("accompagnateurs:demi_journee_modifier", args=[autre.pk])).status_code
        == 404
    )
    liste = client.get(reverse("accompagnateurs:demi_journees"))
    assert list(liste.context["page"]) == []
    client.post(reverse("accompagnateurs:demi_journees_soumettre"), {"ids": [autre.pk]})
    autre.refresh_from_db()
    assert autre.statut == StatutDemiJournee.BROUILLON


def test_a_coach_reads_only_organisations_with_a_mission_or_parcours_link(client, coach, mission):
    sans_lien = OrganisationFactory()
    en_parcours = OrganisationFactory()
    parcours = Parcours.objects.create(
        code="P1",
        nom="P1",
        territoire=en_parcours.territoire,
        debut=datetime.date(2021, 1, 1),
        fin=datetime.date(2021, 12, 31),
    )
    parcours.accompagnateurs.add(coach.user)
    Inscription.objects.create(parcours=parcours, organisation=en_parcours)
    client.force_login(coach.user)
    url = "accompagnateurs:organisation"
    assert client.get(reverse(url, args=[mission.organisation_id])).status_code == 200
    assert client.get(reverse(url, args=[en_parcours.pk])).status_code == 200
    assert client.get(reverse(url, args=[sans_lien.pk])).status_code == 404
    # A mission of another coach does not open the organisation either.
    autre = MissionFactory()
    assert client.get(reverse(url, args=[autre.organisation_id])).status_code == 404
    assert client.get(reverse("accompagnateurs:mission", args=[autre.pk])).status_code == 404


def test_funders_see_none_of_it(client, coach, mission):
    dj = DemiJourneeFactory(accompagnateur=coach, organisation=mission.organisation, validee=True)
    client.force_login(UserFactory(financeur=FinanceurFactory()))
    for name, args in [
        ("accompagnateurs:demi_journee", [dj.pk]),
        ("accompagnateurs:mission", [mission.pk]),
        ("accompagnateurs:organisation", [mission.organisation_id]),
        ("accompagnateurs:activite_export", [coach.pk]),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 404, name
    assert client.get(reverse("accompagnateurs:validation")).status_code == 403


def test_team_validates_in_bulk(client, coach, mission):
    a = DemiJourneeFactory(accompagnateur=coach, organisation=mission.organisation, soumise=True)
    b = DemiJourneeFactory(accompagnateur=coach, organisation=mission.organisation, soumise=True)
    brouillon = DemiJourneeFactory(accompagnateur=coach, organisation=mission.organisation)
    equipe = UserFactory(chargee=True)
    client.force_login(equipe)
    page = client.get(reverse("accompagnateurs:validation"))
    assert [d.pk for d in page.context["releves"]] == [a.pk, b.pk]
    url = reverse("accompagnateurs:validation_traiter")
    # A box that is no longer pending: nothing is written, the page says to reload.
    client.post(url, {"action": "valider", "ids": [a.pk, b.pk, brouillon.pk]})
    a.refresh_from_db()
    assert a.statut == StatutDemiJournee.SOUMISE
    response = client.post(url, {"action": "valider", "ids": [a.pk, b.pk]})
    assert response.status_code == 302
    for dj in (a, b, brouillon):
        dj.refresh_from_db()
    assert a.statut == b.statut == StatutDemiJournee.VALIDEE
    assert a.traitee_par == equipe
    assert brouillon.statut == StatutDemiJournee.BROUILLON


def test_returning_needs_a_comment_and_tells_the_coach(
    client, coach, mission, django_capture_on_commit_callbacks
):
    from django.core import mail

    dj = DemiJourneeFactory(accompagnateur=coach, organisation=mission.organisation, soumise=True)
    client.force_login(UserFactory(chargee=True))
    url = reverse("accompagnateurs:validation_traiter")
    client.post(url, {"action": "renvoyer", "ids": [dj.pk], "commentaire": "  "})
    dj.refresh_from_db()
    assert dj.statut == StatutDemiJournee.SOUMISE
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "renvoyer", "ids": [dj.pk], "commentaire": "Quel thème ?"})
    dj.refresh_from_db()
    assert dj.statut == StatutDemiJournee.RENVOYEE
    assert dj.commentaire_equipe == "Quel thème ?"
    assert mail.outbox[0].to == [coach.user.email]
    assert "Quel thème ?" in mail.outbox[0].body
    # The coach sees it on the dashboard, corrects it and submits it again.
    client.force_login(coach.user)
    tableau = client.get(reverse("accompagnateurs:tableau")).content.decode()
    assert "Quel thème ?" in tableau
    client.post(
        reverse("accompagnateurs:demi_journee_modifier", args=[dj.pk]),
        _saisie(mission, soumettre="1", thematique=ThematiqueFactory().pk),
    )
    dj.refresh_from_db()
    assert dj.statut == StatutDemiJournee.SOUMISE


def test_the_dashboard_shows_sessions_facilitated_from_the_agenda(client, coach):
    from parcours.models import Seance

    seance = Seance.objects.create(
        ref="S1", titre="Atelier recrutement", type="appui_collectif", date=datetime.date.today()
    )
    seance.animateurs.add(coach.user)
    client.force_login(coach.user)
    response = client.get(reverse("accompagnateurs:tableau"))
    assert "Atelier recrutement" in response.content.decode()


def _monde_de_releves(coach, n):
    autre = AccompagnateurFactory()
    theme = ThematiqueFactory()
    for _ in range(n):
        mission = MissionFactory(accompagnateur=coach, co_accompagnateur=autre, thematique=theme)
        DemiJourneeFactory(
            accompagnateur=coach,
            organisation=mission.organisation,
            mission=mission,
            thematique=theme,
            co_accompagnateur=autre,
        )
        DemiJourneeFactory(
            accompagnateur=coach, organisation=mission.organisation, mission=mission, soumise=True
        )
        DemiJourneeFactory(
            accompagnateur=coach, organisation=mission.organisation, mission=mission, renvoyee=True
        )
        DemiJourneeFactory(
            accompagnateur=autre,
            organisation=mission.organisation,
            mission=mission,
            co_accompagnateur=coach,
            validee=True,
        )


@pytest.mark.parametrize("n", [1, 6])
def test_coach_pages_query_counts_do_not_grow(client, django_assert_num_queries, coach, n):
    _monde_de_releves(coach, n)
    client.force_login(coach.user)
    mission = coach.missions.first()
    attendus = {
        reverse("accompagnateurs:tableau"): 13,
        reverse("accompagnateurs:demi_journees"): 8,
        reverse("accompagnateurs:demi_journee_nouvelle"): 12,
        reverse("accompagnateurs:mission", args=[mission.pk]): 9,
        reverse("accompagnateurs:organisation", args=[mission.organisation_id]): 12,
        reverse("accompagnateurs:mon_activite"): 9,
    }
    for url, nombre in attendus.items():
        with django_assert_num_queries(nombre):
            assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("n", [1, 6])
def test_validation_screen_query_count_does_not_grow(client, django_assert_num_queries, coach, n):
    _monde_de_releves(coach, n)
    client.force_login(UserFactory(chargee=True))
    with django_assert_num_queries(10):
        assert client.get(reverse("accompagnateurs:validation")).status_code == 200


def test_the_coachs_list_follows_new_records_and_keeps_drafts_to_their_author(client, coach):
    """The list is kept between visits, per coach and per filter, and renewed by any change."""
    binome = AccompagnateurFactory()
    DemiJourneeFactory(
        accompagnateur=coach, organisation=OrganisationFactory(nom="Brouillon du coach")
    )
    url = reverse("accompagnateurs:demi_journees")
    client.force_login(coach.user)
    assert "Brouillon du coach" in client.get(url).text
    DemiJourneeFactory(
        accompagnateur=coach,
        co_accompagnateur=binome,
        organisation=OrganisationFactory(nom="Appui en binôme"),
        soumise=True,
    )
    page = client.get(url).text
    assert "Brouillon du coach" in page and "Appui en binôme" in page
    assert "Brouillon du coach" not in client.get(url, {"statut": "soumise"}).text
    client.force_login(binome.user)
    page = client.get(url).text
    assert "Appui en binôme" in page and "Brouillon du coach" not in page
