"""Registration to sessions: capacity, waiting list and its promotion, cancellation, colleagues."""

import datetime

import icalendar
import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from parcours import services
from parcours.models import Participation
from tests.factories import OrganisationFactory, UserFactory
from tests.parcours.factories import (
    InscriptionFactory,
    ParticipationFactory,
    SeanceFactory,
    dans,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def inscription():
    """An organisation enrolled in a parcours."""
    return InscriptionFactory()


@pytest.fixture
def seance(inscription):
    return SeanceFactory(
        parcours=inscription.parcours, capacite=2, lien_visio="https://visio.example/x"
    )


def _membre(inscription, **kwargs):
    return UserFactory(membre_de=inscription.organisation, **kwargs)


def test_a_member_registers_and_receives_the_ics_in_europe_paris(
    client, inscription, seance, django_capture_on_commit_callbacks
):
    membre = _membre(inscription)
    client.force_login(membre)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("parcours:seance_sinscrire", args=[seance.pk]))
    assert response.status_code == 302
    participation = Participation.objects.get(seance=seance, personne=membre)
    assert participation.statut == "inscrit"
    assert participation.organisation == inscription.organisation
    assert participation.inscrite_par == membre
    message = mail.outbox[0]
    assert message.to == [membre.email] and "confirmée" in message.subject
    nom, contenu, mime = message.attachments[0]
    assert nom.endswith(".ics") and mime.startswith("text/calendar")
    cal = icalendar.Calendar.from_ical(contenu)
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Paris"]
    event = cal.walk("VEVENT")[0]
    debut = event.decoded("dtstart")
    assert str(debut.tzinfo) == "Europe/Paris" and debut.time() == datetime.time(9, 30)
    assert event["DTSTART"].params["TZID"] == "Europe/Paris"
    assert "https://visio.example/x" in str(event["DESCRIPTION"])


def test_registering_twice_changes_nothing(inscription, seance):
    membre = _membre(inscription)
    premiere = services.participation_inscrire(seance=seance, personne=membre, par=membre)
    seconde = services.participation_inscrire(seance=seance, personne=membre, par=membre)
    assert premiere.pk == seconde.pk
    assert Participation.objects.count() == 1


def test_a_full_session_puts_people_on_the_waiting_list_not_on_an_error_page(
    client, inscription, seance, django_capture_on_commit_callbacks
):
    for _ in range(2):
        ParticipationFactory(seance=seance)
    membre = _membre(inscription)
    client.force_login(membre)
    page = client.get(reverse("parcours:seance", args=[seance.pk]))
    assert "Rejoindre la liste d'attente" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("parcours:seance_sinscrire", args=[seance.pk]), follow=True)
    assert response.status_code == 200
    assert "vous êtes sur la liste d&#x27;attente" in response.content.decode()
    assert Participation.objects.get(personne=membre).statut == "attente"
    assert "Liste d'attente" in mail.outbox[0].subject
    assert not mail.outbox[0].attachments


def test_a_cancellation_promotes_the_first_person_on_the_waiting_list(
    client, inscription, seance, django_capture_on_commit_callbacks
):
    membre = _membre(inscription)
    services.participation_inscrire(seance=seance, personne=membre, par=membre)
    ParticipationFactory(seance=seance)
    premiere = ParticipationFactory(
        seance=seance, statut="attente", inscrite_le=timezone.now() - datetime.timedelta(hours=2)
    )
    seconde = ParticipationFactory(seance=seance, statut="attente")
    client.force_login(membre)
    participation = Participation.objects.get(personne=membre)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("parcours:participation_annuler", args=[participation.pk]))
    participation.refresh_from_db()
    premiere.refresh_from_db()
    seconde.refresh_from_db()
    assert participation.statut == "annule" and participation.annulee_le
    assert premiere.statut == "inscrit" and premiere.promue_le
    assert seconde.statut == "attente"
    sujets = {m.to[0]: m.subject for m in mail.outbox}
    assert "Inscription annulée" in sujets[membre.email]
    assert "Une place s'est libérée" in sujets[premiere.personne.email]
    promue = next(m for m in mail.outbox if m.to == [premiere.personne.email])
    assert icalendar.Calendar.from_ical(promue.attachments[0][1]).walk("VEVENT")


def test_leaving_the_waiting_list_promotes_nobody(inscription, seance):
    ParticipationFactory(seance=seance)
    ParticipationFactory(seance=seance)
    attente = ParticipationFactory(seance=seance, statut="attente")
    suivante = ParticipationFactory(seance=seance, statut="attente")
    services.participation_annuler(participation=attente, par=attente.personne)
    suivante.refresh_from_db()
    assert suivante.statut == "attente"


def test_raising_the_capacity_promotes_the_waiting_list(inscription, seance):
    ParticipationFactory(seance=seance)
    ParticipationFactory(seance=seance)
    attente = ParticipationFactory(seance=seance, statut="attente")
    seance.capacite = 3
    services.seance_enregistrer(seance=seance)
    attente.refresh_from_db()
    assert attente.statut == "inscrit"


def test_the_person_cannot_cancel_once_the_session_started_but_the_team_can(inscription):
    seance = SeanceFactory(parcours=inscription.parcours, date=dans(-1))
    participation = ParticipationFactory(seance=seance)
    with pytest.raises(ValidationError):
        services.participation_annuler(participation=participation, par=participation.personne)
    services.participation_annuler(participation=participation, par=UserFactory(chargee=True))
    participation.refresh_from_db()
    assert participation.statut == "annule"


def test_registration_closes_when_the_session_starts(inscription):
    maintenant = timezone.localtime()
    seance = SeanceFactory(
        parcours=inscription.parcours,
        date=maintenant.date(),
        heure_debut=(maintenant - datetime.timedelta(minutes=5)).time(),
        heure_fin=None,
    )
    with pytest.raises(ValidationError, match="déjà commencé"):
        services.participation_inscrire(seance=seance, personne=_membre(inscription))


def test_a_cancelled_session_takes_no_registration(inscription):
    seance = SeanceFactory(parcours=inscription.parcours, annulee=True)
    with pytest.raises(ValidationError, match="annulée"):
        services.participation_inscrire(seance=seance, personne=_membre(inscription))


def test_a_member_registers_colleagues_but_not_strangers(client, inscription, seance):
    membre = _membre(inscription)
    collegue = _membre(inscription)
    etranger = UserFactory(membre_de=OrganisationFactory())
    client.force_login(membre)
    url = reverse("parcours:seance_inscrire_autrui", args=[seance.pk])
    response = client.post(url, {"collegues": [etranger.pk]})
    assert "collegues" in response.context["form"].errors
    client.post(url, {"collegues": [collegue.pk]})
    participation = Participation.objects.get(personne=collegue)
    assert participation.inscrite_par == membre and participation.statut == "inscrit"


def test_the_team_registers_anyone_by_email(client, seance):
    personne = UserFactory(email="quelquun@example.org")
    client.force_login(UserFactory(chargee=True))
    url = reverse("parcours:seance_inscrire_autrui", args=[seance.pk])
    response = client.post(url, {"email": "inconnu@example.org"})
    assert response.context["form"].errors["email"] == [
        "Aucun compte avec cette adresse : invitez d'abord la personne."
    ]
    client.post(url, {"email": "QUELQUUN@example.org"})
    assert Participation.objects.filter(personne=personne, seance=seance).exists()


def test_registering_several_people_beyond_capacity_splits_registered_and_waiting(
    client, inscription, seance
):
    membre = _membre(inscription)
    collegues = [_membre(inscription) for _ in range(3)]
    client.force_login(membre)
    client.post(
        reverse("parcours:seance_inscrire_autrui", args=[seance.pk]),
        {"collegues": [c.pk for c in collegues]},
    )
    statuts = sorted(Participation.objects.values_list("statut", flat=True))
    assert statuts == ["attente", "inscrit", "inscrit"]


def test_a_session_of_a_parcours_is_not_open_to_other_organisations(client, seance):
    client.force_login(UserFactory(membre_de=OrganisationFactory()))
    assert client.get(reverse("parcours:seance", args=[seance.pk])).status_code == 404
    assert client.post(reverse("parcours:seance_sinscrire", args=[seance.pk])).status_code == 404


def test_a_public_session_is_open_to_anyone_with_an_account(client):
    seance = SeanceFactory(regionale=True, publique=True)
    personne = UserFactory()
    client.force_login(personne)
    client.post(reverse("parcours:seance_sinscrire", args=[seance.pk]))
    assert Participation.objects.get(personne=personne).statut == "inscrit"


def test_the_services_work_for_a_community_session(django_capture_on_commit_callbacks):
    """The communities app calls the same services for `seance.communaute` sessions."""
    from communautes.models import Communaute, MembreCommunaute

    communaute = Communaute.objects.create(code="VIRT", nom="Virtuelle", type="virtuelle")
    seance = SeanceFactory(parcours=None, communaute=communaute, capacite=1)
    personnes = [UserFactory(), UserFactory()]
    for personne in personnes:
        MembreCommunaute.objects.create(communaute=communaute, personne=personne)
    from apes_rh.perms import can

    assert can(personnes[0], "seance.inscrire", seance)
    # One transaction per request, as in real life: each e-mail reflects its moment.
    with django_capture_on_commit_callbacks(execute=True):
        premiere = services.participation_inscrire(seance=seance, personne=personnes[0])
    with django_capture_on_commit_callbacks(execute=True):
        seconde = services.participation_inscrire(seance=seance, personne=personnes[1])
    with django_capture_on_commit_callbacks(execute=True):
        services.participation_annuler(participation=premiere, par=personnes[0])
    seconde.refresh_from_db()
    assert seconde.statut == "inscrit"
    assert len(mail.outbox) == 4  # confirmed, waiting, cancelled, promoted


def test_my_sessions_lists_registrations_facilitations_and_open_sessions(client, inscription):
    membre = _membre(inscription)
    inscrite = SeanceFactory(parcours=inscription.parcours, titre="Déjà inscrit·e")
    ParticipationFactory(seance=inscrite, personne=membre)
    SeanceFactory(parcours=inscription.parcours, titre="Ouverte à moi")
    SeanceFactory(titre="Autre parcours")
    client.force_login(membre)
    response = client.get(reverse("parcours:mes_seances"))
    assert [p.seance for p in response.context["inscriptions"]] == [inscrite]
    assert [s.titre for s in response.context["page"].object_list] == ["Ouverte à moi"]


def test_my_sessions_runs_the_same_number_of_queries_for_1_or_20_sessions(
    client, inscription, django_assert_num_queries
):
    membre = _membre(inscription)
    client.force_login(membre)

    def ajouter(n):
        for _ in range(n):
            ParticipationFactory(
                seance=SeanceFactory(parcours=inscription.parcours), personne=membre
            )
            SeanceFactory(parcours=inscription.parcours)
            SeanceFactory(animateurs=[membre])

    ajouter(1)
    with django_assert_num_queries(11):
        client.get(reverse("parcours:mes_seances"))
    ajouter(19)
    with django_assert_num_queries(11):
        client.get(reverse("parcours:mes_seances"))


def test_the_session_page_runs_the_same_number_of_queries_for_1_or_40_people(
    client, seance, django_assert_num_queries
):
    client.force_login(UserFactory(chargee=True))
    ParticipationFactory(seance=seance)
    with django_assert_num_queries(15):
        client.get(reverse("parcours:seance", args=[seance.pk]))
    for _ in range(39):
        ParticipationFactory(seance=seance, statut="attente")
    with django_assert_num_queries(15):
        client.get(reverse("parcours:seance", args=[seance.pk]))


def test_a_closed_community_session_is_for_its_members_an_open_one_for_everybody():
    from apes_rh.perms import can
    from communautes.models import Communaute, MembreCommunaute

    fermee = Communaute.objects.create(code="BULLES", nom="Bulles", type="virtuelle", ouverte=False)
    ouverte = Communaute.objects.create(code="VIRT", nom="Virtuelle", type="virtuelle")
    seance_fermee = SeanceFactory(parcours=None, communaute=fermee)
    seance_ouverte = SeanceFactory(parcours=None, communaute=ouverte)
    membre, passant = UserFactory(), UserFactory()
    MembreCommunaute.objects.create(communaute=fermee, personne=membre)
    assert can(membre, "seance.inscrire", seance_fermee)
    assert not can(passant, "seance.voir", seance_fermee)
    assert can(passant, "seance.inscrire", seance_ouverte)
    from parcours.models import Seance

    assert set(Seance.objects.ouvertes_a(passant)) == {seance_ouverte}
    assert set(Seance.objects.ouvertes_a(membre)) == {seance_ouverte, seance_fermee}


def test_a_session_that_started_today_is_no_longer_open(inscription):
    from parcours.models import Seance

    maintenant = timezone.localtime()
    commencee = SeanceFactory(
        parcours=inscription.parcours,
        date=maintenant.date(),
        heure_debut=(maintenant - datetime.timedelta(minutes=1)).time(),
        heure_fin=None,
    )
    assert commencee not in Seance.objects.ouvertes_a(_membre(inscription))


def test_a_past_session_takes_no_registration(inscription):
    seance = SeanceFactory(parcours=inscription.parcours, date=dans(-3))
    with pytest.raises(ValidationError, match="Cette séance est passée"):
        services.participation_inscrire(seance=seance, personne=_membre(inscription))
