"""Checks on uploaded files: allowed types (by extension AND content signature) and size."""

import uuid
from pathlib import Path, PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

TAILLE_MAX = 10 * 1024 * 1024  # 10 Mo

_ZIP = (b"PK\x03\x04",)
_OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)  # legacy .doc/.xls/.ppt
# extension → accepted leading bytes (None: plain text, checked as UTF-8 without NUL bytes)
SIGNATURES: dict[str, tuple[bytes, ...] | None] = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "docx": _ZIP,
    "xlsx": _ZIP,
    "pptx": _ZIP,
    "odt": _ZIP,
    "ods": _ZIP,
    "odp": _ZIP,
    "doc": _OLE,
    "xls": _OLE,
    "ppt": _OLE,
    "txt": None,
    "csv": None,
}
EXTENSIONS = sorted(SIGNATURES)
LIBELLE_TYPES = "PDF, documents bureautiques (Word, Excel, PowerPoint, OpenDocument), images PNG ou JPEG, texte ou CSV"


def verifier_fichier(fichier, *, taille_max: int = TAILLE_MAX) -> None:
    """Raise a French ValidationError when the file's type or size is not accepted."""
    nom = PurePath(fichier.name or "").name
    extension = nom.rsplit(".", 1)[-1].lower() if "." in nom else ""
    if extension not in SIGNATURES:
        raise ValidationError(
            f"Type de fichier non accepté (.{extension or '?'}). Formats acceptés : {LIBELLE_TYPES}.",
            code="type",
        )
    if fichier.size > taille_max:
        raise ValidationError(
            f"Fichier trop volumineux ({filesizeformat(fichier.size)}) : "
            f"{filesizeformat(taille_max)} au plus.",
            code="taille",
        )
    if fichier.size == 0:
        raise ValidationError("Le fichier est vide.", code="vide")
    position = fichier.tell() if hasattr(fichier, "tell") else 0
    fichier.seek(0)
    debut = fichier.read(2048)
    fichier.seek(position)
    signatures = SIGNATURES[extension]
    if signatures is None:
        try:
            debut.decode("utf-8")
        except UnicodeDecodeError:
            # A truncated multi-byte character at the 2048th byte is not an error.
            try:
                debut[:-3].decode("utf-8")
            except UnicodeDecodeError:
                debut = b"\x00"
        ok = b"\x00" not in debut
    else:
        ok = any(debut.startswith(s) for s in signatures)
    if not ok:
        raise ValidationError(
            f"Le contenu du fichier ne correspond pas à son extension (.{extension}).",
            code="contenu",
        )


class StockagePrive(FileSystemStorage):
    """Members-only files, under PRIVATE_MEDIA_ROOT: never served by the web server, only
    through the permission-checked download views (read at each use, for tests)."""

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

    def url(self, name):
        raise ValueError("Fichier privé : téléchargement par la vue qui vérifie les droits.")


_stockage = StockagePrive()


def stockage_prive() -> StockagePrive:
    return _stockage


def chemin_ressource(instance, filename: str) -> str:
    return f"communautes/ressources/{timezone.now():%Y}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


def chemin_support(instance, filename: str) -> str:
    return f"communautes/supports/{timezone.now():%Y}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"
