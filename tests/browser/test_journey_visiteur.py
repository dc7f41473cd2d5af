"""Journey 5: a visitor reads the vitrine, a theme page and a public MOOC lesson, then sends a
"rejoindre la démarche" request (issue 9)."""

import pytest
from django.core import mail
from django.core.cache import cache

from outils.vitrine.contenus import charger_mooc, charger_themes
from outils.vitrine.models import DemandeAdhesion, Module
from tests.browser.conftest import check_accessibility, screenshot
from tests.factories import TerritoireFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def vitrine(monkeypatch):
    TerritoireFactory(code="MEL", nom="Métropole Européenne de Lille")
    charger_themes()
    charger_mooc()
    # The anti-robot delay of the form: a test fills it faster than a person.
    monkeypatch.setattr("outils.vitrine.forms.DELAI_MINIMUM_SECONDES", 0)
    cache.clear()


def test_a_visitor_reads_the_vitrine_a_theme_a_public_lesson_and_asks_to_join(
    page, live_server, vitrine
):
    page.goto(live_server.url + "/")
    assert "Démarche progrès RH" in page.title()
    check_accessibility(page)

    # A theme page, through the header.
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Thèmes RH"
    ).click()
    page.wait_for_url("**/themes/")
    check_accessibility(page)
    page.get_by_role("link", name="Recrutement et intégration").first.click()
    page.wait_for_url("**/themes/recrutement-integration/")
    assert page.get_by_role("heading", level=1).inner_text().strip()
    check_accessibility(page)

    # A public MOOC module and its first lesson, without an account.
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="MOOC"
    ).click()
    page.wait_for_url("**/mooc/")
    check_accessibility(page)
    module = Module.objects.filter(public=True).order_by("ordre", "pk").first()
    assert module is not None, "aucun module public dans le MOOC chargé"
    page.get_by_role("link", name=module.titre).click()
    page.wait_for_url(f"**{module.get_absolute_url()}")
    check_accessibility(page)
    page.get_by_role("link", name="Commencer le module").click()
    lecon = module.lecons.order_by("ordre").first()
    page.wait_for_url(f"**{lecon.get_absolute_url()}")
    assert page.get_by_role("heading", name=lecon.titre).is_visible()
    check_accessibility(page)

    # Back to the home page, then "Rejoindre la démarche".
    page.get_by_role("link", name="Démarche progrès RH").first.click()
    page.wait_for_url(live_server.url + "/")
    page.get_by_role("link", name="Rejoindre la démarche").first.click()
    page.wait_for_url("**/rejoindre/")
    check_accessibility(page)
    page.get_by_label("Nom de la structure").fill("Les Ateliers du Vieux-Lille")
    page.get_by_label("Type de structure").select_option("association")
    page.get_by_label("Nombre de salarié·es").select_option("3-10")
    page.get_by_label("Territoire").select_option(label="Métropole Européenne de Lille")
    page.get_by_label("Commune").fill("Lille")
    page.get_by_label("Prénom").fill("Sarah")
    page.locator("#id_contact_nom").fill("Benali")
    page.get_by_label("Adresse e-mail").fill("sarah@ateliers.example")
    page.get_by_label("Vos besoins").fill("Structurer nos recrutements et l'accueil.")
    page.get_by_label("J'accepte que l'Apes conserve").check()
    page.get_by_role("button", name="Envoyer ma demande").click()
    page.wait_for_url("**/rejoindre/merci/")
    check_accessibility(page)
    screenshot(page, "parcours-5-rejoindre-la-demarche")

    demande = DemandeAdhesion.objects.get()
    assert demande.organisation_nom == "Les Ateliers du Vieux-Lille"
    # Acknowledged to the visitor, and the team is told (once each).
    destinataires = [to for m in mail.outbox for to in m.to]
    assert destinataires.count("sarah@ateliers.example") == 1
    assert len(mail.outbox) == 2
