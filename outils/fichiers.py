"""Checking uploaded attachments by their content, not only by their name.

Accepted: PDF, office documents (OOXML, OpenDocument, legacy MS Office), images (PNG,
JPEG, GIF, WebP). The extension must agree with what the bytes are; SVG, HTML and
executables are refused whatever they are called.
"""

import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

TAILLE_MAX_DEFAUT = 10 * 1024 * 1024  # 10 Mo

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# extension → (family detected from content, MIME type served)
EXTENSIONS = {
    ".pdf": ("pdf", "application/pdf"),
    ".png": ("png", "image/png"),
    ".jpg": ("jpeg", "image/jpeg"),
    ".jpeg": ("jpeg", "image/jpeg"),
    ".gif": ("gif", "image/gif"),
    ".webp": ("webp", "image/webp"),
    ".docx": (
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    ".xlsx": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ".pptx": (
        "pptx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
    ".odt": ("odt", "application/vnd.oasis.opendocument.text"),
    ".ods": ("ods", "application/vnd.oasis.opendocument.spreadsheet"),
    ".odp": ("odp", "application/vnd.oasis.opendocument.presentation"),
    ".doc": ("ole", "application/msword"),
    ".xls": ("ole", "application/vnd.ms-excel"),
    ".ppt": ("ole", "application/vnd.ms-powerpoint"),
}

EXTENSIONS_ACCEPTEES = ", ".join(sorted(e.lstrip(".") for e in EXTENSIONS))
ACCEPT_HTML = ",".join(sorted(EXTENSIONS))

_OOXML_DOSSIER = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
_ODF_MIME = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
    "odp": b"application/vnd.oasis.opendocument.presentation",
}


@dataclass(frozen=True)
class FichierVerifie:
    nom: str
    type_mime: str
    taille: int


def taille_max() -> int:
    return int(getattr(settings, "OUTILS_PIECE_JOINTE_TAILLE_MAX", TAILLE_MAX_DEFAUT))


def famille(contenu: bytes, fichier=None) -> str | None:
    """What the bytes are, or None when they are nothing we accept."""
    if contenu.startswith(b"%PDF-"):
        return "pdf"
    if contenu.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if contenu.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if contenu[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if contenu[:4] == b"RIFF" and contenu[8:12] == b"WEBP":
        return "webp"
    if contenu.startswith(OLE2):
        return "ole"
    if contenu.startswith(b"PK\x03\x04") and fichier is not None:
        return _famille_zip(fichier)
    return None


def _famille_zip(fichier) -> str | None:
    fichier.seek(0)
    try:
        with zipfile.ZipFile(fichier) as archive:
            noms = archive.namelist()
            if "mimetype" in noms:
                mimetype = archive.read("mimetype").strip()
                for fam, attendu in _ODF_MIME.items():
                    if mimetype == attendu:
                        return fam
                return None
            if "[Content_Types].xml" in noms:
                for fam, dossier in _OOXML_DOSSIER.items():
                    if any(n.startswith(dossier) for n in noms):
                        return fam
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError):
        return None
    finally:
        fichier.seek(0)
    return None


def _image_valide(fichier) -> bool:
    from PIL import Image, UnidentifiedImageError

    fichier.seek(0)
    try:
        with Image.open(fichier) as image:
            image.verify()
        return True
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return False
    finally:
        fichier.seek(0)


def verifier(fichier) -> FichierVerifie:
    """Raise a French ValidationError unless `fichier` is an accepted, honest document."""
    nom = PurePath(getattr(fichier, "name", "") or "").name
    taille = getattr(fichier, "size", None)
    if taille is None:
        fichier.seek(0, io.SEEK_END)
        taille = fichier.tell()
    fichier.seek(0)
    if not nom:
        raise ValidationError("Le fichier n'a pas de nom.")
    if taille == 0:
        raise ValidationError(f"« {nom} » est vide.")
    if taille > taille_max():
        raise ValidationError(
            f"« {nom} » dépasse la taille maximale de {filesizeformat(taille_max())}."
        )
    extension = PurePath(nom).suffix.lower()
    if extension not in EXTENSIONS:
        raise ValidationError(
            f"« {nom} » : ce type de fichier n'est pas accepté "
            f"(formats acceptés : {EXTENSIONS_ACCEPTEES})."
        )
    attendue, type_mime = EXTENSIONS[extension]
    entete = fichier.read(64)
    fichier.seek(0)
    detectee = famille(entete, fichier)
    if detectee != attendue:
        raise ValidationError(
            f"« {nom} » : le contenu du fichier ne correspond pas à son extension "
            f"{extension}. Enregistrez-le dans son format d'origine puis réessayez."
        )
    if detectee in ("png", "jpeg", "gif", "webp") and not _image_valide(fichier):
        raise ValidationError(f"« {nom} » : l'image est illisible ou endommagée.")
    return FichierVerifie(nom=nom[:255], type_mime=type_mime, taille=taille)
