"""Calendars: the private iCal feed (secret, revocable), the public agenda and feed, and the
rule that a visio link or a place never reaches someone not registered to the session."""

import datetime

import icalendar
import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.urls import reverse

from apes_rh.perms import can
from parcours import services
from parcours.models import JetonCalendrier, Seance
from tests.factories import OrganisationFactory, UserFactory
from tests.parcours.factories import (
    InscriptionFactory,
    ParticipationFactory,
    SeanceFactory,
    dans,
)

pytestmark = pytest.mark.django_db

VISIO = "https://visio.example/salle-secrete-42"
LIEU = "12 rue Secrète, 59000 Lille"


def _deplie(contenu) -> str:
    """iCalendar folds long lines and escapes commas: undo both before looking for a string."""
    if isinstance(contenu, bytes):
        contenu = contenu.decode()
    contenu = contenu.replace("\r\n ", "").replace("\n ", "")
    return contenu.replace("\\,", ",").replace("\\;", ";").replace("\\n", "\n")


def _parse(response):
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


def _flux(client, personne):
    jeton = services.jeton_calendrier_renouveler(personne=personne)
    return client.get(reverse("parcours:calendrier_prive", kwargs={"jeton": jeton.jeton}))


def test_the_private_feed_parses_and_places_events_in_europe_paris(client):
    personne = UserFactory()
    ete = SeanceFactory(
        titre="Atelier d'été",
        date=datetime.date(2030, 7, 2),
        heure_debut=datetime.time(9, 30),
        heure_fin=datetime.time(12, 0),
        lien_visio=VISIO,
    )
    hiver = SeanceFactory(
        titre="Atelier d'hiver",
        date=datetime.date(2030, 12, 3),
        heure_debut=datetime.time(9, 30),
        heure_fin=datetime.time(12, 0),
    )
    for seance in (ete, hiver):
        ParticipationFactory(seance=seance, personne=personne)
    cal = _parse(_flux(client, personne))

    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Paris"]
    events = {str(e["SUMMARY"]): e for e in cal.walk("VEVENT")}
    assert set(events) == {"Atelier d'été", "Atelier d'hiver"}
    for event in events.values():
        assert event["DTSTART"].params["TZID"] == "Europe/Paris"
        assert str(event.decoded("dtstart").tzinfo) == "Europe/Paris"
    utc = datetime.UTC
    assert events["Atelier d'été"].decoded("dtstart").astimezone(utc).hour == 7  # CEST +2
    assert events["Atelier d'hiver"].decoded("dtstart").astimezone(utc).hour == 8  # CET +1
    assert events["Atelier d'été"].decoded("dtend").time() == datetime.time(12, 0)
    assert VISIO in str(events["Atelier d'été"]["DESCRIPTION"])
    assert str(events["Atelier d'été"]["UID"]) == f"seance-{ete.pk}@127.0.0.1"


def test_the_private_feed_holds_my_registrations_and_facilitations_only(client):
    personne = UserFactory()
    inscrite = SeanceFactory(titre="Inscrite")
    ParticipationFactory(seance=inscrite, personne=personne)
    ParticipationFactory(
        seance=SeanceFactory(titre="En attente"), personne=personne, statut="attente"
    )
    ParticipationFactory(seance=SeanceFactory(titre="Annulée"), personne=personne, statut="annule")
    SeanceFactory(titre="Animée", animateurs=[personne])
    SeanceFactory(titre="Celle d'une autre")
    SeanceFactory(titre="Trop ancienne", date=dans(-200), animateurs=[personne])
    cal = _parse(_flux(client, personne))
    assert sorted(str(e["SUMMARY"]) for e in cal.walk("VEVENT")) == ["Animée", "Inscrite"]


def test_a_cancelled_session_stays_in_the_feed_as_cancelled(client):
    personne = UserFactory()
    seance = SeanceFactory()
    ParticipationFactory(seance=seance, personne=personne)
    services.seance_annuler(seance=seance, motif="")
    event = _parse(_flux(client, personne)).walk("VEVENT")[0]
    assert str(event["STATUS"]) == "CANCELLED" and int(event["SEQUENCE"]) == 1


def test_a_session_without_times_is_an_all_day_event(client):
    personne = UserFactory()
    seance = SeanceFactory(date=datetime.date(2030, 5, 6), heure_debut=None, heure_fin=None)
    ParticipationFactory(seance=seance, personne=personne)
    event = _parse(_flux(client, personne)).walk("VEVENT")[0]
    assert event.decoded("dtstart") == datetime.date(2030, 5, 6)
    assert event.decoded("dtend") == datetime.date(2030, 5, 7)


def test_the_feed_token_is_secret_and_revocable(client):
    personne = UserFactory()
    client.force_login(personne)
    client.post(reverse("parcours:calendrier_jeton_renouveler"))
    ancien = JetonCalendrier.objects.get(personne=personne).jeton
    assert len(ancien) >= 40
    client.logout()
    url = reverse("parcours:calendrier_prive", kwargs={"jeton": ancien})
    assert client.get(url).status_code == 200

    client.force_login(personne)
    client.post(reverse("parcours:calendrier_jeton_renouveler"))
    nouveau = JetonCalendrier.objects.get(personne=personne).jeton
    assert nouveau != ancien
    assert client.get(url).status_code == 404
    client.post(reverse("parcours:calendrier_jeton_revoquer"))
    assert not JetonCalendrier.objects.exists()
    assert (
        client.get(reverse("parcours:calendrier_prive", kwargs={"jeton": nouveau})).status_code
        == 404
    )
    assert (
        client.get(reverse("parcours:calendrier_prive", kwargs={"jeton": "devine"})).status_code
        == 404
    )


def test_the_feed_of_a_deactivated_person_is_gone(client):
    personne = UserFactory()
    jeton = services.jeton_calendrier_renouveler(personne=personne)
    personne.is_active = False
    personne.save()
    url = reverse("parcours:calendrier_prive", kwargs={"jeton": jeton.jeton})
    assert client.get(url).status_code == 404


def test_my_sessions_page_shows_the_subscription_url(client):
    personne = UserFactory()
    jeton = services.jeton_calendrier_renouveler(personne=personne)
    client.force_login(personne)
    html = client.get(reverse("parcours:mes_seances")).content.decode()
    assert f"/calendrier/{jeton.jeton}.ics" in html and "webcal://" in html


def test_the_private_feed_runs_the_same_number_of_queries_for_1_or_30_sessions(
    client, django_assert_num_queries
):
    personne = UserFactory()
    jeton = services.jeton_calendrier_renouveler(personne=personne)
    url = reverse("parcours:calendrier_prive", kwargs={"jeton": jeton.jeton})
    ParticipationFactory(seance=SeanceFactory(), personne=personne)
    with django_assert_num_queries(2):
        client.get(url)
    for _ in range(29):
        ParticipationFactory(seance=SeanceFactory(), personne=personne)
    with django_assert_num_queries(2):
        response = client.get(url)
    assert len(_parse(response).walk("VEVENT")) == 30


# --- The public agenda ----------------------------------------------------------------------


@pytest.fixture
def publique():
    return SeanceFactory(
        regionale=True,
        publique=True,
        titre="Réunion d'information",
        type="information",
        ville="Arras",
        lieu=LIEU,
        lien_visio=VISIO,
        capacite=30,
    )


def test_the_public_feed_lists_open_sessions_without_place_or_visio(client, publique):
    SeanceFactory(titre="Séance de parcours", lieu=LIEU, lien_visio=VISIO)
    SeanceFactory(regionale=True, publique=True, titre="Annulée", annulee=True)
    response = client.get(reverse("parcours:agenda_public_ics"))
    cal = _parse(response)
    events = cal.walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == ["Réunion d'information"]
    assert str(events[0]["LOCATION"]) == "Arras"
    assert events[0]["DTSTART"].params["TZID"] == "Europe/Paris"
    assert VISIO not in _deplie(response.content) and "Secrète" not in _deplie(response.content)


def test_the_public_agenda_lists_open_sessions_to_anonymous_visitors(client, publique):
    SeanceFactory(titre="Séance de parcours")
    response = client.get(reverse("parcours:agenda_public"))
    assert list(response.context["page"].object_list) == [publique]
    html = response.content.decode()
    assert "Réunion d&#x27;information" in html and "Arras" in html
    assert VISIO not in html and LIEU not in html


def test_the_public_agenda_runs_the_same_number_of_queries_for_2_or_30_sessions(
    client, django_assert_num_queries
):
    for _ in range(2):
        SeanceFactory(regionale=True, publique=True)
    with django_assert_num_queries(2):
        client.get(reverse("parcours:agenda_public"))
    for _ in range(28):
        ParticipationFactory(seance=SeanceFactory(regionale=True, publique=True))
    with django_assert_num_queries(2):
        response = client.get(reverse("parcours:agenda_public"))
    assert len(response.context["page"].object_list) == 20


def test_the_public_header_has_an_agenda_link(client):
    html = client.get(reverse("accueil")).content.decode()
    assert f'href="{reverse("parcours:agenda_public")}"' in html


def test_a_session_that_is_not_public_is_not_on_the_public_page(client):
    seance = SeanceFactory()
    assert client.get(reverse("parcours:agenda_public_seance", args=[seance.pk])).status_code == 404


# --- The visio link never reaches someone not registered -----------------------------------


@pytest.fixture
def cohorte():
    inscription = InscriptionFactory()
    seance = SeanceFactory(parcours=inscription.parcours, lieu=LIEU, lien_visio=VISIO, capacite=1)
    inscrit = UserFactory(membre_de=inscription.organisation)
    ParticipationFactory(seance=seance, personne=inscrit)
    return {
        "seance": seance,
        "inscrit": inscrit,
        "collegue": UserFactory(membre_de=inscription.organisation),
        "attente": ParticipationFactory(
            seance=seance,
            statut="attente",
            personne=UserFactory(membre_de=inscription.organisation),
        ).personne,
        "annule": ParticipationFactory(
            seance=seance,
            statut="annule",
            personne=UserFactory(membre_de=inscription.organisation),
        ).personne,
        "financeur_curieux": UserFactory(membre_de=OrganisationFactory()),
    }


@pytest.mark.parametrize("qui", ["collegue", "attente", "annule"])
def test_a_person_not_registered_never_sees_the_visio_link_or_the_place(client, cohorte, qui):
    seance, personne = cohorte["seance"], cohorte[qui]
    assert not can(personne, "seance.acces", seance)
    client.force_login(personne)
    page = client.get(reverse("parcours:seance", args=[seance.pk]))
    assert page.status_code == 200
    ics = client.get(reverse("parcours:seance_ics", args=[seance.pk]))
    mes = client.get(reverse("parcours:mes_seances"))
    for response in (page, ics, mes):
        contenu = _deplie(response.content)
        assert VISIO not in contenu and LIEU not in contenu
    assert "communiqués aux personnes inscrites" in page.content.decode()
    cal = _parse(client.get(_flux_url(personne)))
    assert VISIO not in _deplie(cal.to_ical())


def _flux_url(personne):
    jeton = services.jeton_calendrier_renouveler(personne=personne)
    return reverse("parcours:calendrier_prive", kwargs={"jeton": jeton.jeton})


def test_a_registered_person_sees_the_visio_link_and_the_place(client, cohorte):
    client.force_login(cohorte["inscrit"])
    html = client.get(reverse("parcours:seance", args=[cohorte["seance"].pk])).content.decode()
    assert VISIO in html and LIEU in html
    ics = client.get(reverse("parcours:seance_ics", args=[cohorte["seance"].pk]))
    assert VISIO in _deplie(ics.content) and LIEU in _deplie(ics.content)


def test_an_outsider_gets_404_not_the_link(client, cohorte):
    client.force_login(cohorte["financeur_curieux"])
    for name in ("parcours:seance", "parcours:seance_ics"):
        assert client.get(reverse(name, args=[cohorte["seance"].pk])).status_code == 404


def test_the_public_page_never_shows_the_link_to_visitors_or_unregistered_people(client, publique):
    url = reverse("parcours:agenda_public_seance", args=[publique.pk])
    for personne in (None, UserFactory(), UserFactory(membre_de=OrganisationFactory())):
        if personne:
            client.force_login(personne)
        html = client.get(url).content.decode()
        assert VISIO not in html and LIEU not in html
    inscrite = UserFactory()
    ParticipationFactory(seance=publique, personne=inscrite)
    client.force_login(inscrite)
    assert VISIO in client.get(url).content.decode()
    assert not can(AnonymousUser(), "seance.acces", publique)


def test_the_waiting_list_email_does_not_carry_the_link(
    cohorte, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.participation_inscrire(seance=cohorte["seance"], personne=cohorte["collegue"])
    (message,) = mail.outbox
    assert "attente" in message.subject.lower()
    contenus = [message.body, *(alt[0] for alt in message.alternatives)]
    assert all(VISIO not in c and LIEU not in c for c in contenus)


def test_the_cancellation_email_does_not_carry_the_link(
    cohorte, django_capture_on_commit_callbacks
):
    seance = cohorte["seance"]
    participation = seance.participations.get(personne=cohorte["inscrit"])
    with django_capture_on_commit_callbacks(execute=True):
        services.participation_annuler(participation=participation, par=cohorte["inscrit"])
    annulation = next(m for m in mail.outbox if m.to == [cohorte["inscrit"].email])
    assert VISIO not in annulation.body
    assert VISIO not in _deplie(annulation.attachments[0][1])


def test_a_seance_visible_queryset_matches_the_rule(cohorte, publique):
    for personne in (cohorte["collegue"], cohorte["financeur_curieux"], UserFactory()):
        visibles = set(Seance.objects.visibles_par(personne))
        attendues = {s for s in Seance.objects.all() if can(personne, "seance.voir", s)}
        assert visibles == attendues
        ouvertes = set(Seance.objects.ouvertes_a(personne))
        assert ouvertes == {s for s in Seance.objects.all() if can(personne, "seance.inscrire", s)}


def test_the_public_feed_and_page_run_a_constant_number_of_queries(
    client, publique, django_assert_num_queries
):
    url_page = reverse("parcours:agenda_public_seance", args=[publique.pk])
    with django_assert_num_queries(1):
        client.get(reverse("parcours:agenda_public_ics"))
    with django_assert_num_queries(4):
        client.get(url_page)
    for _ in range(30):
        ParticipationFactory(seance=SeanceFactory(regionale=True, publique=True))
        ParticipationFactory(seance=publique)
    with django_assert_num_queries(1):
        response = client.get(reverse("parcours:agenda_public_ics"))
    assert len(_parse(response).walk("VEVENT")) == 31
    with django_assert_num_queries(4):
        client.get(url_page)


def test_erasing_a_person_deletes_their_private_feed(client):
    from apes_rh.donnees import personne_anonymiser

    personne = UserFactory()
    ParticipationFactory(seance=SeanceFactory(), personne=personne)
    url = _flux_url(personne)
    autre = services.jeton_calendrier_renouveler(personne=UserFactory())
    personne_anonymiser(personne=personne)
    assert not JetonCalendrier.objects.filter(personne=personne).exists()
    assert JetonCalendrier.objects.filter(pk=autre.pk).exists()
    assert client.get(url).status_code == 404
