"""The shared PDF renderer: local static files only."""

import pytest

from apes_rh.pdf import PDF_BASE_URL, LocalFetcher, ResourceRefused, html_to_pdf


def test_it_renders_a_pdf_with_static_resources():
    html = (
        f'<html lang="fr"><head><title>Essai</title><link rel="stylesheet" '
        f'href="{PDF_BASE_URL}static/css/apes.css"></head><body><h1>Bonjour</h1></body></html>'
    )
    assert html_to_pdf(html).startswith(b"%PDF")


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/image.png",
        "file:///etc/passwd",
        f"{PDF_BASE_URL}static/../../etc/passwd",
        f"{PDF_BASE_URL}media/secret.pdf",
        "http://127.0.0.1:8000/static/css/apes.css",
    ],
)
def test_it_refuses_anything_else(url):
    with pytest.raises((ResourceRefused, ValueError)):
        LocalFetcher().fetch(url)
