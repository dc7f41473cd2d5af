"""CSV and XLSX exports of the improvement plan.

Every cell of user text is neutralised: a value starting with =, +, -, @ (or a tab /
carriage return) would be run as a formula by a spreadsheet, so it gets a leading
apostrophe.
"""

import csv
import io

from django.template.defaultfilters import date as format_date
from openpyxl import Workbook
from openpyxl.styles import Font

from apes_rh.exports import neutraliser as neutraliser_cellule

from .models import Action

COLONNES = [
    "Axe",
    "Action",
    "Description",
    "Responsable",
    "Échéance",
    "Priorité",
    "Statut",
    "En retard",
    "Thème",
    "Ressources mobilisées",
    "Origine",
    "Créée le",
    "Terminée le",
]


def neutraliser(valeur) -> str:
    return neutraliser_cellule("" if valeur is None else str(valeur))


def actions_du_plan(organisation):
    return (
        Action.objects.de_organisation(organisation)
        .select_related("axe", "responsable", "theme")
        .order_by("axe__ordre", "axe_id", "priorite", "echeance", "pk")
    )


def lignes(organisation):
    yield COLONNES
    for a in actions_du_plan(organisation).iterator(chunk_size=500):
        yield [
            neutraliser(v)
            for v in (
                a.axe.titre if a.axe else "",
                a.titre,
                a.description,
                a.responsable or "",
                format_date(a.echeance, "d/m/Y") if a.echeance else "",
                a.get_priorite_display(),
                a.get_statut_display(),
                "oui" if a.en_retard else "non",
                a.theme.titre if a.theme else "",
                a.ressources,
                a.origine,
                format_date(a.cree_le, "d/m/Y"),
                format_date(a.terminee_le, "d/m/Y") if a.terminee_le else "",
            )
        ]


class _Echo:
    def write(self, value):
        return value


def csv_flux(organisation):
    """Rows of CSV text, for a StreamingHttpResponse (UTF-8 with BOM, `;` for French Excel)."""
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff"
    for ligne in lignes(organisation):
        yield writer.writerow(ligne)


def xlsx(organisation) -> bytes:
    classeur = Workbook(write_only=True)
    feuille = classeur.create_sheet("Schéma d'amélioration")
    feuille.freeze_panes = "A2"
    for i, ligne in enumerate(lignes(organisation)):
        if i == 0:
            from openpyxl.cell import WriteOnlyCell

            cellules = []
            for titre in ligne:
                cellule = WriteOnlyCell(feuille, value=titre)
                cellule.font = Font(bold=True)
                cellules.append(cellule)
            feuille.append(cellules)
        else:
            feuille.append(ligne)
    tampon = io.BytesIO()
    classeur.save(tampon)
    return tampon.getvalue()
