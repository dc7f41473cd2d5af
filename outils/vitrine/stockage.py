"""Names of the vitrine's files in the private storage (apes_rh.stockage): a random folder
per upload under `vitrine/`, so knowing or guessing a path gives nothing."""

import uuid

from django.utils.text import get_valid_filename, slugify


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
