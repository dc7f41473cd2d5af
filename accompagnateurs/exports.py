"""Exports of a coach's validated activity: CSV and XLSX (streamed, formulas neutralised) and PDF
(WeasyPrint with a fetcher that only reads local static and media files)."""

import csv
import io
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse, StreamingHttpResponse
from django.template.loader import render_to_string

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


def neutraliser(valeur):
    """A cell starting with = + - @ (or a tab / carriage return) would be a formula in Excel."""
    if isinstance(valeur, str) and valeur[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + valeur
    return valeur


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


def _fetcher_local():
    """A WeasyPrint URL fetcher that serves static and media files from disk, `data:` URLs,
    and nothing else: no network access from user content (SSRF)."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    static_prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    media_prefix = "/" + settings.MEDIA_URL.strip("/") + "/"
    media_root = Path(settings.MEDIA_ROOT).resolve()

    class LocalFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            parsed = urlparse(url)
            site = urlparse(settings.SITE_URL)
            if parsed.scheme not in ("http", "https") or parsed.netloc != site.netloc:
                raise ValueError(f"Ressource externe refusée : {url}")
            path = unquote(parsed.path)
            chemin = None
            if path.startswith(static_prefix):
                chemin = finders.find(path[len(static_prefix) :])
            elif path.startswith(media_prefix):
                candidat = (media_root / path[len(media_prefix) :]).resolve()
                if candidat.is_relative_to(media_root) and candidat.is_file():
                    chemin = str(candidat)
            if not chemin:
                raise ValueError(f"Ressource introuvable : {url}")
            mime = mimetypes.guess_type(chemin)[0] or "application/octet-stream"
            return URLFetcherResponse(
                url, Path(chemin).read_bytes(), headers={"Content-Type": mime}
            )

    return LocalFetcher(allowed_protocols=("http", "https", "data"))


def rendre_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(
        string=html, base_url=settings.SITE_URL.rstrip("/") + "/", url_fetcher=_fetcher_local()
    ).write_pdf()


def reponse_pdf(contexte: dict, nom: str) -> HttpResponse:
    html = render_to_string("accompagnateurs/pdf/releve.html", contexte)
    response = HttpResponse(rendre_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{nom}.pdf"'
    return response
