"""Private files (generated reports, uploaded spreadsheets): outside MEDIA_ROOT, never served
by the web server, only through views that check the rules."""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class StockagePrive(FileSystemStorage):
    """Reads PRIVATE_MEDIA_ROOT at each use, so tests can point it at a temporary folder."""

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return getattr(settings, "PRIVATE_MEDIA_ROOT", None) or (
            Path(settings.BASE_DIR) / "private_media"
        )

    @property
    def location(self):
        return str(Path(self.base_location).resolve())

    def url(self, name):  # never a public URL
        raise ValueError("Fichier privé : téléchargement par une vue qui vérifie les droits.")


stockage_prive = StockagePrive()


def get_stockage_prive():
    """Callable for FileField(storage=…), so migrations do not freeze a path."""
    return stockage_prive
