"""Private file storage: follow-up attachments and exported dossiers.

Files live outside MEDIA_ROOT (which the development server publishes) and have no
public URL: they are only served by permission-checked views. The folder comes from
`settings.PRIVATE_MEDIA_ROOT` (read at each access, so tests can point it elsewhere),
defaulting to `<BASE_DIR>/private_media`.
"""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


def racine_privee() -> Path:
    racine = getattr(settings, "PRIVATE_MEDIA_ROOT", None)
    return Path(racine) if racine else Path(settings.BASE_DIR) / "private_media"


@deconstructible
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
        raise NotImplementedError("Fichier privé : servi uniquement par une vue contrôlée.")


def stockage_prive() -> StockagePrive:
    return StockagePrive()
