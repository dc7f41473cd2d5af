"""Journey 1: a pilot completes a diagnostic, turns the weakest criterion into an axis with two
actions, records a follow-up entry and exports the dossier PDF (issue 9). Plus the keyboard-only
use of the diagnostic form."""

import datetime
import subprocess
from pathlib import Path

import pytest

from outils.models import Action, Axe, Diagnostic, Evaluation, Suivi
from tests.browser.conftest import check_accessibility, login, screenshot
from tests.factories import PASSWORD, OrganisationFactory, UserFactory
from tests.outils.factories import referentiel_defaut

pytestmark = pytest.mark.django_db(transaction=True)

ORGANISATION = "Recyclerie du Ferrain"
# (theme index, criterion index) answered 1 — the weakest; every other criterion gets 3.
FAIBLES = {(1, 0), (4, 1)}


@pytest.fixture
def pilote(db):
    referentiel_defaut()  # the seeded referential (a transactional test flushes the database)
    organisation = OrganisationFactory(nom=ORGANISATION, commune="Tourcoing")
    UserFactory(
        email="ines@ferrain.example",
        first_name="Inès",
        last_name="Lefebvre",
        pilote_de=organisation,
    )
    return organisation


def _ouvrir_espace(page, live_server):
    login(page, live_server, "ines@ferrain.example", PASSWORD)
    page.goto(live_server.url + "/espace/")
    check_accessibility(page)
    page.get_by_role("link", name=ORGANISATION).click()
    page.wait_for_url("**/espace/*/")
    assert page.get_by_role("heading", name="Où en est la démarche ?").is_visible()
    check_accessibility(page)


def test_a_pilot_runs_the_whole_approach_and_exports_the_dossier(page, live_server, pilote):
    _ouvrir_espace(page, live_server)

    # 1. Diagnostic, theme by theme.
    with page.expect_navigation():
        page.get_by_role("link", name="Commencer le diagnostic").click()
    check_accessibility(page)
    page.get_by_label("Titre").fill("État des lieux 2025")
    page.get_by_role("button", name="Commencer").click()
    page.wait_for_url("**/remplir/**")
    theme = 0
    while True:
        check_accessibility(page)
        criteres = page.locator("fieldset.critere")
        for i in range(criteres.count()):
            niveau = "1 — Non engagé" if (theme, i) in FAIBLES else "3 — Structuré"
            criteres.nth(i).get_by_text(niveau).click()
        if (theme, 0) in FAIBLES:
            criteres.nth(0).get_by_label("Commentaire").fill("Aucune procédure écrite.")
        suivant = page.get_by_role("button", name="Enregistrer et passer au thème suivant")
        if suivant.count() == 0:
            with page.expect_navigation():
                page.get_by_role("button", name="Enregistrer ce thème").click()
            break
        with page.expect_navigation():
            suivant.click()
        theme += 1
    assert theme + 1 == 11
    page.get_by_role("button", name="Marquer le diagnostic comme terminé").click()
    page.wait_for_url("**/diagnostics/*/")
    assert page.get_by_text("Diagnostic terminé. Voici vos résultats.").is_visible()
    assert page.locator("svg").first.is_visible()  # the radar, drawn on the server
    check_accessibility(page)
    diagnostic = Diagnostic.objects.get()
    assert diagnostic.est_termine and Evaluation.objects.filter(diagnostic=diagnostic).count() == 45

    # 2. The weakest criterion becomes an axis; two actions in it.
    priorites = page.locator("section[aria-labelledby=titre-priorites] li")
    assert priorites.count() == len(FAIBLES)
    critere = priorites.first.inner_text().split("\n")[0]
    priorites.first.get_by_role("button", name="En faire un axe d'amélioration").click()
    page.wait_for_url("**/plan/**")
    assert page.get_by_text("ajouté au schéma d'amélioration").is_visible()
    check_accessibility(page)
    axe = Axe.objects.get()
    assert axe.critere is not None and axe.critere.intitule in critere
    echeances = [datetime.date.today() + datetime.timedelta(days=d) for d in (30, 90)]
    for titre, echeance in zip(
        ["Rédiger la procédure d'accueil", "Former les encadrant·es à l'entretien annuel"],
        echeances,
        strict=True,
    ):
        if "/plan/actions/" in page.url:
            page.get_by_role("link", name="2. Schéma d'amélioration").click()
            page.wait_for_url("**/plan/")
        with page.expect_navigation():
            page.locator(f"#axe-{axe.pk}").get_by_role("link", name="Ajouter une action").click()
        check_accessibility(page)
        page.get_by_label("Titre").fill(titre)
        page.get_by_label("Échéance").fill(echeance.isoformat())
        page.get_by_role("button", name="Enregistrer").click()
        page.wait_for_url("**/plan/actions/*/")
        assert page.get_by_text(f"Action « {titre} » ajoutée.").is_visible()
    check_accessibility(page)
    assert Action.objects.filter(axe=axe).count() == 2

    # 3. A follow-up entry on the action just created.
    with page.expect_navigation():
        page.get_by_role("link", name="Ajouter un suivi").click()
    check_accessibility(page)
    page.get_by_label("Ce qui a été fait").fill("Trame d'entretien adoptée en réunion d'équipe.")
    page.get_by_label("Difficultés rencontrées").fill("Peu de temps pour les encadrant·es.")
    page.get_by_label("Prochaine étape").fill("Première session de formation en mars.")
    page.get_by_label("Indicateur").first.fill("Encadrant·es formé·es")
    page.get_by_label("Valeur").first.fill("2")
    page.get_by_label("Cible").first.fill("5")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url("**/suivi/*/")
    assert page.get_by_text("Entrée de suivi enregistrée.").is_visible()
    check_accessibility(page)
    suivi = Suivi.objects.get()
    assert suivi.action.titre == "Former les encadrant·es à l'entretien annuel"

    # 4. The dossier PDF.
    with page.expect_navigation():
        page.get_by_role("link", name="Exporter").click()
    check_accessibility(page)
    page.get_by_role("button", name="Préparer le dossier PDF").click()
    lien = page.get_by_role("link", name="Télécharger le dossier PDF").first
    lien.wait_for(timeout=60_000)
    check_accessibility(page)
    screenshot(page, "parcours-1-export-du-dossier")
    with page.expect_download() as attente:
        lien.click()
    chemin = attente.value.path()
    contenu = Path(chemin).read_bytes()
    assert contenu.startswith(b"%PDF")
    texte = subprocess.run(
        ["pdftotext", "-layout", chemin, "-"], capture_output=True, text=True, check=True
    ).stdout
    assert ORGANISATION in texte
    assert "Former les encadrant" in texte and "Rédiger la procédure d'accueil" in texte


def test_the_diagnostic_form_works_with_the_keyboard_only(page, live_server, pilote):
    _ouvrir_espace(page, live_server)
    page.get_by_role("link", name="Commencer le diagnostic").click()
    page.get_by_label("Titre").fill("Diagnostic au clavier")
    page.keyboard.press("Enter")
    page.wait_for_url("**/remplir/**")
    premier = page.locator("fieldset.critere").first

    # Tab until the first criterion's levels are focused, then choose with the arrows.
    for _ in range(80):
        page.keyboard.press("Tab")
        if premier.locator("input[type=radio]:focus").count():
            break
    else:
        pytest.fail("aucun niveau du premier critère n'est atteignable au clavier")
    # The group is entered on its checked radio ("Pas encore de niveau"); arrows move on.
    for _ in range(6):
        if premier.locator("input[type=radio]:checked").get_attribute("value") == "3":
            break
        page.keyboard.press("ArrowRight")
    coche = premier.locator("input[type=radio]:checked")
    assert coche.get_attribute("value") == "3"
    assert premier.locator("input[type=radio]:focus").get_attribute("value") == "3"
    # The focused level is visibly marked (not only by colour of an invisible input).
    contour = premier.locator("input[type=radio]:checked + label").evaluate(
        "el => getComputedStyle(el).outlineStyle + ' ' + getComputedStyle(el).boxShadow"
    )
    assert contour != "none none", "le niveau qui a le focus n'est pas visible"

    # Tab to the comment, type; on to the submit button, Enter.
    for _ in range(10):
        page.keyboard.press("Tab")
        if premier.get_by_label("Commentaire").evaluate("el => el === document.activeElement"):
            break
    page.keyboard.type("Affichages à jour, registre tenu par la directrice.")
    bouton = page.get_by_role("button", name="Enregistrer et passer au thème suivant")
    for _ in range(80):
        page.keyboard.press("Tab")
        if bouton.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("le bouton d'enregistrement n'est pas atteignable au clavier")
    page.keyboard.press("Enter")
    page.wait_for_url("**theme=**")
    check_accessibility(page)
    screenshot(page, "parcours-1-diagnostic-au-clavier")

    evaluation = Evaluation.objects.get(niveau__isnull=False)
    assert evaluation.niveau == 3
    assert evaluation.commentaire == "Affichages à jour, registre tenu par la directrice."
