"""PDF rendering with WeasyPrint, shared by every document of the platform.

WeasyPrint only receives resources through `LocalFetcher`: the project's static files
(fonts shipped in static/fonts/, so PDFs look the same everywhere) and `data:` URLs.
Anything else — remote URLs, file://, paths written by a user — is refused (no SSRF,
no local file disclosure). See PITFALLS.md.
"""

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# The base URL given to WeasyPrint; it never resolves on a network.
PDF_BASE_URL = "https://pdf.apes-rh.invalid/"


class ResourceRefused(ValueError):
    pass


def static_path(relative: str) -> str | None:
    """The file of a static asset, or None (never outside the static directories)."""
    if not relative or ".." in relative.split("/"):
        return None
    found = finders.find(relative)
    if found:
        return found
    root = Path(settings.STATIC_ROOT)
    candidate = (root / relative).resolve()
    if candidate.is_relative_to(root.resolve()) and candidate.is_file():
        return str(candidate)
    return None


class LocalFetcher(URLFetcher):
    """Serves `PDF_BASE_URL + STATIC_URL + path` from the static files and `data:` URLs."""

    def __init__(self):
        super().__init__(allowed_protocols=("https", "data"), allow_redirects=False)

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        parts = urlsplit(url)
        static_prefix = "/" + settings.STATIC_URL.strip("/") + "/"
        if f"{parts.scheme}://{parts.netloc}/" != PDF_BASE_URL or not parts.path.startswith(
            static_prefix
        ):
            raise ResourceRefused(f"Ressource refusée dans le PDF : {url}")
        path = static_path(unquote(parts.path[len(static_prefix) :]))
        if path is None:
            raise ResourceRefused(f"Fichier statique introuvable : {url}")
        mime = mimetypes.guess_type(path)[0] or "application/octet-stream"
        if path.endswith(".ttf"):
            mime = "font/ttf"
        return URLFetcherResponse(url, Path(path).read_bytes(), {"Content-Type": mime})


def static_url(relative: str) -> str:
    """The URL under which a template refers to a static file inside a PDF."""
    return PDF_BASE_URL + settings.STATIC_URL.strip("/") + "/" + relative


def html_document(html: str):
    """The laid-out WeasyPrint document (its metadata carries the title and `lang`)."""
    return HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=LocalFetcher()).render()


def html_to_pdf(html: str) -> bytes:
    return html_document(html).write_pdf()


def render_pdf(template_name: str, context: dict) -> bytes:
    return html_to_pdf(render_to_string(template_name, context))
