import shutil
import subprocess

import pytest
from django.urls import reverse

from apes_rh.pdf import PDF_BASE_URL, LocalFetcher, ResourceRefused
from outils import analyse, services
from outils.enums import StatutExport
from outils.models import ExportDossier
from outils.pdf import dossier_document, dossier_pdf
from tests.factories import OrganisationFactory, UserFactory
from tests.outils.factories import DiagnosticFactory

pytestmark = pytest.mark.django_db


def texte_pdf(contenu: bytes, tmp_path) -> str:
    """The PDF's text, with pypdf when installed, else poppler's pdftotext."""
    try:
        import pypdf
    except ImportError:
        pypdf = None
    if pypdf is not None:
        import io

        return "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(contenu)).pages)
    if shutil.which("pdftotext") is None:
        pytest.fail("Lire le PDF demande pypdf (pip) ou pdftotext (paquet poppler-utils).")
    fichier = tmp_path / "dossier.pdf"
    fichier.write_bytes(contenu)
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(fichier), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


@pytest.fixture
def demarche():
    org = OrganisationFactory(nom="Coopérative Les Quatre Saisons")
    pilote = UserFactory(pilote_de=org)
    diag = DiagnosticFactory(
        organisation=org, niveaux=lambda i, c: (i % 4) + 1, titre="Diagnostic 2025"
    )
    services.diagnostic_terminer(diagnostic=diag, auteur=pilote)
    services.action_creer(organisation=org, auteur=pilote, titre="Rédiger les fiches de poste")
    return org, pilote, diag


def test_the_dossier_pdf_holds_the_organisation_name_and_theme_scores(demarche, tmp_path):
    org, _, diag = demarche
    contenu = dossier_pdf(org)
    assert contenu.startswith(b"%PDF-")
    texte = texte_pdf(contenu, tmp_path)
    plat = " ".join(texte.split())
    assert "Coopérative Les Quatre Saisons" in plat
    res = analyse.resultats(diag)
    for theme in res.themes:
        assert f"{theme.score:.1f}".replace(".", ",") in plat
    assert "Fonction employeur et obligations légales" in plat
    assert "Rédiger les fiches de poste" in plat
    assert f"Score global : {res.score_global:.1f}".replace(".", ",") in plat


def test_the_dossier_is_a4_and_declares_french(demarche):
    org, _, _ = demarche
    document = dossier_document(org)
    assert document.metadata.lang == "fr"
    assert document.metadata.title == f"Dossier de la démarche progrès RH — {org.nom}"
    largeur, hauteur = document.pages[0].width, document.pages[0].height
    assert (round(largeur * 25.4 / 96), round(hauteur * 25.4 / 96)) == (210, 297)


def test_the_pdf_fetcher_serves_local_static_files_only():
    fetcher = LocalFetcher()
    police = fetcher.fetch(f"{PDF_BASE_URL}static/fonts/LiberationSans-Regular.ttf")
    assert police.read()[:4] == b"\x00\x01\x00\x00"
    police.close()
    for url in (
        "http://169.254.169.254/latest/meta-data/",
        "https://exemple.org/static/fonts/LiberationSans-Regular.ttf",
        "file:///etc/passwd",
        f"{PDF_BASE_URL}static/../../etc/passwd",
        f"{PDF_BASE_URL}media/secret.pdf",
    ):
        with pytest.raises((ResourceRefused, ValueError)):
            fetcher.fetch(url)


def test_user_text_cannot_make_the_pdf_fetch_anything(demarche, monkeypatch):
    org, pilote, _ = demarche
    services.suivi_creer(
        organisation=org,
        auteur=pilote,
        date=demarche[2].cree_le.date(),
        realise='<img src="http://169.254.169.254/x"> <link rel=stylesheet href="file:///etc/passwd">',
    )
    demandees = []
    original = LocalFetcher.fetch

    def espion(self, url, headers=None):
        demandees.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(LocalFetcher, "fetch", espion)
    dossier_pdf(org)
    assert demandees and all(u.startswith(f"{PDF_BASE_URL}static/fonts/") for u in demandees)


def test_asking_for_the_dossier_builds_it_in_a_task_then_offers_the_download(
    client, demarche, django_capture_on_commit_callbacks
):
    org, pilote, _ = demarche
    client.force_login(pilote)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("outils:export_dossier", kwargs={"pk": org.pk}))
    export = ExportDossier.objects.get()
    assert response["Location"].endswith(f"/export/#export-{export.pk}")
    assert export.statut == StatutExport.PRET and export.demande_par == pilote
    ligne = client.get(
        reverse("outils:export_statut", kwargs={"pk": org.pk, "export_pk": export.pk})
    ).content.decode()
    assert "Télécharger le dossier PDF" in ligne and "hx-trigger" not in ligne
    telechargement = client.get(
        reverse("outils:export_telecharger", kwargs={"pk": org.pk, "export_pk": export.pk})
    )
    assert telechargement["Content-Type"] == "application/pdf"
    assert telechargement.content.startswith(b"%PDF-")
    assert "attachment" in telechargement["Content-Disposition"]


def test_a_pending_export_is_polled_and_cannot_be_downloaded_yet(client, demarche):
    org, pilote, _ = demarche
    export = ExportDossier.objects.create(organisation=org, demande_par=pilote)
    client.force_login(pilote)
    ligne = client.get(
        reverse("outils:export_statut", kwargs={"pk": org.pk, "export_pk": export.pk})
    ).content.decode()
    assert 'hx-trigger="every 2s"' in ligne and "En préparation" in ligne
    response = client.get(
        reverse("outils:export_telecharger", kwargs={"pk": org.pk, "export_pk": export.pk})
    )
    assert response.status_code == 404


def test_a_failed_build_is_shown_as_failed_instead_of_an_error_page(
    client, demarche, monkeypatch, django_capture_on_commit_callbacks
):
    org, pilote, _ = demarche

    def panne(organisation):
        raise OSError("plus de place sur le disque")

    monkeypatch.setattr("outils.pdf.dossier_pdf", panne)
    client.force_login(pilote)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("outils:export_dossier", kwargs={"pk": org.pk}))
    assert response.status_code == 302
    export = ExportDossier.objects.get()
    assert export.statut == StatutExport.ECHEC and "plus de place" in export.erreur
    page = client.get(reverse("outils:export", kwargs={"pk": org.pk})).content.decode()
    assert "La préparation a échoué" in page
