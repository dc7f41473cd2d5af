"""Notices of a changed or cancelled session: what changed (before → after), an updated
event (METHOD:REQUEST, same UID, higher SEQUENCE) or a cancellation (METHOD:CANCEL), sent
once after commit, and nothing for a change that does not concern participants."""

import datetime

import icalendar
import pytest
from django.core import mail

from apes_rh.models import EnvoiRappel
from parcours import calendrier, services, tasks
from parcours.models import Seance
from tests.factories import UserFactory
from tests.parcours.factories import ParticipationFactory, SeanceFactory, dans

pytestmark = pytest.mark.django_db

VISIO = "https://visio.example/salle-secrete-42"


@pytest.fixture
def seance():
    seance = SeanceFactory(
        date=dans(20),
        heure_debut=datetime.time(9, 30),
        heure_fin=datetime.time(12, 30),
        lieu="Maison des associations, Lille",
        lien_visio=VISIO,
        capacite=1,
    )
    ParticipationFactory(seance=seance, personne=UserFactory(email="inscrite@example.org"))
    ParticipationFactory(
        seance=seance, statut="attente", personne=UserFactory(email="attente@example.org")
    )
    return seance


def _modifier(seance, capture, **champs):
    seance = Seance.objects.get(pk=seance.pk)
    for champ, valeur in champs.items():
        setattr(seance, champ, valeur)
    with capture(execute=True):
        services.seance_enregistrer(seance=seance)
    return seance


def _mails():
    return {m.to[0]: m for m in mail.outbox}


def _ics(message):
    (piece,) = message.attachments
    return piece, icalendar.Calendar.from_ical(piece[1])


def test_a_cancellation_ics_parses_and_carries_method_cancel(
    seance, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.seance_annuler(seance=seance, motif="Animatrice malade.")
    envoyes = _mails()
    assert set(envoyes) == {"inscrite@example.org", "attente@example.org"}
    piece, cal = _ics(envoyes["inscrite@example.org"])
    assert "method=CANCEL" in piece[2]
    assert str(cal["METHOD"]) == "CANCEL"
    (event,) = cal.walk("VEVENT")
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["UID"]) == calendrier.uid(seance)
    assert int(event["SEQUENCE"]) == 1
    assert "inscrite@example.org" in str(event["ATTENDEE"])


def test_an_update_ics_keeps_the_uid_and_raises_the_sequence(
    seance, django_capture_on_commit_callbacks
):
    avant = icalendar.Calendar.from_ical(calendrier.ics_seance(seance, avec_acces=True))
    ancien = avant.walk("VEVENT")[0]
    _modifier(
        seance,
        django_capture_on_commit_callbacks,
        heure_debut=datetime.time(14, 0),
        heure_fin=datetime.time(17, 0),
    )
    piece, cal = _ics(_mails()["inscrite@example.org"])
    assert str(cal["METHOD"]) == "REQUEST" and "method=REQUEST" in piece[2]
    (event,) = cal.walk("VEVENT")
    assert str(event["UID"]) == str(ancien["UID"])
    assert int(event["SEQUENCE"]) > int(ancien["SEQUENCE"])
    assert event.decoded("dtstart").hour == 14
    assert str(event["STATUS"]) == "CONFIRMED"


def test_only_the_changed_fields_are_listed_before_and_after(
    seance, django_capture_on_commit_callbacks
):
    _modifier(seance, django_capture_on_commit_callbacks, lieu="Salle B, Roubaix")
    corps = _mails()["inscrite@example.org"].body
    assert "Lieu : Maison des associations, Lille → Salle B, Roubaix" in corps
    for autre in ("Date :", "Heure de début :", "Heure de fin :", "Lien de visio :"):
        assert autre not in corps


def test_a_new_date_reads_in_french(seance, django_capture_on_commit_callbacks):
    ancienne = seance.date
    nouvelle = ancienne + datetime.timedelta(days=7)
    _modifier(seance, django_capture_on_commit_callbacks, date=nouvelle)
    corps = _mails()["inscrite@example.org"].body
    from django.utils import dateformat

    attendu = f"{dateformat.format(ancienne, 'l j F Y')} → {dateformat.format(nouvelle, 'l j F Y')}"
    assert "Date : " + attendu in corps


@pytest.mark.parametrize(
    "champs",
    [
        {"description": "Nouvelle description"},
        {"capacite": 30},
        {"ville": "Roubaix"},
        {"demi_journees": 2, "demi_journees_forcees": True},
    ],
)
def test_nothing_is_sent_for_a_change_participants_need_not_know(
    seance, django_capture_on_commit_callbacks, champs
):
    # A larger capacity promotes the waiting list: that is its own e-mail, not a notice.
    _modifier(seance, django_capture_on_commit_callbacks, **champs)
    assert not [m for m in mail.outbox if m.subject.count("Changement")]
    assert not EnvoiRappel.objects.filter(type="seance_modifiee").exists()


def test_the_visio_link_reaches_registered_people_only(seance, django_capture_on_commit_callbacks):
    nouveau = "https://visio.example/autre-salle-77"
    _modifier(
        seance,
        django_capture_on_commit_callbacks,
        lien_visio=nouveau,
        date=seance.date + datetime.timedelta(days=1),
    )
    envoyes = _mails()
    inscrite, attente = envoyes["inscrite@example.org"], envoyes["attente@example.org"]
    assert f"{VISIO} → {nouveau}" in inscrite.body
    contenu = _ics(inscrite)[0][1]
    contenu = contenu.decode() if isinstance(contenu, bytes) else contenu
    assert nouveau in contenu.replace("\r\n ", "")
    for contenu in (attente.body, *(alt[0] for alt in attente.alternatives)):
        assert nouveau not in contenu and VISIO not in contenu
        assert "Maison des associations" not in contenu
    assert "Date :" in attente.body and not attente.attachments


def test_the_waiting_list_is_not_told_about_a_new_place_only(
    seance, django_capture_on_commit_callbacks
):
    _modifier(seance, django_capture_on_commit_callbacks, lieu="Salle B, Roubaix")
    assert set(_mails()) == {"inscrite@example.org"}


def test_the_notice_is_sent_once_even_if_the_task_runs_twice(
    seance, django_capture_on_commit_callbacks
):
    seance = Seance.objects.get(pk=seance.pk)
    seance.lieu = "Salle B, Roubaix"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.seance_enregistrer(seance=seance)
    # The other callback renews cached figures (apes_rh.cache), whatever was written.
    (notice,) = [c for c in callbacks if "_incrementer" not in repr(c)]
    notice()
    notice()  # a redelivered task
    tasks.envoyer_email("seance_annulee", seance.pk)  # not cancelled: nothing
    assert len(mail.outbox) == 1


def test_cancelling_twice_sends_once(seance, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.seance_annuler(seance=seance)
    tasks.envoyer_email("seance_annulee", seance.pk)
    with django_capture_on_commit_callbacks(execute=True):
        services.seance_annuler(seance=seance)
    assert len(mail.outbox) == 2  # the registered person and the waiting list, once each


def test_a_past_session_changes_silently(django_capture_on_commit_callbacks):
    passee = SeanceFactory(date=dans(-3))
    ParticipationFactory(seance=passee, statut="present")
    _modifier(passee, django_capture_on_commit_callbacks, lieu="Corrigé après coup")
    assert mail.outbox == []


def test_a_series_change_sends_each_later_session_its_notice(
    django_capture_on_commit_callbacks,
):
    import uuid

    serie = uuid.uuid4()
    seances = [SeanceFactory(date=dans(j), serie=serie) for j in (-7, 7, 14, 21)]
    annulee = SeanceFactory(date=dans(28), serie=serie, annulee=True)
    personne = UserFactory(email="fidele@example.org")
    for s in [*seances, annulee]:
        ParticipationFactory(seance=s, personne=personne)
    premiere = Seance.objects.get(pk=seances[1].pk)
    premiere.lieu = "Salle B, Roubaix"
    premiere.heure_debut = datetime.time(10, 0)
    with django_capture_on_commit_callbacks(execute=True):
        services.seance_enregistrer(seance=premiere, suivantes_de_la_serie=True)
    assert len(mail.outbox) == 3  # this session and the two later ones; not the past one
    dates = {s.pk: s.date for s in Seance.objects.filter(serie=serie)}
    for s in seances[1:]:
        s.refresh_from_db()
        assert s.lieu == "Salle B, Roubaix" and s.heure_debut == datetime.time(10, 0)
        assert s.date == dates[s.pk] and s.sequence == 1
    seances[0].refresh_from_db()
    annulee.refresh_from_db()
    assert seances[0].lieu != "Salle B, Roubaix" and annulee.lieu != "Salle B, Roubaix"


def test_new_times_read_as_hours(seance, django_capture_on_commit_callbacks):
    _modifier(seance, django_capture_on_commit_callbacks, heure_debut=datetime.time(11, 0))
    assert "Heure de début : 09h30 → 11h00" in _mails()["inscrite@example.org"].body


def test_the_team_applies_a_change_to_the_rest_of_the_series_from_the_form(
    client, django_capture_on_commit_callbacks
):
    import uuid

    from django.urls import reverse

    client.force_login(UserFactory(chargee=True))
    serie = uuid.uuid4()
    premiere, suivante = (SeanceFactory(date=dans(j), serie=serie) for j in (7, 14))
    seule = SeanceFactory()
    url = reverse("parcours:seance_modifier", args=[premiere.pk])
    assert "suivantes_de_la_serie" in client.get(url).content.decode()
    page = client.get(reverse("parcours:seance_modifier", args=[seule.pk]))
    assert "suivantes_de_la_serie" not in page.content.decode()
    donnees = {
        "titre": premiere.titre,
        "type": premiere.type,
        "parcours": premiere.parcours_id,
        "communaute": "",
        "date": premiere.date.isoformat(),
        "heure_debut": "09:30",
        "heure_fin": "12:30",
        "demi_journees": "",
        "lieu": "Salle B, Roubaix",
        "ville": "",
        "lien_visio": "",
        "capacite": "",
        "description": "",
        "suivantes_de_la_serie": "on",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, donnees)
    assert response.status_code == 302
    suivante.refresh_from_db()
    assert suivante.lieu == "Salle B, Roubaix" and suivante.date == dans(14)
