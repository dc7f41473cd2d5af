"""Community files: what is accepted (checked by content in apes_rh.fichiers) and where
they are stored."""

import uuid
from pathlib import PurePath

from django.utils import timezone

from apes_rh.fichiers import BUREAUTIQUE, TEXTE, Politique

TAILLE_MAX = 10 * 1024 * 1024  # 10 Mo
# Shared resources and facilitators' material: documents, PNG/JPEG images, text.
RESSOURCES = Politique(BUREAUTIQUE | TEXTE | frozenset({".png", ".jpg", ".jpeg"}), TAILLE_MAX)
ACCEPT_HTML = RESSOURCES.accept_html


def verifier_fichier(fichier) -> None:
    RESSOURCES.verifier(fichier)


def chemin_ressource(instance, filename: str) -> str:
    return f"communautes/ressources/{timezone.now():%Y}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


def chemin_support(instance, filename: str) -> str:
    return f"communautes/supports/{timezone.now():%Y}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"
