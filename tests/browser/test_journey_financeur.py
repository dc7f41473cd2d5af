"""Journey 4: a funder logs in, sees only its perimeter, generates the PDF report and downloads
it (issue 9)."""

import datetime
import subprocess
from pathlib import Path

import pytest

from parcours.models import Inscription, Parcours
from tests.browser.conftest import check_accessibility, login, screenshot
from tests.factories import (
    PASSWORD,
    FinanceurFactory,
    OrganisationFactory,
    TerritoireFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

DANS = ["Recyclerie du Ferrain", "Ludothèque La Toupie", "Atelier Vélo du Pile"]
HORS = "Théâtre de l'Escaut"  # Valenciennes: another funder's perimeter


@pytest.fixture
def financeur(db):
    mel = TerritoireFactory(code="MEL", nom="Métropole Européenne de Lille")
    cavm = TerritoireFactory(code="CAVM", nom="Valenciennes Métropole")
    for code, territoire, noms in (("MEL-2024", mel, DANS), ("CAVM-2024", cavm, [HORS])):
        parcours = Parcours.objects.create(
            code=code,
            nom=f"Parcours territorial {code}",
            territoire=territoire,
            debut=datetime.date(2024, 1, 15),
            fin=datetime.date(2024, 12, 15),
        )
        for nom in noms:
            Inscription.objects.create(
                parcours=parcours,
                organisation=OrganisationFactory(nom=nom, territoire=territoire),
                date=datetime.date(2024, 1, 10),
                statut="inscrite",
            )
    UserFactory(
        email="sophie@mel.example",
        first_name="Sophie",
        last_name="Leroy",
        financeur=FinanceurFactory(
            code="MEL", nom="Métropole Européenne de Lille", territoires=[mel]
        ),
    )


def test_a_funder_sees_only_its_perimeter_and_downloads_its_pdf_report(
    page, live_server, financeur
):
    login(page, live_server, "sophie@mel.example", PASSWORD)
    page.wait_for_url("**/financeur/")
    assert page.get_by_role("heading", name="Métropole Européenne de Lille").is_visible()
    check_accessibility(page)

    page.get_by_role("textbox", name="Du", exact=True).fill("2024-01-01")
    page.get_by_label("Au (inclus)").fill("2024-12-31")
    page.get_by_role("button", name="Afficher").click()
    page.wait_for_url("**du=2024-01-01**")
    check_accessibility(page)
    organisations = page.locator("section[aria-labelledby=titre-organisations]")
    for nom in DANS:
        assert organisations.get_by_text(nom).is_visible()
    assert HORS not in page.content(), "une organisation hors du périmètre est affichée"
    assert "CAVM-2024" not in page.content()

    page.get_by_role("button", name="Générer le rapport PDF").click()
    lien = page.get_by_role("link", name="Télécharger le rapport PDF")
    lien.wait_for(timeout=60_000)
    check_accessibility(page)
    screenshot(page, "parcours-4-rapport-financeur")
    with page.expect_download() as attente:
        lien.click()
    chemin = attente.value.path()
    assert Path(chemin).read_bytes().startswith(b"%PDF")
    texte = subprocess.run(
        ["pdftotext", "-layout", chemin, "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Métropole Européenne de Lille" in texte
    assert HORS not in texte and "CAVM-2024" not in texte
