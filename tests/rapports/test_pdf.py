"""The funder's PDF: key figures, metadata, charts, confidentiality, local resources only."""

import datetime as dt
import re
import zlib

import pytest

from apes_rh.rapports.calculs import donnees_completes
from apes_rh.rapports.pdf import construire_pdf, html
from apes_rh.rapports.perimetre import Perimetre
from tests.factories import FinanceurFactory
from tests.rapports.conftest import texte_pdf

pytestmark = pytest.mark.django_db

DU, AU = dt.date(2019, 1, 1), dt.date(2021, 12, 31)


@pytest.fixture
def pdf_demo(demo):
    return construire_pdf(donnees_completes(DU, AU, Perimetre.tout()))


def _objets(pdf: bytes) -> bytes:
    """Raw and inflated PDF objects, to read the catalog and the info dictionary."""
    morceaux = [pdf]
    for m in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        try:
            morceaux.append(zlib.decompress(m.group(1)))
        except zlib.error:
            continue
    return b"\n".join(morceaux)


def test_the_pdf_text_contains_the_key_figures_period_and_perimeter(pdf_demo):
    texte = texte_pdf(pdf_demo)

    assert "Du 1er janvier 2019 au 31 décembre 2021" in texte
    assert "Tous les territoires" in texte
    for valeur, libelle in [
        ("13", "Accompagnateurs·trices"),
        ("27", "Organisations en parcours"),
        ("64", "Demi-journées d'appui individuel"),
        ("74", "Demi-journées d'appui collectif"),
        ("106", "Participant·es aux communautés"),
    ]:
        assert re.search(rf"\b{valeur}\b", texte), valeur
        assert libelle in texte
    for section in (
        "Axe 1 — Le vivier",
        "Axe 2 — Les parcours territoriaux",
        "Axe 3 — Les communautés apprenantes",
        "Axe 4 — Les outils",
        "Axe 5 — Les partenariats",
        "Chronologie",
        "Les thématiques RH travaillées",
    ):
        assert section in texte
    assert "Parcours territorial MEL 2019" in texte
    assert "Page 2 sur" in texte


def test_the_pdf_is_a4_tagged_titled_and_in_french(pdf_demo):
    objets = _objets(pdf_demo)

    assert b"/Lang (fr)" in objets
    assert b"/MarkInfo" in objets  # tagged PDF: structure for screen readers
    assert b"/MediaBox [0 0 595.27" in objets  # A4
    assert re.search(rb"/Title \(.*Rapport d", objets) or b"/Title <" in objets


def test_charts_are_inline_svg_without_style_attributes(demo):
    page = html(donnees_completes(DU, AU, Perimetre.tout()))

    svgs = re.findall(r"<svg.*?</svg>", page, re.S)
    assert len(svgs) == 2
    assert all("style=" not in svg and "<script" not in svg for svg in svgs)
    assert all("<title" in svg and "<desc" in svg for svg in svgs)
    assert "style=" not in page


def test_the_document_refers_to_local_static_files_only(demo):
    page = html(donnees_completes(DU, AU, Perimetre.tout()))

    urls = re.findall(r'(?:href|src)="([^"]+)"', page)
    assert urls and all(u.startswith("https://pdf.apes-rh.invalid/static/") for u in urls)


def test_no_confidential_data_reaches_the_report(demo):
    from accompagnateurs.models import DemiJournee
    from parcours.models import Participation

    note = DemiJournee.objects.exclude(notes="").first().notes
    participant = Participation.objects.select_related("personne").first().personne
    texte = texte_pdf(construire_pdf(donnees_completes(DU, AU, Perimetre.tout())))

    assert note[:30] not in texte
    assert participant.email not in texte
    assert participant.get_full_name() not in texte


def test_a_funders_pdf_shows_its_perimeter_and_hides_small_counts(demo):
    from apes_rh.models import Territoire

    financeur = FinanceurFactory(
        code="MEL",
        nom="Métropole Européenne de Lille",
        territoires=[Territoire.objects.get(code="MEL")],
    )
    texte = texte_pdf(construire_pdf(donnees_completes(DU, AU, Perimetre.de_financeur(financeur))))

    assert "Métropole Européenne de Lille — MEL" in texte
    assert "< 3" in texte
    assert "Valenciennes" not in texte  # no CAVM parcours, no CAVM organisation
    assert "Parcours territorial MEL 2019" in texte


def test_long_lists_are_set_as_lines_of_text_to_keep_the_pdf_fast():
    """WeasyPrint lays big tables out slowly: beyond 40 parcours, one line of text each."""
    from apes_rh.rapports.pdf import LIGNES_MAX_TABLEAU
    from tests.rapports.factories import InscriptionFactory, ParcoursFactory

    for _ in range(LIGNES_MAX_TABLEAU + 1):
        InscriptionFactory(parcours=ParcoursFactory(debut=DU, fin=AU))

    page = html(donnees_completes(DU, AU, Perimetre.tout()))

    assert '<table class="parcours">' not in page
    assert page.count('<p class="ligne">') == LIGNES_MAX_TABLEAU + 1
    assert 'class="organisations-toutes"' in page
