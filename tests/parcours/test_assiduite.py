"""Attendance rates (person, organisation, parcours) and the team's alert when an organisation
misses two consecutive sessions of its parcours."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apes_rh.models import EnvoiRappel
from parcours import assiduite, tasks
from parcours.assiduite import (
    assiduite_organisation,
    assiduite_par_organisation,
    assiduite_parcours,
    assiduite_personne,
    organisations_absentes,
)
from tests.factories import OrganisationFactory, UserFactory
from tests.parcours.factories import (
    InscriptionFactory,
    ParcoursFactory,
    ParticipationFactory,
    SeanceFactory,
    dans,
)

pytestmark = pytest.mark.django_db


def _pointee(parcours, jours, **extra):
    """A held session whose attendance was taken (someone of another organisation came)."""
    seance = SeanceFactory(parcours=parcours, date=dans(jours), **extra)
    ParticipationFactory(seance=seance, statut="present", organisation=OrganisationFactory())
    return seance


# --- Rates ----------------------------------------------------------------------------------


@pytest.fixture
def historique():
    inscription = InscriptionFactory(date=dans(-100))
    parcours, organisation = inscription.parcours, inscription.organisation
    personne = UserFactory(membre_de=organisation)

    def venir(seance, statut, qui=personne):
        return ParticipationFactory(
            seance=seance, personne=qui, organisation=organisation, statut=statut
        )

    venir(_pointee(parcours, -40), "present")
    venir(_pointee(parcours, -30), "present")
    venir(_pointee(parcours, -20), "absent")
    venir(_pointee(parcours, -10), "excuse")
    # Not ticked on a session whose attendance was taken: counts nowhere.
    venir(_pointee(parcours, -5), "inscrit")
    # Attendance not taken yet (only an excuse recorded ahead): not an absence.
    venir(SeanceFactory(parcours=parcours, date=dans(-1)), "excuse")
    venir(SeanceFactory(parcours=parcours, date=dans(-2)), "inscrit")
    # Cancelled, future, bulle de dialogue: never counted.
    annulee = _pointee(parcours, -15)
    annulee.annulee = True
    annulee.save()
    venir(annulee, "absent")
    venir(SeanceFactory(parcours=parcours, date=dans(5)), "excuse")
    venir(_pointee(None, -12, type="bulle_dialogue"), "absent")
    return {"parcours": parcours, "organisation": organisation, "personne": personne}


def test_the_rate_is_present_over_present_and_absent_with_excuses_apart(historique):
    resultat = assiduite_personne(historique["personne"])
    assert (resultat.presents, resultat.absents, resultat.excuses) == (2, 1, 1)
    assert resultat.taux == 67


def test_the_organisation_and_parcours_rates_follow_the_same_definition(historique):
    organisation, parcours = historique["organisation"], historique["parcours"]
    assert assiduite_organisation(organisation).taux == 67
    par_organisation = assiduite_par_organisation(parcours)
    assert par_organisation[organisation.pk].taux == 67
    # The parcours counts every organisation: one other came to each of the 5 sessions.
    total = assiduite_parcours(parcours)
    assert (total.presents, total.absents, total.excuses) == (7, 1, 1)
    assert total.taux == 88


def test_nothing_counted_yet_gives_no_rate():
    personne = UserFactory()
    ParticipationFactory(personne=personne, seance=SeanceFactory(date=dans(-3)))
    assert assiduite_personne(personne).taux is None
    assert assiduite_personne(personne).comptees == 0


def test_the_parcours_page_shows_each_organisation_rate_to_the_team_only(client, historique):
    parcours, organisation = historique["parcours"], historique["organisation"]
    client.force_login(UserFactory(chargee=True))
    page = client.get(reverse("parcours:parcours", args=[parcours.pk]))
    (inscription,) = page.context["inscriptions"]
    assert inscription.assiduite.taux == 67
    assert page.context["stats"]["taux_presence"] == 88
    assert "67 %" in page.content.decode()
    client.force_login(historique["personne"])
    page = client.get(reverse("parcours:parcours", args=[parcours.pk]))
    assert page.status_code == 200 and "67 %" not in page.content.decode()
    assert organisation.nom in page.content.decode()


def test_the_organisation_page_shows_its_rate_to_the_team(client, historique):
    url = reverse("parcours:organisation", args=[historique["organisation"].pk])
    client.force_login(UserFactory(chargee=True))
    page = client.get(url)
    assert page.context["assiduite"].taux == 67
    assert "Assiduité aux séances" in page.content.decode()
    client.force_login(historique["personne"])
    assert "Assiduité aux séances" not in client.get(url).content.decode()


def test_my_sessions_page_shows_my_rate(client, historique):
    client.force_login(historique["personne"])
    page = client.get(reverse("parcours:mes_seances"))
    assert "Mon assiduité" in page.content.decode() and "67 %" in page.content.decode()


def test_the_rates_run_a_constant_number_of_queries(historique):
    parcours = historique["parcours"]
    with CaptureQueriesContext(connection) as petit:
        assiduite_par_organisation(parcours)
        assiduite_parcours(parcours)
    for _ in range(5):
        inscription = InscriptionFactory(parcours=parcours, date=dans(-100))
        ParticipationFactory(
            seance=_pointee(parcours, -3), organisation=inscription.organisation, statut="absent"
        )
    with CaptureQueriesContext(connection) as grand:
        par_organisation = assiduite_par_organisation(parcours)
        assiduite_parcours(parcours)
    assert len(par_organisation) == 1 + 5 + 5 + 5 and len(grand) == len(petit) == 2


# --- Alert: two consecutive sessions missed -------------------------------------------------


@pytest.fixture
def cohorte():
    inscription = InscriptionFactory(date=dans(-60))
    return inscription.parcours, inscription.organisation


def _absente(seance, organisation, statut="absent"):
    ParticipationFactory(seance=seance, organisation=organisation, statut=statut)


def test_two_consecutive_misses_raise_the_alert(cohorte):
    parcours, organisation = cohorte
    _absente(_pointee(parcours, -20), organisation)
    _absente(_pointee(parcours, -6), organisation, statut="excuse")
    (absence,) = organisations_absentes()
    assert absence.organisation == organisation and absence.parcours == parcours
    assert [s.date for s in absence.seances] == [dans(-20), dans(-6)]


def test_one_miss_after_a_presence_raises_nothing(cohorte):
    parcours, organisation = cohorte
    _absente(_pointee(parcours, -20), organisation, statut="present")
    _absente(_pointee(parcours, -6), organisation)
    assert organisations_absentes() == []


def test_a_session_whose_attendance_was_not_taken_is_not_a_miss(cohorte):
    parcours, organisation = cohorte
    _absente(_pointee(parcours, -20), organisation)
    # Held, but nobody ticked: not counted, and not the second miss.
    ParticipationFactory(seance=SeanceFactory(parcours=parcours, date=dans(-6)))
    _absente(SeanceFactory(parcours=parcours, date=dans(-3)), organisation, statut="excuse")
    assert organisations_absentes() == []


def test_sessions_before_the_enrolment_do_not_count():
    inscription = InscriptionFactory(date=dans(-10))
    _pointee(inscription.parcours, -20)
    _pointee(inscription.parcours, -6)
    assert organisations_absentes() == []


def test_a_bulle_never_counts_as_a_miss(cohorte):
    parcours, organisation = cohorte
    _absente(_pointee(parcours, -20), organisation)
    _absente(_pointee(parcours, -6, type="bulle_dialogue"), organisation)
    assert organisations_absentes() == []


def test_the_team_is_alerted_once_even_when_the_task_runs_twice(
    cohorte, django_capture_on_commit_callbacks
):
    parcours, organisation = cohorte
    equipe = [UserFactory(chargee=True), UserFactory(chargee=True)]
    UserFactory(membre_de=organisation)  # not the team: not alerted
    _pointee(parcours, -20)
    _pointee(parcours, -6)
    assert tasks.alerte_absences()["envoyes"] == 2
    assert tasks.alerte_absences()["envoyes"] == 0
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in equipe)
    assert organisation.nom in mail.outbox[0].subject
    assert EnvoiRappel.objects.filter(type=assiduite.ALERTE_ABSENCES).count() == 2
    # A new pair of missed sessions is a new occasion.
    _pointee(parcours, -2)
    assert tasks.alerte_absences()["envoyes"] == 2


def test_the_alert_runs_a_constant_number_of_queries():
    def remplir(n):
        parcours = ParcoursFactory()
        for _ in range(n):
            InscriptionFactory(parcours=parcours, date=dans(-60))
        for jours in (-20, -13, -6):
            _pointee(parcours, jours)

    remplir(1)
    with CaptureQueriesContext(connection) as petit:
        assert len(organisations_absentes()) == 1
    remplir(6)
    with CaptureQueriesContext(connection) as grand:
        assert len(organisations_absentes()) == 7
    assert len(grand) == len(petit) == 3


def test_the_team_dashboard_lists_the_absent_organisations(client, cohorte):
    parcours, organisation = cohorte
    client.force_login(UserFactory(chargee=True))
    html = client.get(reverse("equipe_tableau")).content.decode()
    assert "Aucune : chaque organisation inscrite" in html
    _pointee(parcours, -20)
    _pointee(parcours, -6)
    html = client.get(reverse("equipe_tableau")).content.decode()
    assert "Organisations absentes à deux séances consécutives" in html
    assert organisation.nom in html
    assert reverse("parcours:parcours", args=[parcours.pk]) in html
