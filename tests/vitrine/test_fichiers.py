"""Unit checks: file contents, video embeds, rich text."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from outils.vitrine.fichiers import verifier_fichier
from outils.vitrine.medias import texte_riche, video_embed


def _zip(**membres):
    tampon = io.BytesIO()
    with zipfile.ZipFile(tampon, "w") as archive:
        for nom, contenu in membres.items():
            archive.writestr(nom.replace("__", "/"), contenu)
    return tampon.getvalue()


def _image(format_: str) -> bytes:
    from PIL import Image

    tampon = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(tampon, format=format_)
    return tampon.getvalue()


@pytest.mark.parametrize(
    ("nom", "contenu", "type_mime"),
    [
        ("a.pdf", b"%PDF-1.7\n...", "application/pdf"),
        ("a.png", _image("PNG"), "image/png"),
        ("a.JPG", _image("JPEG"), "image/jpeg"),
        (
            "a.odt",
            _zip(mimetype="application/vnd.oasis.opendocument.text"),
            "application/vnd.oasis.opendocument.text",
        ),
        (
            "a.xlsx",
            _zip(**{"[Content_Types].xml": "x", "xl__workbook.xml": "x"}),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("a.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"0" * 10, "application/msword"),
        ("a.csv", "nom;prénom\nDupont;Zoé\n".encode(), "text/csv; charset=utf-8"),
        ("a.mp4", b"\x00\x00\x00\x18ftypmp42" + b"0" * 10, "video/mp4"),
    ],
)
def test_accepted_files_are_recognised_by_their_bytes(nom, contenu, type_mime):
    assert verifier_fichier(SimpleUploadedFile(nom, contenu)).type_mime == type_mime


@pytest.mark.parametrize(
    ("nom", "contenu"),
    [
        ("a.docx", _zip(**{"[Content_Types].xml": "x", "xl__workbook.xml": "x"})),  # a spreadsheet
        ("a.xlsx", _zip(mimetype="application/vnd.oasis.opendocument.text")),
        ("a.pdf", b"\x89PNG\r\n\x1a\n"),
        ("a.txt", b"binaire\x00\x01\x02"),
        ("a.csv", b"nom;site\nDupont;<script>alert(1)</script>\n"),
        ("a.txt", "\ufeff<svg/>".encode()),
    ],
)
def test_a_file_whose_content_disagrees_with_its_name_is_refused(nom, contenu):
    with pytest.raises(ValidationError):
        verifier_fichier(SimpleUploadedFile(nom, contenu))


@pytest.mark.parametrize(
    ("url", "embed"),
    [
        (
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        ),
        ("https://youtu.be/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        (
            "https://www.youtube.com/embed/dQw4w9WgXcQ",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        ),
        ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871?dnt=1"),
        (
            "https://player.vimeo.com/video/76979871",
            "https://player.vimeo.com/video/76979871?dnt=1",
        ),
        ("https://www.dailymotion.com/video/x7tgad0", None),
        ("javascript:alert(1)", None),
        ("https://www.youtube.com/watch?v=<script>", None),
        ("https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ", None),
    ],
)
def test_only_youtube_and_vimeo_videos_are_embedded(url, embed):
    assert video_embed(url) == embed


def test_rich_text_is_paragraphs_and_lists_escaped():
    html = texte_riche("Intro <em>x</em>\nsuite\n\n- un\n- deux & trois\n\nFin :\n- a\n- b")
    assert html == (
        "<p>Intro &lt;em&gt;x&lt;/em&gt; suite</p>\n"
        "<ul><li>un</li><li>deux &amp; trois</li></ul>\n"
        "<p>Fin :</p>\n<ul><li>a</li><li>b</li></ul>"
    )
