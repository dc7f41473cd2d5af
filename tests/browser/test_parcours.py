"""Browser journeys of the agenda (Playwright, Debian's Chromium): the attendance sheet on a
phone saves without reloading; registration and the team's agenda pass axe and the CSP."""

import datetime

import pytest

from parcours.models import Participation
from tests.browser.conftest import check_accessibility, login, screenshot
from tests.factories import PASSWORD, OrganisationFactory, UserFactory
from tests.parcours.factories import InscriptionFactory, ParticipationFactory, SeanceFactory, dans

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_facilitator_takes_attendance_on_a_phone_without_reloading(phone_page, live_server):
    page = phone_page
    animatrice = UserFactory(email="animatrice@example.org")
    seance = SeanceFactory(titre="Atelier du jour", date=dans(0), animateurs=[animatrice])
    ines = ParticipationFactory(
        seance=seance, personne=UserFactory(first_name="Inès", last_name="Lefebvre")
    )
    ParticipationFactory(seance=seance, personne=UserFactory(first_name="Hugo", last_name="Dubois"))
    login(page, live_server, "animatrice@example.org", PASSWORD)
    page.goto(f"{live_server.url}/seances/{seance.pk}/presences/")
    check_accessibility(page)
    page.evaluate("window.pasRecharge = true")
    ligne = page.locator(f"#presence-{ines.pk}")
    ligne.get_by_text("Présent·e", exact=True).click()
    page.locator(f"#presence-{ines.pk}").get_by_text("Enregistré").wait_for()
    assert page.evaluate("window.pasRecharge") is True  # same page: saved with htmx
    assert page.locator("#compteurs").get_by_text("1", exact=True).count() >= 1
    assert not page.get_by_role("button", name="Enregistrer").first.is_visible()
    ines.refresh_from_db()
    assert ines.statut == "present"
    screenshot(page, "parcours-presences-telephone")


def test_a_member_registers_from_their_phone(phone_page, live_server):
    page = phone_page
    inscription = InscriptionFactory(organisation=OrganisationFactory(nom="Atelier Vélo du Pile"))
    UserFactory(email="membre@pile.example", membre_de=inscription.organisation)
    seance = SeanceFactory(
        parcours=inscription.parcours,
        titre="Recruter et intégrer",
        date=dans(10),
        heure_debut=datetime.time(9, 30),
        lien_visio="https://visio.example/pile",
    )
    login(page, live_server, "membre@pile.example", PASSWORD)
    page.goto(f"{live_server.url}/mes-seances/")
    check_accessibility(page)
    page.get_by_role("button", name="M'inscrire : Recruter et intégrer").click()
    page.wait_for_url(f"**/seances/{seance.pk}/")
    assert page.get_by_text("Vous êtes inscrit·e.").is_visible()
    assert page.get_by_text("https://visio.example/pile").is_visible()
    check_accessibility(page)
    assert Participation.objects.get(seance=seance).statut == "inscrit"
    screenshot(page, "parcours-inscription-telephone")


def test_the_team_agenda_and_the_public_agenda_pass_accessibility(page, live_server):
    UserFactory(email="equipe@apes.example", chargee=True, totp=True)
    SeanceFactory(titre="Séance de parcours", date=dans(1))
    SeanceFactory(regionale=True, publique=True, titre="Réunion d'information", date=dans(2))
    page.goto(f"{live_server.url}/agenda/")
    assert page.get_by_role("link", name="Réunion d'information").is_visible()
    check_accessibility(page)
    page.set_viewport_size({"width": 390, "height": 844})
    check_accessibility(page)
    screenshot(page, "parcours-agenda-public-telephone")
