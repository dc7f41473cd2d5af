"""Private files: CVs, follow-up attachments, members-only resources, generated reports.

They live under `settings.PRIVATE_MEDIA_ROOT`, outside MEDIA_ROOT (which the development server
publishes), and have no public URL: only views that checked a rule serve them. The folder is
read at each access, so tests can point it at a temporary folder.
"""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


def racine_privee() -> Path:
    racine = getattr(settings, "PRIVATE_MEDIA_ROOT", None)
    return Path(racine) if racine else Path(settings.BASE_DIR) / "private_media"


@deconstructible(path="apes_rh.stockage.StockagePrive")
class StockagePrive(FileSystemStorage):
    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return str(racine_privee())

    @property
    def location(self):
        return str(racine_privee().resolve())

    @property
    def base_url(self):  # no public URL, ever
        return None

    def url(self, name):
        raise NotImplementedError(
            "Fichier privé : servi seulement par une vue qui vérifie les droits."
        )


_stockage = StockagePrive()


def stockage_prive() -> StockagePrive:
    """The private storage; a callable, so that FileField(storage=…) migrations store no path."""
    return _stockage
