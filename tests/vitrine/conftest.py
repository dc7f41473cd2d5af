import pytest


@pytest.fixture(autouse=True)
def _fichiers_prives(settings, tmp_path):
    """Uploaded files go to a throw-away folder, never into the working tree."""
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "prive")
    settings.SITE_URL = "https://rh.apes.example"
