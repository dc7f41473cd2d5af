"""Uploaded files are checked by what their bytes are, not by their name.

Accepted: PDF, office documents (OOXML, OpenDocument, legacy MS Office), images (PNG,
JPEG, GIF, WebP), plain text and CSV (valid UTF-8 without control characters), MP3
and MP4. The extension must agree with the content; HTML, SVG, scripts and
executables are refused whatever they are called.
"""

import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

TAILLE_MAX_DEFAUT = 20 * 1024 * 1024  # 20 Mo

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# extension → (family recognised from the content, MIME type served)
EXTENSIONS: dict[str, tuple[str, str]] = {
    ".pdf": ("pdf", "application/pdf"),
    ".png": ("png", "image/png"),
    ".jpg": ("jpeg", "image/jpeg"),
    ".jpeg": ("jpeg", "image/jpeg"),
    ".gif": ("gif", "image/gif"),
    ".webp": ("webp", "image/webp"),
    ".docx": ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
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
    ".txt": ("texte", "text/plain; charset=utf-8"),
    ".csv": ("texte", "text/csv; charset=utf-8"),
    ".mp3": ("mp3", "audio/mpeg"),
    ".mp4": ("mp4", "video/mp4"),
}

EXTENSIONS_ACCEPTEES = ", ".join(sorted(e.lstrip(".") for e in EXTENSIONS))
ACCEPT_HTML = ",".join(sorted(EXTENSIONS))

_OOXML_DOSSIER = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
_ODF_MIME = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
    "odp": b"application/vnd.oasis.opendocument.presentation",
}
# Markup a browser or an office suite could run, refused anywhere in a text file.
_BALISES_ACTIVES = (b"<script", b"<html", b"<svg", b"<iframe", b"<object", b"<?php", b"javascript:")
# Bytes that never appear in a text file (NUL and C0 controls except tab, LF, CR, FF).
_CONTROLES = bytes(c for c in range(32) if c not in (9, 10, 12, 13))


@dataclass(frozen=True)
class FichierVerifie:
    nom: str
    type_mime: str
    taille: int


def taille_max() -> int:
    return int(getattr(settings, "VITRINE_TAILLE_MAX_FICHIER", TAILLE_MAX_DEFAUT))


def _zip(fichier) -> str | None:
    fichier.seek(0)
    try:
        with zipfile.ZipFile(fichier) as archive:
            noms = archive.namelist()
            if "mimetype" in noms:
                mime = archive.read("mimetype").strip()
                for fam, attendu in _ODF_MIME.items():
                    if mime == attendu:
                        return fam
            if "[Content_Types].xml" in noms:
                for fam, dossier in _OOXML_DOSSIER.items():
                    if any(n.startswith(dossier) for n in noms):
                        return fam
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError):
        return None
    finally:
        fichier.seek(0)
    return None


def _texte(fichier) -> bool:
    fichier.seek(0)
    try:
        donnees = fichier.read(taille_max() + 1)
    finally:
        fichier.seek(0)
    if isinstance(donnees, str):
        donnees = donnees.encode("utf-8")
    if any(b in _CONTROLES for b in donnees[:65536]):
        return False
    debut = donnees.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if debut.startswith((b"<", b"#!")):  # HTML, SVG, XML, scripts
        return False
    minuscules = donnees[:1_000_000].lower()
    if any(balise in minuscules for balise in _BALISES_ACTIVES):
        return False
    try:
        donnees.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def famille(entete: bytes, fichier=None) -> str | None:
    """What the first bytes say the file is, or None when it is nothing we accept."""
    if entete.startswith(b"%PDF-"):
        return "pdf"
    if entete.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if entete.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if entete[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if entete[:4] == b"RIFF" and entete[8:12] == b"WEBP":
        return "webp"
    if entete.startswith(OLE2):
        return "ole"
    if entete.startswith(b"ID3") or (len(entete) > 1 and entete[0] == 0xFF and entete[1] >= 0xE0):
        return "mp3"
    if entete[4:8] == b"ftyp":
        return "mp4"
    if entete.startswith(b"PK\x03\x04") and fichier is not None:
        return _zip(fichier)
    if fichier is not None and _texte(fichier):
        return "texte"
    return None


def verifier_fichier(fichier) -> FichierVerifie:
    """Raise a French ValidationError unless `fichier` is an accepted type and size."""
    nom = PurePath(getattr(fichier, "name", "") or "").name
    extension = PurePath(nom).suffix.lower()
    if extension not in EXTENSIONS:
        raise ValidationError(
            "Ce type de fichier n'est pas accepté. Formats acceptés : %(formats)s.",
            code="extension",
            params={"formats": EXTENSIONS_ACCEPTEES},
        )
    taille = getattr(fichier, "size", None)
    if taille is None:
        fichier.seek(0, 2)
        taille = fichier.tell()
    if taille == 0:
        raise ValidationError("Le fichier est vide.", code="vide")
    if taille > taille_max():
        raise ValidationError(
            "Le fichier est trop volumineux (%(taille)s) : %(max)s au maximum.",
            code="taille",
            params={"taille": filesizeformat(taille), "max": filesizeformat(taille_max())},
        )
    fichier.seek(0)
    entete = fichier.read(64)
    fichier.seek(0)
    if isinstance(entete, str):
        entete = entete.encode("utf-8")
    attendu, type_mime = EXTENSIONS[extension]
    trouve = famille(entete, fichier)
    if trouve != attendu:
        raise ValidationError(
            "Le contenu du fichier ne correspond pas à son extension « %(ext)s » "
            "(fichier endommagé ou d'un autre type).",
            code="contenu",
            params={"ext": extension.lstrip(".")},
        )
    return FichierVerifie(nom=nom, type_mime=type_mime, taille=taille)


def valider_fichier(fichier) -> None:
    """Field validator (forms and admin)."""
    if fichier and not getattr(fichier, "_committed", True):
        verifier_fichier(fichier)
