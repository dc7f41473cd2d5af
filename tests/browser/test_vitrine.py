"""Vitrine journeys in a real browser: accessibility (axe-core), phone layout, no-JS-required."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from outils.vitrine.contenus import charger_mooc, charger_themes
from outils.vitrine.models import DemandeAdhesion, Module, Progression, ThemeVitrine
from parcours.models import Seance
from tests.browser.conftest import check_accessibility, login, screenshot
from tests.factories import PASSWORD, OrganisationFactory, TerritoireFactory, UserFactory
from tests.vitrine.factories import RessourceFactory, TemoignageFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def vitrine():
    TerritoireFactory(code="MEL", nom="Métropole Européenne de Lille")
    charger_themes()
    charger_mooc()
    theme = ThemeVitrine.objects.get(slug="recrutement-integration")
    RessourceFactory(titre="Grille d'entretien", thematiques=[theme.thematique])
    TemoignageFactory(
        titre="Poser les bases après un conflit",
        organisation=OrganisationFactory(nom="La Clef du permis"),
        publie=True,
        mis_en_avant=True,
    )
    seance = Seance.objects.create(
        ref="V1",
        titre="Atelier : réussir ses recrutements",
        type="appui_collectif",
        date=timezone.localdate() + datetime.timedelta(days=10),
        lieu="Lille",
    )
    seance.thematiques.add(theme.thematique)
    cache.clear()
    return theme


def test_a_director_understands_the_programme_and_asks_to_join(
    page, live_server, vitrine, monkeypatch
):
    monkeypatch.setattr("outils.vitrine.forms.DELAI_MINIMUM_SECONDES", 0)
    page.goto(live_server.url + "/")
    assert page.get_by_role(
        "heading", name="Des pratiques RH qui progressent, à votre rythme"
    ).is_visible()
    assert page.get_by_role("heading", name="Un parcours en trois étapes").is_visible()
    assert page.get_by_text("Atelier : réussir ses recrutements").is_visible()
    assert page.get_by_text("Poser les bases après un conflit").is_visible()
    check_accessibility(page)
    screenshot(page, "vitrine-accueil")

    page.get_by_role("link", name="Thèmes RH").first.click()
    page.get_by_role("link", name="Recrutement et intégration").first.click()
    page.wait_for_url("**/themes/recrutement-integration/")
    assert page.get_by_role("heading", name="Pourquoi c'est important").is_visible()
    assert page.get_by_text("Grille d'entretien").is_visible()
    check_accessibility(page)
    screenshot(page, "vitrine-theme")

    page.get_by_role("link", name="Rejoindre la démarche").last.click()
    page.wait_for_url("**/rejoindre/")
    check_accessibility(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Envoyer ma demande").click()
    assert page.get_by_text("Indiquez le nom de votre structure.").is_visible()
    check_accessibility(page)  # with the error messages shown
    page.get_by_label("Nom de la structure").fill("Les Ateliers du Vieux-Lille")
    page.get_by_label("Type de structure").select_option("association")
    page.get_by_label("Nombre de salarié·es").select_option("3-10")
    page.get_by_label("Territoire").select_option(label="Métropole Européenne de Lille")
    page.get_by_label("Commune").fill("Lille")
    page.get_by_label("Prénom").fill("Sarah")
    page.locator("#id_contact_nom").fill("Benali")
    page.get_by_label("Adresse e-mail").fill("sarah@ateliers.example")
    page.get_by_label("Vos besoins").fill("Recruter deux personnes cette année.")
    page.get_by_label("J'accepte que l'Apes conserve").check()
    page.get_by_role("button", name="Envoyer ma demande").click()
    page.wait_for_url("**/rejoindre/merci/")
    assert DemandeAdhesion.objects.get().organisation_nom == "Les Ateliers du Vieux-Lille"
    screenshot(page, "vitrine-rejoindre-merci")


def test_a_visitor_follows_a_public_lesson_on_a_phone(phone_page, live_server, vitrine):
    page = phone_page
    module = Module.objects.get(code="m2-recrutement-integration")
    lecon = module.lecons.order_by("ordre").first()
    page.goto(live_server.url + lecon.get_absolute_url())
    assert page.get_by_role("heading", name=lecon.titre).is_visible()
    check_accessibility(page)
    # Horizontal scrolling would mean the layout breaks on a 390px-wide phone.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    with page.expect_navigation():
        page.get_by_role("button", name="Vérifier mes réponses").click()
    assert page.get_by_text("Choisissez une réponse.").first.is_visible()
    check_accessibility(page)
    screenshot(page, "vitrine-lecon-telephone")


def test_a_member_passes_a_quiz_and_progress_is_kept(page, live_server, vitrine):
    organisation = OrganisationFactory()
    membre = UserFactory(email="membre@asso.example", membre_de=organisation)
    module = Module.objects.get(code="m1-fonction-employeur")
    lecon = module.lecons.order_by("ordre").first()
    login(page, live_server, membre.email, PASSWORD)
    page.goto(live_server.url + lecon.get_absolute_url())
    for question in lecon.questions.order_by("ordre"):
        page.get_by_label(question.liste_choix[question.bonne_reponse - 1], exact=True).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Vérifier mes réponses").click()
    assert page.get_by_text("bravo, quiz réussi").is_visible()
    check_accessibility(page)
    assert Progression.objects.get(personne=membre, lecon=lecon).terminee_le is not None
    page.goto(live_server.url + module.get_absolute_url())
    check_accessibility(page)
    screenshot(page, "vitrine-module-progression")


def test_the_resource_library_filters_with_and_without_javascript(
    browser_context, live_server, vitrine
):
    RessourceFactory(titre="Fiche DUERP", type="guide")
    page = browser_context.new_page()
    page.goto(live_server.url + "/ressources/")
    check_accessibility(page)
    page.get_by_label("Type").select_option("guide")
    # htmx swaps the results in place and pushes the filtered URL (no eval: strict CSP).
    page.wait_for_url("**/ressources/?**type=guide**")
    page.get_by_text("Grille d'entretien").wait_for(state="hidden")
    assert page.get_by_text("Fiche DUERP").is_visible()
    assert not page.get_by_text("Grille d'entretien").is_visible()
    page.close()
    sans_js = browser_context.browser.new_context(java_script_enabled=False)
    page = sans_js.new_page()
    page.goto(live_server.url + "/ressources/")
    page.get_by_label("Type").select_option("guide")
    page.get_by_role("button", name="Appliquer").click()
    page.wait_for_url("**/ressources/?**type=guide**")
    assert page.get_by_text("Fiche DUERP").is_visible()
    sans_js.close()
