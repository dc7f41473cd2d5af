"""Uploaded files are checked by what their bytes are, not by their name or by the type the
browser sends.

One detector for the whole platform; each kind of upload is a `Politique` (the extensions it
accepts and its size limit). The extension must agree with the content; HTML, SVG, scripts and
executables are refused whatever they are called.
"""

import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# extension → (family recognised from the content, MIME type served)
FORMATS: dict[str, tuple[str, str]] = {
    ".pdf": ("pdf", "application/pdf"),
    ".png": ("png", "image/png"),
    ".jpg": ("jpeg", "image/jpeg"),
    ".jpeg": ("jpeg", "image/jpeg"),
    ".gif": ("gif", "image/gif"),
    ".webp": ("webp", "image/webp"),
    ".docx": ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ".xlsx": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ".pptx": ("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
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
BUREAUTIQUE = frozenset(
    {".pdf", ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp", ".doc", ".xls", ".ppt"}
)
IMAGES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp"})
TEXTE = frozenset({".txt", ".csv"})
MEDIAS = frozenset({".mp3", ".mp4"})

_OOXML_DOSSIER = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
_ODF_MIME = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
    "odp": b"application/vnd.oasis.opendocument.presentation",
}
# Markup a browser or an office suite could run, refused anywhere in a text file.
_BALISES_ACTIVES = (b"<script", b"<html", b"<svg", b"<iframe", b"<object", b"<?php", b"javascript:")
# Bytes that never appear in a text file (NUL and C0 controls except tab, LF, FF, CR).
_CONTROLES = bytes(c for c in range(32) if c not in (9, 10, 12, 13))
_TEXTE_LU_MAX = 2_000_000


@dataclass(frozen=True)
class FichierVerifie:
    nom: str
    type_mime: str
    taille: int


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
                return None
            if "[Content_Types].xml" in noms:
                for fam, dossier in _OOXML_DOSSIER.items():
                    if any(n.startswith(dossier) for n in noms):
                        return fam
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError, ValueError):
        return None
    finally:
        fichier.seek(0)
    return None


def _texte(fichier) -> bool:
    fichier.seek(0)
    try:
        donnees = fichier.read(_TEXTE_LU_MAX)
    finally:
        fichier.seek(0)
    if isinstance(donnees, str):
        donnees = donnees.encode("utf-8")
    if any(b in _CONTROLES for b in donnees[:65536]):
        return False
    debut = donnees.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if debut.startswith((b"<", b"#!")):  # HTML, SVG, XML, scripts
        return False
    if any(balise in donnees.lower() for balise in _BALISES_ACTIVES):
        return False
    try:
        donnees.decode("utf-8")
    except UnicodeDecodeError:
        # A multi-byte character cut at the end of what was read is not an error.
        if len(donnees) < _TEXTE_LU_MAX:
            return False
        try:
            donnees[:-3].decode("utf-8")
        except UnicodeDecodeError:
            return False
    return True


def _image_lisible(fichier) -> bool:
    from PIL import Image, UnidentifiedImageError

    fichier.seek(0)
    try:
        with Image.open(fichier) as image:
            image.verify()
        return True
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return False
    finally:
        fichier.seek(0)


def famille(entete: bytes, fichier=None) -> str | None:
    """What the bytes are, or None when they are nothing the platform accepts."""
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
    if entete.startswith(b"PK\x03\x04"):
        return _zip(fichier) if fichier is not None else None
    if fichier is not None and _texte(fichier):
        return "texte"
    return None


@dataclass(frozen=True)
class Politique:
    """What one kind of upload accepts: extensions and a size limit (bytes, or a callable
    reading a setting, so tests and deployments can change it)."""

    extensions: frozenset[str]
    taille_max: int | Callable[[], int]

    def limite(self) -> int:
        return self.taille_max() if callable(self.taille_max) else self.taille_max

    @property
    def formats_acceptes(self) -> str:
        return ", ".join(sorted(e.lstrip(".") for e in self.extensions))

    @property
    def accept_html(self) -> str:
        """For `<input type="file" accept="…">`: a hint only, the server decides."""
        return ",".join(sorted(self.extensions))

    def verifier(self, fichier) -> FichierVerifie:
        """Raise a French ValidationError unless `fichier` is accepted, honest and not too big."""
        nom = PurePath(getattr(fichier, "name", "") or "").name
        extension = PurePath(nom).suffix.lower()
        if not nom:
            raise ValidationError("Le fichier n'a pas de nom.", code="nom")
        if extension not in self.extensions:
            raise ValidationError(
                "« %(nom)s » : ce type de fichier n'est pas accepté (formats acceptés : %(formats)s).",
                code="extension",
                params={"nom": nom, "formats": self.formats_acceptes},
            )
        taille = getattr(fichier, "size", None)
        if taille is None:
            fichier.seek(0, 2)
            taille = fichier.tell()
        if taille == 0:
            raise ValidationError("« %(nom)s » est vide.", code="vide", params={"nom": nom})
        if taille > self.limite():
            raise ValidationError(
                "« %(nom)s » est trop volumineux (%(taille)s) : %(max)s au maximum.",
                code="taille",
                params={
                    "nom": nom,
                    "taille": filesizeformat(taille),
                    "max": filesizeformat(self.limite()),
                },
            )
        fichier.seek(0)
        entete = fichier.read(64)
        fichier.seek(0)
        if isinstance(entete, str):
            entete = entete.encode("utf-8")
        attendue, type_mime = FORMATS[extension]
        trouvee = famille(entete, fichier)
        if trouvee != attendue:
            raise ValidationError(
                "« %(nom)s » : le contenu du fichier ne correspond pas à son extension "
                "« %(ext)s » (fichier endommagé ou d'un autre type). Enregistrez-le dans son "
                "format d'origine puis réessayez.",
                code="contenu",
                params={"nom": nom, "ext": extension.lstrip(".")},
            )
        if trouvee in ("png", "jpeg", "gif", "webp") and not _image_lisible(fichier):
            raise ValidationError(
                "« %(nom)s » : l'image est illisible ou endommagée.",
                code="image",
                params={"nom": nom},
            )
        return FichierVerifie(nom=nom[:255], type_mime=type_mime, taille=taille)

    def valider(self, fichier) -> None:
        """Field validator (forms and admin): checks only a file being uploaded."""
        if fichier and not getattr(fichier, "_committed", True):
            self.verifier(fichier)


def type_mime(nom: str) -> str:
    """The MIME type a stored file is served with, from its (verified) extension."""
    return FORMATS.get(PurePath(nom).suffix.lower(), ("", "application/octet-stream"))[1]
