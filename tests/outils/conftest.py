import pytest


@pytest.fixture(autouse=True)
def _fichiers_prives(settings, tmp_path):
    """Attachments and exports of a test go to a temporary private folder."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "prive"


@pytest.fixture(autouse=True)
def _referentiel(db):
    from tests.outils.factories import referentiel_defaut

    referentiel_defaut()
