"""Uploads of the coach pool: CVs (checked by content, apes_rh.fichiers) and portraits
(re-encoded by Pillow)."""

import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from apes_rh.fichiers import Politique

CV_TAILLE_MAX = 5 * 1024 * 1024
PHOTO_TAILLE_MAX = 3 * 1024 * 1024
PHOTO_COTE_MAX = 800

# A CV: PDF, DOC or DOCX recognised by its content (apes_rh.fichiers), at most 5 Mo.
CV = Politique(frozenset({".pdf", ".doc", ".docx"}), CV_TAILLE_MAX)
verifier_cv = CV.verifier


def _lire(fichier) -> bytes:
    fichier.seek(0)
    data = fichier.read()
    fichier.seek(0)
    return data


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
