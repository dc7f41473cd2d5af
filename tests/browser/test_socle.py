"""Foundation journeys: a visitor reaches the login page; each person lands in their space."""

import pytest

from tests.browser.conftest import check_accessibility, login, screenshot
from tests.factories import PASSWORD, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_visitor_reads_the_home_page_and_reaches_the_login(page, live_server):
    page.goto(live_server.url + "/")
    assert "Démarche progrès RH" in page.title()
    check_accessibility(page)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Aller au contenu")
    assert skip.evaluate("el => el === document.activeElement")
    page.get_by_role("link", name="Accéder à mon espace").click()
    page.wait_for_url("**/comptes/login/")
    check_accessibility(page)
    screenshot(page, "socle-connexion")


def test_a_pilot_logs_in_on_a_phone_and_lands_in_their_space(phone_page, live_server):
    page = phone_page
    organisation = OrganisationFactory(nom="La Clef du permis")
    UserFactory(email="pilote@clef.example", pilote_de=organisation)
    login(page, live_server, "pilote@clef.example", PASSWORD)
    page.wait_for_url("**/mon-espace/")
    assert page.get_by_role("heading", name="La Clef du permis").is_visible()
    check_accessibility(page)
    # The menu folds on a phone and opens with a real button.
    page.get_by_role("button", name="Afficher ou masquer le menu").click()
    assert page.get_by_role("link", name="Mon organisation").is_visible()
    screenshot(page, "socle-pilote-telephone")
