"""Journey 2: the chargée de mission creates a parcours, enrols two organisations, schedules a
series of sessions, registers people until the waiting list is used, and takes attendance on a
phone (issue 9)."""

import datetime
import re

import pytest

from parcours.models import Inscription, Parcours, Participation, Seance
from tests.accompagnateurs.factories import AccompagnateurFactory
from tests.browser.conftest import check_accessibility, screenshot
from tests.browser.test_journey_accompagnateur import login_equipe
from tests.factories import OrganisationFactory, TerritoireFactory, ThematiqueFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

PERSONNES = [
    ("ines@ferrain.example", "Inès", "Lefebvre"),
    ("hugo@ferrain.example", "Hugo", "Dubois"),
    ("lea@toupie.example", "Léa", "Petit"),
]


@pytest.fixture
def programme(db):
    mel = TerritoireFactory(code="MEL", nom="Métropole Européenne de Lille")
    ferrain = OrganisationFactory(nom="Recyclerie du Ferrain", territoire=mel)
    toupie = OrganisationFactory(nom="Ludothèque La Toupie", territoire=mel)
    OrganisationFactory(nom="Atelier Vélo du Pile", territoire=mel)
    for (email, prenom, nom), organisation in zip(
        PERSONNES, [ferrain, ferrain, toupie], strict=True
    ):
        UserFactory(email=email, first_name=prenom, last_name=nom, membre_de=organisation)
    AccompagnateurFactory(
        user=UserFactory(email="ph@germoir.example", first_name="Pierre-Henri", last_name="Roussel")
    )
    ThematiqueFactory(nom="Recrutement et intégration")
    return UserFactory(email="camille@apes.example", chargee=True)


def champ(page, libelle: str):
    """The field with exactly this label (crispy adds "*" to required ones)."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(libelle)}\s*\*?\s*$"))


def test_the_team_runs_a_parcours_from_creation_to_attendance(page, live_server, programme):
    aujourdhui = datetime.date.today()

    # A new parcours.
    login_equipe(page, live_server, programme)
    page.goto(live_server.url + "/parcours/")
    check_accessibility(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Nouveau parcours").click()
    check_accessibility(page)
    champ(page, "Code").fill("MEL-2026")
    champ(page, "Nom").fill("Parcours territorial MEL 2026")
    champ(page, "Territoire").select_option(label="MEL")
    champ(page, "Début").fill((aujourdhui - datetime.timedelta(days=7)).isoformat())
    champ(page, "Fin").fill((aujourdhui + datetime.timedelta(days=300)).isoformat())
    page.get_by_label("Pierre-Henri Roussel").check()
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url("**/parcours/*/")
    assert page.get_by_text("Parcours « ").first.is_visible()
    check_accessibility(page)
    parcours = Parcours.objects.get(code="MEL-2026")

    # Two organisations enrolled.
    page.get_by_role("link", name="Inscrire des organisations").click()
    page.wait_for_url(f"**/parcours/{parcours.pk}/inscrire/")
    check_accessibility(page)
    page.get_by_label("Recyclerie du Ferrain").check()
    page.get_by_label("Ludothèque La Toupie").check()
    page.get_by_role("button", name="Inscrire").click()
    page.wait_for_url(f"**/parcours/{parcours.pk}/")
    check_accessibility(page)
    assert set(
        Inscription.objects.filter(parcours=parcours).values_list("organisation__nom", flat=True)
    ) == {"Recyclerie du Ferrain", "Ludothèque La Toupie"}

    # A weekly series of four sessions, two seats each, from tomorrow (registration closes
    # once a session has started: a series from today would fail after 9:30).
    demain = aujourdhui + datetime.timedelta(days=1)
    page.goto(live_server.url + "/seances/")
    with page.expect_navigation():
        page.get_by_role("link", name="Créer une série").click()
    check_accessibility(page)
    champ(page, "Titre").fill("Atelier recrutement")
    champ(page, "Type").select_option("collectif_parcours")
    champ(page, "Parcours").select_option(label=str(parcours))
    champ(page, "Première date").fill(demain.isoformat())
    champ(page, "Répétition").select_option("hebdomadaire")
    champ(page, "Jusqu'au (inclus)").fill((demain + datetime.timedelta(days=21)).isoformat())
    champ(page, "Heure de début").fill("09:30")
    champ(page, "Heure de fin").fill("12:00")
    champ(page, "Lieu").fill("Maison des associations, 72 rue Royale")
    champ(page, "Commune").fill("Lille")
    champ(page, "Nombre de places").fill("2")
    page.get_by_label("Pierre-Henri Roussel").check()
    page.get_by_label("Recrutement et intégration").check()
    page.get_by_role("button", name="Créer la série").click()
    page.wait_for_url("**/seances/?q=**")
    assert page.get_by_text("4 séances programmées").is_visible()
    check_accessibility(page)
    seances = list(Seance.objects.filter(parcours=parcours).order_by("date"))
    assert [s.date for s in seances] == [demain + datetime.timedelta(weeks=i) for i in range(4)]
    premiere = seances[0]

    # Three people for two seats: the third waits.
    page.goto(live_server.url + f"/seances/{premiere.pk}/")
    check_accessibility(page)
    for email, _, _ in PERSONNES:
        page.get_by_role("link", name="Inscrire une personne").click()
        page.wait_for_url(f"**/seances/{premiere.pk}/inscrire/")
        page.get_by_label("Adresse e-mail de la personne").fill(email)
        page.get_by_role("button", name="Inscrire").click()
        page.wait_for_url(f"**/seances/{premiere.pk}/")
    check_accessibility(page)
    statuts = dict(
        Participation.objects.filter(seance=premiere).values_list("personne__email", "statut")
    )
    assert statuts == {
        "ines@ferrain.example": "inscrit",
        "hugo@ferrain.example": "inscrit",
        "lea@toupie.example": "attente",
    }

    # The day of the session (attendance opens on its day): the clock moves, not the journey.
    Seance.objects.filter(pk=premiere.pk).update(date=aujourdhui)

    # Attendance on a phone, saved as each choice is made.
    page.set_viewport_size({"width": 390, "height": 844})
    page.get_by_role("link", name="Feuille de présence").click()
    page.wait_for_url(f"**/seances/{premiere.pk}/presences/")
    check_accessibility(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    for nom, choix in (
        ("Inès Lefebvre", "Présent·e"),
        ("Hugo Dubois", "Excusé·e"),
        ("Léa Petit", "Présent·e"),  # from the waiting list, she came anyway
    ):
        ligne = page.locator("li.presence").filter(has_text=nom)
        ligne.get_by_text(choix, exact=True).click()
        page.locator("li.presence").filter(has_text=nom).get_by_text("Enregistré").wait_for()
    check_accessibility(page)
    screenshot(page, "parcours-2-feuille-de-presence-telephone")
    statuts = dict(
        Participation.objects.filter(seance=premiere).values_list("personne__email", "statut")
    )
    assert statuts == {
        "ines@ferrain.example": "present",
        "hugo@ferrain.example": "excuse",
        "lea@toupie.example": "present",
    }
