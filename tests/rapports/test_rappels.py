"""Reminders: who gets what, at most once per occasion, and everyone chooses."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from icalendar import Calendar

from apes_rh import rappels, tasks
from apes_rh.models import EnvoiRappel, PreferenceRappel
from tests.factories import UserFactory
from tests.rapports.factories import (
    CoachFactory,
    CommunauteFactory,
    DemiJourneeFactory,
    ParticipationFactory,
    SeanceFactory,
)

pytestmark = pytest.mark.django_db

AUJOURDHUI = dt.date(2024, 5, 6)  # a Monday


@pytest.fixture
def aujourdhui(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: AUJOURDHUI)
    return AUJOURDHUI


def _seance(**kwargs):
    valeurs = {
        "date": AUJOURDHUI + dt.timedelta(days=2),
        "heure_debut": dt.time(9, 30),
        "heure_fin": dt.time(12, 0),
        "titre": "Bulle de dialogue des dirigeant·es",
        "lien_visio": "https://visio.example.org/bulle",
        "communaute": CommunauteFactory(),
        "type": "bulle_dialogue",
    }
    valeurs.update(kwargs)
    return SeanceFactory(**valeurs)


def test_registered_people_get_the_session_reminder_two_days_before_with_ics_and_visio(
    aujourdhui,
):
    seance = _seance()
    inscrite = ParticipationFactory(seance=seance, statut="inscrit").personne
    ParticipationFactory(seance=seance, statut="attente")  # waiting list: no reminder
    ParticipationFactory(seance=seance, statut="annule")
    ParticipationFactory(seance=_seance(date=AUJOURDHUI + dt.timedelta(days=5)), statut="inscrit")
    ParticipationFactory(seance=_seance(annulee=True), statut="inscrit")

    bilan = tasks.rappels_seances()

    assert bilan["envoyes"] == 1
    (message,) = mail.outbox
    assert message.to == [inscrite.email]
    assert "Bulle de dialogue des dirigeant·es" in message.subject
    assert "https://visio.example.org/bulle" in message.body
    assert reverse("rapports:preferences_rappels") in message.body
    html = message.alternatives[0][0]
    assert reverse("rapports:preferences_rappels") in html
    (nom, contenu, type_mime) = message.attachments[0]
    assert nom == "seance.ics" and type_mime.startswith("text/calendar")
    evenement = Calendar.from_ical(contenu).walk("VEVENT")[0]
    assert str(evenement["SUMMARY"]) == seance.titre
    assert str(evenement["URL"]) == "https://visio.example.org/bulle"
    assert evenement.decoded("DTSTART") == dt.datetime(
        2024, 5, 8, 9, 30, tzinfo=evenement.decoded("DTSTART").tzinfo
    )


def test_a_reminder_is_not_sent_twice_when_the_task_runs_twice(aujourdhui):
    ParticipationFactory(seance=_seance(), statut="inscrit")

    premier = tasks.rappels_seances()
    second = tasks.rappels_seances()

    assert premier["envoyes"] == 1
    assert second == {"envoyes": 0, "deja_envoyes": 1, "refuses": 0, "echecs": 0}
    assert len(mail.outbox) == 1
    assert EnvoiRappel.objects.get().statut == "envoye"


def test_a_crash_after_the_decision_never_sends_twice(aujourdhui):
    """The decision is recorded before sending: a worker that died after it (row left "en
    cours") is not followed by a second e-mail."""
    participation = ParticipationFactory(seance=_seance(), statut="inscrit")
    EnvoiRappel.objects.create(
        type=rappels.SEANCES,
        occasion=f"seance-{participation.seance.pk}-{participation.seance.date:%Y%m%d}",
        destinataire=participation.personne,
        statut="en_cours",
    )

    tasks.rappels_seances()

    assert mail.outbox == []


def test_a_failed_send_is_retried_by_the_next_run_once(aujourdhui, monkeypatch):
    ParticipationFactory(seance=_seance(), statut="inscrit")
    from apes_rh import emails

    vrai = emails.send_templated

    def panne(*args, **kwargs):
        raise ConnectionRefusedError("relais SMTP injoignable")

    monkeypatch.setattr(emails, "send_templated", panne)
    assert tasks.rappels_seances()["echecs"] == 1
    assert EnvoiRappel.objects.get().statut == "echec"

    monkeypatch.setattr(emails, "send_templated", vrai)
    assert tasks.rappels_seances()["envoyes"] == 1
    assert tasks.rappels_seances()["envoyes"] == 0
    assert len(mail.outbox) == 1


def test_a_new_date_is_a_new_occasion(aujourdhui):
    seance = _seance()
    ParticipationFactory(seance=seance, statut="inscrit")
    tasks.rappels_seances()

    seance.date = AUJOURDHUI + dt.timedelta(days=1)
    seance.save()
    tasks.rappels_seances()

    assert len(mail.outbox) == 2


def test_people_who_opted_out_get_nothing(aujourdhui):
    participation = ParticipationFactory(seance=_seance(), statut="inscrit")
    PreferenceRappel.objects.create(
        personne=participation.personne, type=rappels.SEANCES, recevoir=False
    )

    bilan = tasks.rappels_seances()

    assert bilan["refuses"] == 1 and mail.outbox == []


def test_coaches_get_a_monthly_nudge_for_last_month_once(aujourdhui):
    coach = CoachFactory(entree=dt.date(2019, 1, 1))
    CoachFactory(entree=dt.date(2019, 1, 1), sortie=dt.date(2024, 1, 31))  # left the pool
    DemiJourneeFactory(accompagnateur=coach, date=dt.date(2024, 4, 10), demi_journees=3)
    DemiJourneeFactory(accompagnateur=coach, date=dt.date(2024, 4, 20), statut="brouillon")

    tasks.rappel_demi_journees()
    tasks.rappel_demi_journees()

    (message,) = mail.outbox
    assert message.to == [coach.user.email]
    assert "avril 2024" in message.subject
    assert "déjà enregistré 4" in message.body
    assert "1 demi-journée en brouillon" in message.body
    assert EnvoiRappel.objects.get().occasion == "mois-2024-04"


def test_the_team_gets_a_weekly_digest_of_submitted_half_days(aujourdhui):
    chargee = UserFactory(chargee=True)
    UserFactory(chargee=True, is_active=False)
    DemiJourneeFactory(statut="soumise", date=dt.date(2024, 4, 2))
    DemiJourneeFactory(statut="soumise", date=dt.date(2024, 4, 3))
    DemiJourneeFactory(statut="validee")

    tasks.digest_validation()
    tasks.digest_validation()

    (message,) = mail.outbox
    assert message.to == [chargee.email]
    assert "2 demi-journées soumises" in message.subject
    assert "02/04/2024" in message.body
    assert EnvoiRappel.objects.get().occasion == "semaine-2024-W19"


def test_no_digest_when_nothing_waits(aujourdhui):
    UserFactory(chargee=True)

    assert tasks.digest_validation()["envoyes"] == 0
    assert mail.outbox == []


def test_hooks_let_other_apps_add_reminders_with_the_same_guarantees(aujourdhui, monkeypatch):
    pilote = UserFactory()
    monkeypatch.setitem(rappels.COLLECTEURS, rappels.ACTIONS_PILOTES, [])

    def actions_dues(aujourdhui):
        return [
            rappels.Envoi(
                destinataire=pilote,
                occasion=f"semaine-{aujourdhui:%G-W%V}",
                gabarit="emails/rappel_seance",
                contexte={"seance": _seance()},
            )
        ]

    assert rappels.ACTIONS_PILOTES not in {t.code for t in rappels.types_pour(pilote)}
    rappels.register_collecteur(rappels.ACTIONS_PILOTES, actions_dues)
    tasks.digest_actions_pilotes()
    tasks.digest_actions_pilotes()

    assert len(mail.outbox) == 1
    assert tasks.questionnaires_satisfaction() == {
        "envoyes": 0,
        "deja_envoyes": 0,
        "refuses": 0,
        "echecs": 0,
    }


def test_unknown_reminder_kinds_are_refused():
    with pytest.raises(LookupError):
        rappels.register_collecteur("inconnu", lambda jour: [])


def test_everyone_chooses_their_reminders_on_the_preferences_page(client):
    coach = CoachFactory().user
    client.force_login(coach)

    page = client.get(reverse("rapports:preferences_rappels"))
    champs = list(page.context["form"].fields)
    assert champs == [rappels.SEANCES, rappels.DEMI_JOURNEES]  # no team digest for a coach

    client.post(reverse("rapports:preferences_rappels"), {rappels.SEANCES: "on"})

    assert dict(
        PreferenceRappel.objects.filter(personne=coach).values_list("type", "recevoir")
    ) == {rappels.SEANCES: True, rappels.DEMI_JOURNEES: False}
    page = client.get(reverse("rapports:preferences_rappels"))
    assert page.context["form"].fields[rappels.DEMI_JOURNEES].initial is False


def test_the_team_sees_what_was_sent(client, aujourdhui):
    ParticipationFactory(seance=_seance(), statut="inscrit")
    tasks.rappels_seances()
    call_command("planifier_rappels", stdout=__import__("io").StringIO())
    client.force_login(UserFactory(chargee=True))

    page = client.get(reverse("rapports:rappels")).content.decode()

    assert "Rappel des séances" in page and "Envoyé" in page
    assert "Rappels des séances (J-2)" in page


def test_the_periodic_tasks_are_planned_once_whatever_the_runs():
    from django_celery_beat.models import PeriodicTask

    avant = PeriodicTask.objects.count()
    tache = PeriodicTask.objects.get(task="apes_rh.rappels_seances")
    tache.enabled = False
    tache.save()

    call_command("planifier_rappels", stdout=__import__("io").StringIO())
    call_command("planifier_rappels", stdout=__import__("io").StringIO())

    assert PeriodicTask.objects.count() == avant == len(rappels.PLANNING) == 10
    # Every planned task exists under that name in the Celery app.
    from apes_rh.celery import app

    app.loader.import_default_modules()
    assert {p["task"] for p in rappels.PLANNING} <= set(app.tasks)
    assert PeriodicTask.objects.get(task="apes_rh.rappels_seances").enabled is False
    assert str(PeriodicTask.objects.get(task="apes_rh.rappels_seances").crontab.timezone) == "UTC"


def test_the_command_sends_one_kind_now():
    out = __import__("io").StringIO()
    call_command("envoyer_rappels", "validation", "--date", "2024-05-06", stdout=out)
    assert "0 envoyé(s)" in out.getvalue()


def test_reminder_tasks_are_acks_late():
    for nom in ("rappels_seances", "rappel_demi_journees", "digest_validation", "generer_rapport"):
        assert getattr(tasks, nom).acks_late is True


def test_erasing_a_person_removes_their_reminder_choices_and_error_texts():
    from apes_rh.donnees import personne_anonymiser
    from apes_rh.rapports.urls import enregistrer

    enregistrer()  # done when the URLconf loads (and from AppConfig.ready once wired)
    personne = UserFactory(email="a.effacer@example.org")
    PreferenceRappel.objects.create(personne=personne, type=rappels.SEANCES, recevoir=False)
    EnvoiRappel.objects.create(
        type=rappels.SEANCES,
        occasion="seance-1-20240508",
        destinataire=personne,
        statut="echec",
        erreur="550 a.effacer@example.org: mailbox unavailable",
    )

    personne_anonymiser(personne=personne)

    assert not PreferenceRappel.objects.filter(personne=personne).exists()
    assert EnvoiRappel.objects.get(destinataire=personne).erreur == ""


def test_the_team_digest_also_counts_what_other_apps_leave_waiting(aujourdhui):
    from communautes.models import DemandeAdhesion

    UserFactory(chargee=True)
    DemandeAdhesion.objects.create(communaute=CommunauteFactory(), personne=UserFactory())

    tasks.digest_validation()

    (message,) = mail.outbox
    assert "Demandes pour rejoindre une communauté : 1" in message.body
    assert "Demi-journées soumises" not in message.body  # nothing of that kind waits


def test_the_reminders_page_runs_a_constant_number_of_queries(client, aujourdhui):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(UserFactory(chargee=True))

    def compter():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("rapports:rappels")).status_code == 200
        return len(ctx.captured_queries)

    ParticipationFactory(seance=_seance(), statut="inscrit")
    tasks.rappels_seances()
    petit = compter()
    for _ in range(8):
        ParticipationFactory(seance=_seance(), statut="inscrit")
    tasks.rappels_seances()
    assert EnvoiRappel.objects.count() == 9
    assert compter() == petit
