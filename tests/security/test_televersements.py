"""Uploads: a file whose content does not match what it claims is refused, nothing is written,
and what is served back is typed by its content, as an attachment, never sniffed.

Two doors: the public call for interest (a CV, anyone may post) and the follow-up space
(attachments of a pilot's entry).
"""

import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from accompagnateurs.models import Candidature
from outils.models import Suivi
from tests.accompagnateurs.factories import AppelFactory, SpecialiteFactory
from tests.factories import OrganisationFactory, TerritoireFactory, UserFactory

pytestmark = pytest.mark.django_db

RAPIDE = hsettings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
MAGIQUES = (b"%PDF-", b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"\x89PNG", b"\xff\xd8\xff", b"GIF8")
# (name, what the browser claims): every extension the two forms accept.
DEGUISEMENTS = [
    ("cv.pdf", "application/pdf"),
    ("cv.doc", "application/msword"),
    ("cv.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("photo.png", "image/png"),
    ("photo.jpg", "image/jpeg"),
    ("tableau.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("texte.odt", "application/vnd.oasis.opendocument.text"),
]


def _zip(entrees: dict[str, bytes]) -> bytes:
    tampon = io.BytesIO()
    with zipfile.ZipFile(tampon, "w") as z:
        for nom, contenu in entrees.items():
            z.writestr(nom, contenu)
    return tampon.getvalue()


MENSONGES = [
    (b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200, "cv.pdf", "application/pdf"),
    (b"<html><script>alert(document.cookie)</script></html>", "cv.pdf", "application/pdf"),
    (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "photo.png", "image/png"),
    (b"#!/bin/sh\nrm -rf /\n", "cv.docx", "application/msword"),
    (b"<?php system($_GET['c']); ?>", "photo.jpg", "image/jpeg"),
    (_zip({"evil.exe": b"MZ"}), "cv.docx", "application/zip"),  # a zip, not a Word document
    (_zip({"[Content_Types].xml": b"<x/>"}), "tableau.xlsx", "application/zip"),  # no xl/
    (b"\xff\xd8\xff\xe0 not really a jpeg", "photo.jpg", "image/jpeg"),
    (b"", "cv.pdf", "application/pdf"),
]


def _fichiers_ecrits() -> list[Path]:
    racines = [Path(django_settings.PRIVATE_MEDIA_ROOT), Path(django_settings.MEDIA_ROOT)]
    return [p for r in racines if r.exists() for p in r.rglob("*") if p.is_file()]


# --- The public call for interest ------------------------------------------------------------


@pytest.fixture
def appel(db):
    return AppelFactory()


def _candidature(appel, fichier, **extra):
    return {
        "prenom": "Léa",
        "nom": "Fontaine",
        "email": "lea.fontaine@example.org",
        "telephone": "0600000000",
        "structure": "Fontaine Conseil",
        "specialites": [SpecialiteFactory(nom="Généraliste RH").pk],
        "territoires": [TerritoireFactory(code="MEL").pk],
        "experience_ess": "Huit ans auprès de SIAE.",
        "references": "Centres sociaux du Nord.",
        "consentement": "on",
        "site_web": "",
        "cv_fichier": fichier,
        **extra,
    }


def _deposer(client, appel, fichier):
    return client.post(
        reverse("accompagnateurs:appel", kwargs={"pk": appel.pk}), _candidature(appel, fichier)
    )


@pytest.mark.parametrize(("contenu", "nom", "type_annonce"), MENSONGES)
def test_a_cv_that_lies_about_its_type_is_refused_and_nothing_is_kept(
    client, appel, contenu, nom, type_annonce
):
    response = _deposer(client, appel, SimpleUploadedFile(nom, contenu, type_annonce))
    assert response.status_code == 200
    assert "cv_fichier" in response.context["form"].errors
    assert Candidature.objects.count() == 0
    assert _fichiers_ecrits() == []


@RAPIDE
@given(
    contenu=st.binary(min_size=1, max_size=4096).filter(lambda b: not b.startswith(MAGIQUES)),
    deguisement=st.sampled_from(DEGUISEMENTS[:3]),
)
def test_random_bytes_dressed_as_a_cv_are_always_refused(client, appel, contenu, deguisement):
    nom, type_annonce = deguisement
    cache.clear()  # exercise the check, not the per-address limit of applications
    response = _deposer(client, appel, SimpleUploadedFile(nom, contenu, type_annonce))
    assert response.status_code == 200
    assert Candidature.objects.count() == 0
    assert _fichiers_ecrits() == []


def test_a_cv_too_big_is_refused_before_being_stored(client, appel):
    gros = PDF + b"0" * (5 * 1024 * 1024)
    response = _deposer(client, appel, SimpleUploadedFile("cv.pdf", gros, "application/pdf"))
    assert "cv_fichier" in response.context["form"].errors
    assert Candidature.objects.count() == 0 and _fichiers_ecrits() == []


def test_a_genuine_cv_announced_as_html_is_served_back_as_a_pdf_attachment(client, appel):
    response = _deposer(client, appel, SimpleUploadedFile("cv.pdf", PDF, "text/html"))
    assert response.status_code == 302
    candidature = Candidature.objects.get()
    client.force_login(UserFactory(chargee=True))
    response = client.get(reverse("accompagnateurs:candidature_cv", kwargs={"pk": candidature.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


# --- Attachments of the follow-up space ------------------------------------------------------


@pytest.fixture
def espace(client):
    from tests.outils.factories import referentiel_defaut

    referentiel_defaut()
    organisation = OrganisationFactory()
    client.force_login(UserFactory(pilote_de=organisation))
    return organisation


def _suivi(client, organisation, fichier):
    return client.post(
        reverse("outils:suivi_creer", kwargs={"pk": organisation.pk}),
        {
            "date": "2025-03-14",
            "realise": "Entretiens professionnels menés",
            "indicateurs-TOTAL_FORMS": "0",
            "indicateurs-INITIAL_FORMS": "0",
            "indicateurs-MIN_NUM_FORMS": "0",
            "indicateurs-MAX_NUM_FORMS": "20",
            "fichiers": [fichier],
        },
    )


@pytest.mark.parametrize(("contenu", "nom", "type_annonce"), MENSONGES)
def test_an_attachment_that_lies_about_its_type_is_refused_and_nothing_is_kept(
    client, espace, contenu, nom, type_annonce
):
    response = _suivi(client, espace, SimpleUploadedFile(nom, contenu, type_annonce))
    assert response.status_code in (200, 400)
    assert Suivi.objects.count() == 0
    assert _fichiers_ecrits() == []


@RAPIDE
@given(
    contenu=st.binary(min_size=1, max_size=4096).filter(lambda b: not b.startswith(MAGIQUES)),
    deguisement=st.sampled_from(DEGUISEMENTS),
)
def test_random_bytes_dressed_as_an_attachment_are_always_refused(
    client, espace, contenu, deguisement
):
    nom, type_annonce = deguisement
    response = _suivi(client, espace, SimpleUploadedFile(nom, contenu, type_annonce))
    assert response.status_code in (200, 400)
    assert Suivi.objects.count() == 0
    assert _fichiers_ecrits() == []


def test_a_genuine_attachment_is_served_typed_by_content_sandboxed_and_as_attachment(
    client, espace
):
    response = _suivi(client, espace, SimpleUploadedFile("bilan.pdf", PDF, "text/html"))
    assert response.status_code == 302
    suivi = Suivi.objects.get()
    piece = suivi.pieces_jointes.get()
    response = client.get(
        reverse("outils:piece_jointe", kwargs={"pk": espace.pk, "piece_pk": piece.pk})
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
