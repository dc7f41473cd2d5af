"""Files of the resource library and the MOOC: documents, images, text, audio and video,
checked by content (apes_rh.fichiers); size limit: setting VITRINE_TAILLE_MAX_FICHIER."""

from django.conf import settings

from apes_rh.fichiers import BUREAUTIQUE, IMAGES, MEDIAS, TEXTE, Politique

TAILLE_MAX_DEFAUT = 20 * 1024 * 1024  # 20 Mo


def taille_max() -> int:
    return int(getattr(settings, "VITRINE_TAILLE_MAX_FICHIER", TAILLE_MAX_DEFAUT))


RESSOURCES = Politique(BUREAUTIQUE | IMAGES | TEXTE | MEDIAS, taille_max)
verifier_fichier = RESSOURCES.verifier
ACCEPT_HTML = RESSOURCES.accept_html
EXTENSIONS_ACCEPTEES = RESSOURCES.formats_acceptes


def valider_fichier(fichier) -> None:
    """Field validator (forms and admin); a module function so migrations can name it."""
    RESSOURCES.valider(fichier)
