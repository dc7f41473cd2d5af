"""Appui collectif / rencontre thématique (theme, material, replay) and joint events with
workshops: attendance and half-days count once."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from communautes import services
from communautes.models import AppuiThematique, Atelier, seances_comptant_demi_journees
from communautes.statistiques import activite_communaute
from parcours.enums import StatutParticipation as S
from parcours.enums import TypeSeance
from parcours.models import Participation, Seance
from tests.factories import UserFactory

from .factories import (
    CommunauteFactory,
    MembreCommunauteFactory,
    ParticipationFactory,
    SeanceFactory,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n%support\n"


@pytest.fixture
def rencontre():
    seance = SeanceFactory(type=TypeSeance.RENCONTRE_THEMATIQUE, passee=True)
    services.format_assurer(seance=seance)
    return Seance.objects.get(pk=seance.pk)


def test_a_thematic_meeting_gets_its_theme_material_and_replay(client, rencontre):
    animateur = UserFactory()
    rencontre.animateurs.add(animateur)
    client.force_login(animateur)
    response = client.post(
        reverse("communautes:appui", args=[rencontre.pk]),
        {
            "theme": "L'entretien professionnel",
            "lien_replay": "https://vimeo.com/123",
            "support": SimpleUploadedFile("diaporama.pdf", PDF),
        },
    )
    assert response.status_code == 302
    appui = AppuiThematique.objects.get(seance=rencontre)
    assert appui.theme == "L'entretien professionnel" and appui.support_nom == "diaporama.pdf"
    assert appui.support_taille == len(PDF)
    # Members of the community download the material; others only see that it exists.
    membre = MembreCommunauteFactory(communaute=rencontre.communaute).personne
    client.force_login(membre)
    page = client.get(reverse("communautes:seance", args=[rencontre.pk])).text
    assert "https://vimeo.com/123" in page and "Télécharger le support" in page
    response = client.get(reverse("communautes:support", args=[rencontre.pk]))
    assert b"".join(response.streaming_content) == PDF
    client.force_login(UserFactory())
    page = client.get(reverse("communautes:seance", args=[rencontre.pk])).text
    assert "https://vimeo.com/123" not in page and "réservés aux membres" in page
    assert client.get(reverse("communautes:support", args=[rencontre.pk])).status_code == 404


def test_replacing_the_material_removes_the_old_file(rencontre, django_capture_on_commit_callbacks):
    appui = rencontre.appui
    services.appui_modifier(appui=appui, theme="A", support=SimpleUploadedFile("a.pdf", PDF))
    ancien = appui.support.name
    with django_capture_on_commit_callbacks(execute=True):
        services.appui_modifier(appui=appui, theme="A", support=SimpleUploadedFile("b.pdf", PDF))
    assert not appui.support.storage.exists(ancien)
    assert appui.support.storage.exists(appui.support.name)


@pytest.mark.parametrize(
    ("donnees", "message"),
    [
        (
            {"theme": "x", "lien_replay": "http://video.example.org/1"},
            "doit commencer par https://",
        ),
        ({"theme": "x", "lien_replay": "javascript:alert(1)"}, "Saisissez une URL valide"),
        (
            {"theme": "x", "support": SimpleUploadedFile("a.exe", b"MZ")},
            "ce type de fichier n&#x27;est pas accepté",
        ),
    ],
)
def test_bad_material_or_replay_is_refused_with_a_field_message(
    client, rencontre, donnees, message
):
    client.force_login(UserFactory(chargee=True))
    response = client.post(reverse("communautes:appui", args=[rencontre.pk]), donnees)
    assert response.status_code == 200 and message in response.text
    rencontre.appui.refresh_from_db()
    assert rencontre.appui.theme == "" and not rencontre.appui.support


# --- Joint events and workshops ---------------------------------------------------------


@pytest.fixture
def journee():
    """A federation's HR day: 2 half-days, 4 workshops in the afternoon."""
    communaute = CommunauteFactory(type="partenariale")
    evenement = SeanceFactory(
        communaute=communaute,
        type=TypeSeance.RENCONTRE_THEMATIQUE,
        titre="Journée annuelle RH",
        demi_journees=2,
        capacite=100,
    )
    equipe = UserFactory(chargee=True)
    ateliers = [
        services.atelier_ajouter(evenement=evenement, par=equipe, titre=f"Atelier {i}", capacite=25)
        for i in range(1, 5)
    ]
    return evenement, ateliers


def test_workshops_are_sessions_linked_to_their_event(client, journee):
    evenement, ateliers = journee
    assert [a.atelier.evenement for a in ateliers] == [evenement] * 4
    assert all(
        a.communaute_id == evenement.communaute_id and a.date == evenement.date for a in ateliers
    )
    html = client.get(reverse("communautes:seance", args=[evenement.pk])).text
    assert all(f"Atelier {i}" in html for i in range(1, 5))
    # Workshops are listed under their event, not as sessions of their own.
    page = client.get(reverse("communautes:communaute", args=[evenement.communaute_id])).text
    assert "4 ateliers" in page and "Atelier 1</a>" not in page


def test_the_team_adds_a_workshop_through_the_page(client, journee):
    evenement, _ = journee
    client.force_login(UserFactory(chargee=True))
    response = client.post(
        reverse("communautes:atelier_ajouter", args=[evenement.pk]),
        {"titre": "Atelier 5 : égalité", "heure_debut": "14:00", "heure_fin": "16:00"},
    )
    assert response.status_code == 302
    assert evenement.ateliers.count() == 5
    # A workshop has no workshops of its own.
    atelier = evenement.ateliers.first().seance
    assert client.get(reverse("communautes:atelier_ajouter", args=[atelier.pk])).status_code == 404


def test_registering_to_a_workshop_registers_to_the_event_once(journee):
    evenement, ateliers = journee
    personne = UserFactory()
    services.seance_inscrire(seance=ateliers[0], personne=personne)
    services.seance_inscrire(seance=ateliers[1], personne=personne)
    assert evenement.participations.filter(personne=personne).count() == 1
    assert evenement.participations.get(personne=personne).statut == S.INSCRIT


def test_presence_at_a_workshop_counts_as_presence_at_the_event(journee):
    evenement, ateliers = journee
    personne = UserFactory()
    p = services.seance_inscrire(seance=ateliers[2], personne=personne)
    p.statut = S.PRESENT
    p.save()  # the agenda's attendance sheet saves participations one by one
    assert evenement.participations.get(personne=personne).statut == S.PRESENT
    # Present at two workshops: still one person at the event.
    Participation.objects.create(seance=ateliers[3], personne=personne, statut=S.PRESENT)
    assert evenement.participations.filter(personne=personne).count() == 1


def test_half_days_count_the_event_not_its_workshops(journee):
    evenement, ateliers = journee
    communaute = evenement.communaute
    info = SeanceFactory(communaute=communaute, type=TypeSeance.INFORMATION, demi_journees=1)
    seances = Seance.objects.filter(communaute=communaute)
    assert set(seances_comptant_demi_journees(seances)) == {evenement}
    assert info not in seances_comptant_demi_journees(seances)
    for atelier in ateliers:
        for _ in range(3):
            Participation.objects.create(seance=atelier, personne=UserFactory(), statut=S.PRESENT)
    figures = activite_communaute(communaute, evenement.date - datetime.timedelta(days=1))
    assert figures["demi_journees_collectives"] == 2
    assert figures["participants"] == 12  # each person once, through the event


def test_a_workshop_takes_place_on_its_event_s_day(journee):
    evenement, _ = journee
    with pytest.raises(Exception, match="jour de son événement"):
        services.atelier_ajouter(
            evenement=evenement,
            par=UserFactory(chargee=True),
            titre="Le lendemain",
            date=evenement.date + datetime.timedelta(days=1),
        )
    assert Atelier.objects.filter(evenement=evenement).count() == 4


def test_partners_co_organising_the_event_see_its_registrations(client, journee):
    from .factories import ContactPartenaireFactory

    evenement, ateliers = journee
    contact = ContactPartenaireFactory()
    client.force_login(UserFactory(chargee=True))
    client.post(
        reverse("communautes:coorganisateurs", args=[evenement.pk]), {"reseau": contact.reseau.pk}
    )
    ParticipationFactory(seance=evenement, personne=UserFactory(last_name="Inscrite"))
    client.force_login(contact.personne)
    assert "Inscrite" in client.get(reverse("communautes:inscriptions", args=[evenement.pk])).text
    # Its workshops too, and nothing else.
    ParticipationFactory(seance=ateliers[0], personne=UserFactory(last_name="Atelière"))
    assert "Atelière" in client.get(reverse("communautes:inscriptions", args=[ateliers[0].pk])).text
    autre = SeanceFactory(communaute=evenement.communaute)
    assert client.get(reverse("communautes:inscriptions", args=[autre.pk])).status_code == 403
