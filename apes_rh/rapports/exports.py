"""CSV, XLSX and JSON of a report's figures. Text cells that a spreadsheet would read as a
formula (=, +, -, @, tab, carriage return) are neutralised with a leading apostrophe."""

import csv
import io
import json

from ..exports import neutraliser  # noqa: F401  (shared by every export)
from .calculs import CHIFFRES_CLES, PAR_COMMUNAUTE, PAR_PARCOURS, PAR_THEMATIQUE
from .sections import SECTIONS, lignes_export


def lignes(rapport: dict):
    """(section, element, indicateur, valeur) rows: one per figure of the report."""
    yield ("section", "element", "indicateur", "valeur")
    yield ("periode", "", "du", rapport["periode"]["du"])
    yield ("periode", "", "au", rapport["periode"]["au"])
    if rapport.get("perimetre"):
        yield ("perimetre", "", "libelle", rapport["perimetre"]["libelle"])
    for cle in CHIFFRES_CLES:
        yield ("chiffres_cles", "", cle, rapport["chiffres_cles"][cle])
    for p in rapport["parcours"]:
        for cle in PAR_PARCOURS:
            yield ("parcours", p["code"], cle, p[cle])
    for c in rapport["communautes"]:
        for cle in PAR_COMMUNAUTE:
            yield ("communautes", c["code"], cle, c[cle])
    for t in rapport["thematiques"]:
        for cle in PAR_THEMATIQUE:
            yield ("thematiques", t["thematique"], cle, t[cle])
    yield from _lignes_financements(rapport)
    yield from lignes_export(rapport)  # the apps' sections (sections.register_section)


FINANCEMENT_CHIFFRES = {
    "alloue_individuelles": "Individuelles allouées",
    "utilise_individuelles": "Individuelles utilisées",
    "prevu_individuelles": "Individuelles prévues",
    "alloue_collectives": "Collectives allouées",
    "utilise_collectives": "Collectives utilisées",
    "prevu_collectives": "Collectives prévues",
}


def _lignes_financements(rapport: dict):
    """A funder's funding lines (apes_rh/financements.py), when the report carries them."""
    for ligne in rapport.get("financements", []):
        for cle in FINANCEMENT_CHIFFRES:
            yield ("financements", ligne["financement"], cle, ligne[cle])
        yield ("financements", ligne["financement"], "alerte", ligne["alerte"])


class _Tampon:
    def write(self, valeur):
        return valeur


def csv_flux(rapport: dict):
    """CSV lines one by one (for a StreamingHttpResponse); `;` and a BOM for spreadsheets."""
    writer = csv.writer(_Tampon(), delimiter=";", lineterminator="\r\n")
    yield "\ufeff"
    for ligne in lignes(rapport):
        yield writer.writerow([neutraliser(v) for v in ligne])


def csv_octets(rapport: dict) -> bytes:
    return "".join(csv_flux(rapport)).encode("utf-8")


def json_octets(rapport: dict) -> bytes:
    cles = ("periode", "chiffres_cles", "parcours", "communautes", "thematiques")
    cles += tuple(cle for cle in SECTIONS if cle in rapport)
    donnees = {k: rapport[k] for k in cles}
    if rapport.get("financements"):
        donnees["financements"] = rapport["financements"]
    return json.dumps(donnees, ensure_ascii=False, indent=2).encode("utf-8")


def xlsx(rapport: dict) -> bytes:
    """One sheet per section, French headers, numbers kept as numbers."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    classeur = Workbook(write_only=True)

    def feuille(titre, entetes, rangees):
        ws = classeur.create_sheet(titre)
        gras = Font(bold=True)
        from openpyxl.cell import WriteOnlyCell

        ligne = []
        for entete in entetes:
            cellule = WriteOnlyCell(ws, value=entete)
            cellule.font = gras
            ligne.append(cellule)
        ws.append(ligne)
        for rangee in rangees:
            ws.append([neutraliser(v) for v in rangee])

    perimetre = rapport.get("perimetre") or {}
    feuille(
        "Chiffres clés",
        ["Indicateur", "Valeur"],
        [("Période", f"du {rapport['periode']['du']} au {rapport['periode']['au']}")]
        + ([("Périmètre", perimetre["libelle"])] if perimetre else [])
        + [(libelle, rapport["chiffres_cles"][cle]) for cle, libelle in CHIFFRES_CLES.items()],
    )
    feuille(
        "Parcours",
        ["Code", "Nom", "Territoire", *PAR_PARCOURS.values()],
        [
            (p["code"], p["nom"], p["territoire"], *(p[c] for c in PAR_PARCOURS))
            for p in rapport["parcours"]
        ],
    )
    feuille(
        "Communautés",
        ["Code", "Nom", *PAR_COMMUNAUTE.values()],
        [(c["code"], c["nom"], *(c[k] for k in PAR_COMMUNAUTE)) for c in rapport["communautes"]],
    )
    feuille(
        "Thématiques",
        ["Thématique", *PAR_THEMATIQUE.values()],
        [(t["thematique"], *(t[k] for k in PAR_THEMATIQUE)) for t in rapport["thematiques"]],
    )
    if rapport.get("financements"):
        feuille(
            "Financements",
            ["Ligne de financement", *FINANCEMENT_CHIFFRES.values(), "État"],
            [
                (f["financement"], *(f[c] for c in FINANCEMENT_CHIFFRES), f["alerte"])
                for f in rapport["financements"]
            ],
        )
    tampon = io.BytesIO()
    classeur.save(tampon)
    return tampon.getvalue()
