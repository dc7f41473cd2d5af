"""Exports of a coach's validated activity: CSV and XLSX (streamed, formulas neutralised) and PDF
(the shared WeasyPrint renderer, which only reads local static files)."""

import csv
import io

from django.http import HttpResponse, StreamingHttpResponse
from django.template.loader import render_to_string

from apes_rh.exports import neutraliser
from apes_rh.pdf import html_to_pdf

ENTETES = [
    "Date",
    "Nature",
    "Organisation / séance",
    "Thématique",
    "Demi-journées",
    "Rôle",
    "Mission",
    "Notes",
]


def _rangees(lignes):
    for lg in lignes:
        yield [
            lg.date.isoformat(),
            lg.nature,
            lg.intitule,
            lg.thematique,
            lg.demi_journees,
            lg.role,
            lg.mission,
            lg.notes,
        ]


class _Echo:
    def write(self, value):
        return value


def reponse_csv(lignes, nom: str) -> StreamingHttpResponse:
    writer = csv.writer(_Echo(), delimiter=";")

    def flux():
        yield "\ufeff"  # Excel opens UTF-8 with a BOM correctly
        yield writer.writerow(ENTETES)
        for rangee in _rangees(lignes):
            yield writer.writerow([neutraliser(v) for v in rangee])
        yield writer.writerow(["Total", "", "", "", sum(lg.demi_journees for lg in lignes)])

    response = StreamingHttpResponse(flux(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{nom}.csv"'
    return response


def reponse_xlsx(lignes, nom: str, titre: str) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title="Activité")
    gras = Font(bold=True)
    ws.append([titre])
    entetes = []
    for h in ENTETES:
        cell = WriteOnlyCell(ws, value=h)
        cell.font = gras
        entetes.append(cell)
    ws.append(entetes)
    for rangee in _rangees(lignes):
        ws.append([neutraliser(v) for v in rangee])
    ws.append(["Total", None, None, None, sum(lg.demi_journees for lg in lignes)])
    buffer = io.BytesIO()
    wb.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{nom}.xlsx"'
    return response


def rendre_pdf(html: str) -> bytes:
    return html_to_pdf(html)


def reponse_pdf(contexte: dict, nom: str) -> HttpResponse:
    html = render_to_string("accompagnateurs/pdf/releve.html", contexte)
    response = HttpResponse(rendre_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{nom}.pdf"'
    return response
