import pytest


@pytest.fixture(autouse=True)
def _fichiers_prives(settings, tmp_path):
    """Generated reports and uploaded spreadsheets go to a temporary private folder."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "prive"


@pytest.fixture
def demo(db):
    from apes_rh.importation import importer_dossier
    from tests.rapports.factories import DEMO

    resultat = importer_dossier(DEMO)
    assert resultat.ok, resultat.erreurs
    return resultat


def texte_pdf(contenu: bytes) -> str:
    """The text of a PDF (pypdf when installed, else poppler's pdftotext)."""
    try:
        import io

        from pypdf import PdfReader

        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(contenu)).pages)
    except ImportError:
        import shutil
        import subprocess

        if not shutil.which("pdftotext"):
            pytest.skip("ni pypdf ni pdftotext (poppler-utils) pour lire le PDF")
        return subprocess.run(
            ["pdftotext", "-layout", "-", "-"], input=contenu, capture_output=True, check=True
        ).stdout.decode("utf-8")
