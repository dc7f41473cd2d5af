import pytest


@pytest.fixture(autouse=True)
def _fichiers_temporaires(settings, tmp_path):
    """Uploads (photos, CVs) land in a temporary folder, never in the project."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "prive"


@pytest.fixture
def equipe(db):
    from tests.factories import UserFactory

    return UserFactory(chargee=True)


@pytest.fixture
def client_equipe(client, equipe):
    client.force_login(equipe)
    return client
