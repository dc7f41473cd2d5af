"""Follow-up attachments: PDF, office documents and images, checked by content
(apes_rh.fichiers); the size limit is the setting OUTILS_PIECE_JOINTE_TAILLE_MAX."""

from django.conf import settings

from apes_rh.fichiers import BUREAUTIQUE, IMAGES, Politique

TAILLE_MAX_DEFAUT = 10 * 1024 * 1024  # 10 Mo


def taille_max() -> int:
    return int(getattr(settings, "OUTILS_PIECE_JOINTE_TAILLE_MAX", TAILLE_MAX_DEFAUT))


PIECES_JOINTES = Politique(BUREAUTIQUE | IMAGES, taille_max)
verifier = PIECES_JOINTES.verifier
ACCEPT_HTML = PIECES_JOINTES.accept_html
