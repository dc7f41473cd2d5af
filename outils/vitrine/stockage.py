"""Where the vitrine's files live: a private folder, never a public URL.

Resource files (public or members-only) and MOOC materials are stored outside
MEDIA_ROOT, which the development server publishes: a file is only ever served by a
view that checked the rule first, so knowing (or guessing) a path gives nothing.
The folder is `settings.PRIVATE_MEDIA_ROOT` (read at each access so tests can point
it elsewhere); the vitrine writes under `vitrine/`.
"""

import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible
from django.utils.text import get_valid_filename, slugify


def racine_privee() -> Path:
    racine = getattr(settings, "PRIVATE_MEDIA_ROOT", None)
    return Path(racine) if racine else Path(settings.BASE_DIR) / "private_media"


@deconstructible
class StockageVitrine(FileSystemStorage):
    """FileSystemStorage rooted in the private folder, with no URL."""

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return str(racine_privee())

    @property
    def location(self):
        return str(racine_privee().resolve())

    @property
    def base_url(self):
        return None

    def url(self, name):
        raise NotImplementedError("Fichier privé : il n'est servi que par une vue contrôlée.")


stockage_vitrine = StockageVitrine()


def _nom_sur(nom: str) -> str:
    base, _, extension = nom.rpartition(".")
    if not base:
        base, extension = nom, ""
    base = slugify(base)[:80] or "fichier"
    extension = get_valid_filename(extension.lower())[:10]
    return f"{base}.{extension}" if extension else base


def chemin_ressource(instance, nom: str) -> str:
    """A random folder per upload: names never collide and cannot be enumerated."""
    return f"vitrine/ressources/{uuid.uuid4().hex}/{_nom_sur(nom)}"


def chemin_support(instance, nom: str) -> str:
    return f"vitrine/mooc/{uuid.uuid4().hex}/{_nom_sur(nom)}"


def chemin_attestation(instance, nom: str) -> str:
    return f"vitrine/attestations/{uuid.uuid4().hex}/{_nom_sur(nom)}"
