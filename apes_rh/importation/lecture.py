"""Reading the spreadsheets of DESIGN §4: CSV files (UTF-8 with or without BOM, `,` or `;`)
or one XLSX workbook with one sheet per file. Everything becomes a `Source`: the rows of one
file, each with the line number the person sees in their spreadsheet.
"""

import csv
import datetime as dt
import io
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

# Load order of DESIGN §4 (a later file may refer to the rows of an earlier one).
FICHIERS = [
    "accompagnateurs.csv",
    "organisations.csv",
    "parcours.csv",
    "inscriptions.csv",
    "communautes.csv",
    "seances.csv",
    "participations.csv",
    "appuis_individuels.csv",
]

# Columns per file: (required, optional). Extra columns are reported as warnings and ignored.
COLONNES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "accompagnateurs.csv": (
        ("email", "entree"),
        ("prenom", "nom", "structure", "specialites", "sortie"),
    ),
    "organisations.csv": (
        ("nom", "territoire"),
        ("siret", "forme_juridique", "commune", "effectif"),
    ),
    "parcours.csv": (("code", "territoire", "debut", "fin"), ("nom",)),
    "inscriptions.csv": (("parcours", "organisation"), ("date",)),
    # `territoire` is an optional extension: without it a community is region-wide.
    "communautes.csv": (("code", "type"), ("nom", "territoire")),
    "seances.csv": (
        ("ref", "titre", "type", "date", "demi_journees"),
        ("parcours", "communaute", "thematiques", "animateurs"),
    ),
    "participations.csv": (("seance", "email"), ("prenom", "nom", "organisation")),
    "appuis_individuels.csv": (
        ("accompagnateur", "organisation", "date", "demi_journees"),
        ("thematique", "notes"),
    ),
}


class ErreurLecture(Exception):
    """A file that cannot be read at all (encoding, format)."""


@dataclass
class Source:
    """The rows of one file (or one sheet of a workbook)."""

    fichier: str  # canonical name, e.g. "organisations.csv"
    libelle: str  # what error messages call it: the file or sheet name
    lignes: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    colonnes: list[str] = field(default_factory=list)


def normaliser_entete(valeur: str) -> str:
    """`Prénom`, ` Demi-journées ` → `prenom`, `demi_journees` (headers are French, any case)."""
    texte = unicodedata.normalize("NFKD", str(valeur or "")).encode("ascii", "ignore").decode()
    texte = texte.strip().lower()
    for sep in (" ", "-", "'", "’"):
        texte = texte.replace(sep, "_")
    while "__" in texte:
        texte = texte.replace("__", "_")
    return texte.strip("_")


def fichier_canonique(nom: str) -> str | None:
    """`Organisations.CSV` or a sheet named `organisations` → `organisations.csv`."""
    base = Path(str(nom)).name
    if base.lower().endswith(".csv"):
        base = base[:-4]
    cle = normaliser_entete(base) + ".csv"
    return cle if cle in COLONNES else None


def _detecter_separateur(entete: str) -> str:
    return ";" if entete.count(";") > entete.count(",") else ","


def lire_csv(contenu: bytes, libelle: str, fichier: str) -> Source:
    try:
        texte = contenu.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ErreurLecture(
            f"{libelle}:1: fichier illisible : il doit être enregistré en UTF-8 "
            "(dans le tableur : « Enregistrer sous » → CSV UTF-8)"
        ) from exc
    premiere = texte.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(texte, newline=""), delimiter=_detecter_separateur(premiere))
    source = Source(fichier=fichier, libelle=libelle)
    fin_precedente = 0
    entetes = None
    try:
        for cellules in reader:
            debut = fin_precedente + 1
            fin_precedente = reader.line_num
            if entetes is None:
                entetes = [normaliser_entete(c) for c in cellules]
                source.colonnes = entetes
                continue
            if not any(c.strip() for c in cellules):
                continue
            source.lignes.append((debut, _associer(entetes, cellules)))
    except csv.Error as exc:
        raise ErreurLecture(f"{libelle}:{reader.line_num}: CSV mal formé ({exc})") from exc
    return source


def _associer(entetes: list[str], cellules: list) -> dict[str, str]:
    ligne = {}
    for i, nom in enumerate(entetes):
        if not nom:
            continue
        ligne[nom] = cellules[i].strip() if i < len(cellules) else ""
    if len(cellules) > len(entetes) and any(str(c).strip() for c in cellules[len(entetes) :]):
        ligne["__cellules_en_trop__"] = "1"
    return ligne


def _cellule(valeur) -> str:
    if valeur is None:
        return ""
    if isinstance(valeur, dt.datetime):
        return valeur.date().isoformat()
    if isinstance(valeur, dt.date):
        return valeur.isoformat()
    if isinstance(valeur, float) and valeur.is_integer():
        return str(int(valeur))
    return str(valeur).strip()


def lire_xlsx(contenu: bytes, libelle: str) -> tuple[list[Source], list[str]]:
    """One source per recognised sheet; the names of the sheets that were not recognised."""
    from openpyxl import load_workbook

    try:
        classeur = load_workbook(io.BytesIO(contenu), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds of errors on a bad file
        raise ErreurLecture(f"{libelle}: classeur XLSX illisible ({exc})") from exc
    sources, ignorees = [], []
    try:
        for feuille in classeur.worksheets:
            fichier = fichier_canonique(feuille.title)
            if fichier is None:
                ignorees.append(feuille.title)
                continue
            source = Source(fichier=fichier, libelle=feuille.title)
            entetes = None
            for numero, valeurs in enumerate(feuille.iter_rows(values_only=True), start=1):
                cellules = [_cellule(v) for v in valeurs]
                if entetes is None:
                    if not any(cellules):
                        continue
                    entetes = [normaliser_entete(c) for c in cellules]
                    source.colonnes = entetes
                    continue
                if not any(cellules):
                    continue
                source.lignes.append((numero, _associer(entetes, cellules)))
            sources.append(source)
    finally:
        classeur.close()
    return sources, ignorees


@dataclass
class Lecture:
    sources: list[Source] = field(default_factory=list)
    erreurs: list[str] = field(default_factory=list)
    avertissements: list[str] = field(default_factory=list)


def lire_fichiers(fichiers: list[tuple[str, bytes]]) -> Lecture:
    """Uploaded or found files, as (name, content): CSV files named after DESIGN §4, or one
    XLSX workbook. Sources come back in load order; unreadable files are errors."""
    lecture = Lecture()
    trouves: dict[str, Source] = {}
    for nom, contenu in fichiers:
        try:
            if nom.lower().endswith(".xlsx"):
                sources, ignorees = lire_xlsx(contenu, nom)
                for feuille in ignorees:
                    lecture.avertissements.append(
                        f"{nom} : feuille « {feuille} » ignorée (nom non reconnu ; attendus : "
                        + ", ".join(f.removesuffix(".csv") for f in FICHIERS)
                        + ")"
                    )
            else:
                canonique = fichier_canonique(nom)
                if canonique is None:
                    lecture.avertissements.append(f"{nom} : fichier ignoré (nom non reconnu)")
                    continue
                sources = [lire_csv(contenu, Path(nom).name, canonique)]
        except ErreurLecture as exc:
            lecture.erreurs.append(str(exc))
            continue
        for source in sources:
            if source.fichier in trouves:
                lecture.erreurs.append(
                    f"{source.libelle}: {source.fichier} fourni deux fois "
                    f"(déjà dans {trouves[source.fichier].libelle})"
                )
                continue
            trouves[source.fichier] = source
    lecture.sources = [trouves[n] for n in FICHIERS if n in trouves]
    return lecture


def lire_dossier(chemin) -> Lecture:
    """The CSV files of DESIGN §4 present in a directory (every file is optional)."""
    dossier = Path(chemin)
    if not dossier.is_dir():
        lecture = Lecture()
        lecture.erreurs.append(f"{dossier} : ce dossier n'existe pas.")
        return lecture
    fichiers = [
        (f.name, f.read_bytes())
        for f in sorted(dossier.iterdir())
        if f.is_file() and f.suffix.lower() in (".csv", ".xlsx") and not f.name.startswith(".")
    ]
    return lire_fichiers(fichiers)
