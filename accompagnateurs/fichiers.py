"""Checks of uploaded files by their content, never by the name or type the browser sends."""

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

CV_TAILLE_MAX = 5 * 1024 * 1024
PHOTO_TAILLE_MAX = 3 * 1024 * 1024
PHOTO_COTE_MAX = 800

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class TypeDocument:
    extension: str
    mime: str
    libelle: str


PDF = TypeDocument(".pdf", "application/pdf", "PDF")
DOC = TypeDocument(".doc", "application/msword", "Word 97-2003")
DOCX = TypeDocument(
    ".docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "Word",
)
TYPES_CV = {t.extension: t for t in (PDF, DOC, DOCX)}


def _lire(fichier) -> bytes:
    fichier.seek(0)
    data = fichier.read()
    fichier.seek(0)
    return data


def detecter_type_cv(data: bytes) -> TypeDocument | None:
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(OLE_MAGIC):
        return DOC
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                noms = set(archive.namelist())
        except (zipfile.BadZipFile, ValueError):
            return None
        if "[Content_Types].xml" in noms and "word/document.xml" in noms:
            return DOCX
    return None


def verifier_cv(fichier) -> TypeDocument:
    """A CV: PDF, DOC or DOCX, recognised by its content, at most 5 Mo."""
    if fichier.size > CV_TAILLE_MAX:
        raise ValidationError("Le fichier dépasse 5 Mo : envoyez une version plus légère.")
    if fichier.size == 0:
        raise ValidationError("Le fichier est vide.")
    type_reel = detecter_type_cv(_lire(fichier))
    if type_reel is None:
        raise ValidationError("Le CV doit être un document PDF, DOC ou DOCX.")
    extension = Path(fichier.name or "").suffix.lower()
    if extension != type_reel.extension:
        raise ValidationError(
            f"Le contenu du fichier est un document {type_reel.libelle} : "
            f"son nom devrait finir par {type_reel.extension}."
        )
    return type_reel


def preparer_photo(fichier) -> ContentFile:
    """A portrait: JPEG, PNG or WebP recognised by Pillow, at most 3 Mo.

    It is re-encoded (at most 800 px a side), which drops EXIF metadata such as GPS positions.
    """
    from PIL import Image, UnidentifiedImageError

    if fichier.size > PHOTO_TAILLE_MAX:
        raise ValidationError("La photo dépasse 3 Mo.")
    data = _lire(fichier)
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in ("JPEG", "PNG", "WEBP"):
                raise ValidationError("La photo doit être une image JPEG, PNG ou WebP.")
            if image.width * image.height > 40_000_000:
                raise ValidationError("L'image est trop grande.")
            image.load()
            image.thumbnail((PHOTO_COTE_MAX, PHOTO_COTE_MAX))
            sortie = io.BytesIO()
            if image.mode in ("RGBA", "LA", "P"):
                image.convert("RGBA").save(sortie, format="PNG", optimize=True)
                extension = "png"
            else:
                image.convert("RGB").save(sortie, format="JPEG", quality=85)
                extension = "jpg"
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            "Ce fichier n'est pas une image lisible (JPEG, PNG ou WebP)."
        ) from None
    return ContentFile(sortie.getvalue(), name=f"photo.{extension}")
