"""Import of the programme's spreadsheets (DESIGN §4).

`importer_dossier(path, dry_run=...)` is used by `manage.py importer_activite`, by
`manage.py demo` and (through `importer_fichiers`) by the team's web import.
"""

from .lecture import COLONNES, FICHIERS, Lecture, lire_dossier, lire_fichiers
from .resultat import CompteFichier, ResultatImport

__all__ = [
    "COLONNES",
    "FICHIERS",
    "CompteFichier",
    "ResultatImport",
    "importer_dossier",
    "importer_fichiers",
    "importer_lecture",
]


def importer_lecture(
    lecture: Lecture, *, dry_run: bool = False, auteur=None, progression=None
) -> ResultatImport:
    from .chargeur import Importeur

    resultat = ResultatImport(essai=dry_run)
    resultat.erreurs.extend(lecture.erreurs)
    resultat.avertissements.extend(lecture.avertissements)
    if not lecture.sources and not lecture.erreurs:
        resultat.erreurs.append(
            "Aucun fichier reconnu. Fichiers attendus : " + ", ".join(FICHIERS) + "."
        )
    importeur = Importeur(
        lecture.sources, auteur=auteur, progression=progression, resultat=resultat
    )
    return importeur.executer(essai=dry_run)


def importer_dossier(path, *, dry_run: bool = False, auteur=None, progression=None):
    """Imports the CSV files of DESIGN §4 found in `path`, in one transaction."""
    return importer_lecture(
        lire_dossier(path), dry_run=dry_run, auteur=auteur, progression=progression
    )


def importer_fichiers(
    fichiers: list[tuple[str, bytes]], *, dry_run: bool = False, auteur=None, progression=None
):
    """Same, from (name, content) pairs: CSV files or one XLSX workbook."""
    return importer_lecture(
        lire_fichiers(fichiers), dry_run=dry_run, auteur=auteur, progression=progression
    )
