import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from outils import fichiers
from outils.models import Indicateur, PieceJointe, Suivi
from tests.factories import OrganisationFactory, UserFactory
from tests.outils.factories import ActionFactory, PlanFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def png() -> bytes:
    tampon = io.BytesIO()
    Image.new("RGB", (4, 4), "green").save(tampon, "PNG")
    return tampon.getvalue()


def docx() -> bytes:
    tampon = io.BytesIO()
    with zipfile.ZipFile(tampon, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return tampon.getvalue()


def odt() -> bytes:
    tampon = io.BytesIO()
    with zipfile.ZipFile(tampon, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return tampon.getvalue()


@pytest.fixture
def org():
    return OrganisationFactory()


@pytest.fixture
def pilote(org):
    return UserFactory(pilote_de=org)


def _poster(client, org, fichiers_joints, **donnees):
    data = {
        "date": "2025-03-14",
        "realise": "Entretiens professionnels menés",
        "indicateurs-TOTAL_FORMS": "2",
        "indicateurs-INITIAL_FORMS": "0",
        "indicateurs-MIN_NUM_FORMS": "0",
        "indicateurs-MAX_NUM_FORMS": "20",
        "fichiers": fichiers_joints,
        **donnees,
    }
    return client.post(reverse("outils:suivi_creer", kwargs={"pk": org.pk}), data)


def test_an_entry_with_indicators_and_genuine_attachments_is_saved(client, org, pilote):
    action = ActionFactory(plan=PlanFactory(organisation=org))
    client.force_login(pilote)
    response = _poster(
        client,
        org,
        [
            SimpleUploadedFile("compte-rendu.pdf", PDF),
            SimpleUploadedFile("photo.PNG", png()),
            SimpleUploadedFile("trame.docx", docx()),
            SimpleUploadedFile("notes.odt", odt()),
        ],
        action=action.pk,
        difficultes="Planning serré",
        prochaine_etape="Restituer au CA",
        **{
            "indicateurs-0-libelle": "Entretiens professionnels réalisés",
            "indicateurs-0-valeur": "4",
            "indicateurs-0-cible": "7",
        },
    )
    suivi = Suivi.objects.get()
    assert response["Location"] == reverse(
        "outils:suivi_detail", kwargs={"pk": org.pk, "suivi_pk": suivi.pk}
    )
    assert suivi.action == action and suivi.auteur == pilote
    assert str(Indicateur.objects.get()) == "Entretiens professionnels réalisés : 4 / 7"
    pieces = {p.nom: p for p in PieceJointe.objects.all()}
    assert set(pieces) == {"compte-rendu.pdf", "photo.PNG", "trame.docx", "notes.odt"}
    assert pieces["photo.PNG"].type_mime == "image/png"
    chemin = Path(pieces["compte-rendu.pdf"].fichier.path)
    # Stored privately, under a random name, outside the public media folder.
    assert chemin.read_bytes() == PDF
    assert not chemin.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert "compte-rendu" not in chemin.name


@pytest.mark.parametrize(
    ("nom", "contenu"),
    [
        ("rapport.pdf", b"<html><script>alert(1)</script></html>"),
        ("rapport.pdf", png()),  # an image renamed .pdf
        ("budget.docx", b"MZ\x90\x00" + b"\x00" * 60),  # an executable
        ("budget.docx", odt()),  # an OpenDocument file renamed .docx
        ("photo.jpg", PDF),
        ("dessin.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
        ("script.exe", b"MZ\x90\x00"),
    ],
)
def test_an_attachment_with_a_forged_or_refused_type_is_refused(client, org, pilote, nom, contenu):
    client.force_login(pilote)
    response = _poster(client, org, [SimpleUploadedFile(nom, contenu)])
    assert response.status_code == 200
    texte = response.content.decode()
    assert "ne correspond pas à son extension" in texte or "n&#x27;est pas accepté" in texte
    assert not Suivi.objects.exists() and not PieceJointe.objects.exists()


def test_a_damaged_image_is_refused():
    faux = SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)
    with pytest.raises(Exception, match="illisible"):
        fichiers.verifier(faux)


def test_a_file_over_the_size_limit_is_refused(client, org, pilote, settings):
    settings.OUTILS_PIECE_JOINTE_TAILLE_MAX = 1024
    client.force_login(pilote)
    response = _poster(client, org, [SimpleUploadedFile("gros.pdf", PDF + b"0" * 2048)])
    assert "trop volumineux" in response.content.decode()
    assert not Suivi.objects.exists()


def test_an_indicator_without_a_value_gets_a_french_error(client, org, pilote):
    client.force_login(pilote)
    response = _poster(client, org, [], **{"indicateurs-0-libelle": "Fiches de poste"})
    assert "Donnez la valeur atteinte" in response.content.decode()
    assert not Suivi.objects.exists()


def test_attachments_are_served_only_through_the_permission_checked_view(client, org, pilote):
    client.force_login(pilote)
    _poster(client, org, [SimpleUploadedFile("cr.pdf", PDF)])
    piece = PieceJointe.objects.get()
    url = reverse("outils:piece_jointe", kwargs={"pk": org.pk, "piece_pk": piece.pk})
    response = client.get(url)
    assert response.status_code == 200 and response.content == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    with pytest.raises(NotImplementedError):
        piece.fichier.url  # noqa: B018 — no public URL exists
    autre = OrganisationFactory()
    client.force_login(UserFactory(pilote_de=autre))
    assert client.get(url).status_code == 404
    ailleurs = reverse("outils:piece_jointe", kwargs={"pk": autre.pk, "piece_pk": piece.pk})
    assert client.get(ailleurs).status_code == 404


def test_editing_an_entry_replaces_its_indicators_and_adds_files(client, org, pilote):
    client.force_login(pilote)
    _poster(
        client,
        org,
        [],
        **{"indicateurs-0-libelle": "Entretiens", "indicateurs-0-valeur": "2"},
    )
    suivi = Suivi.objects.get()
    response = client.post(
        reverse("outils:suivi_modifier", kwargs={"pk": org.pk, "suivi_pk": suivi.pk}),
        {
            "date": "2025-03-15",
            "realise": "Entretiens terminés",
            "indicateurs-TOTAL_FORMS": "3",
            "indicateurs-INITIAL_FORMS": "1",
            "indicateurs-MIN_NUM_FORMS": "0",
            "indicateurs-MAX_NUM_FORMS": "20",
            "indicateurs-0-libelle": "Entretiens",
            "indicateurs-0-valeur": "7",
            "indicateurs-0-cible": "7",
            "fichiers": [SimpleUploadedFile("bilan.pdf", PDF)],
        },
    )
    assert response.status_code == 302
    suivi.refresh_from_db()
    assert suivi.realise == "Entretiens terminés"
    assert [str(i) for i in suivi.indicateurs.all()] == ["Entretiens : 7 / 7"]
    assert suivi.pieces_jointes.get().nom == "bilan.pdf"
    historique = client.get(reverse("outils:historique", kwargs={"pk": org.pk})).content.decode()
    assert (
        '<td class="avant">2,00</td>' in historique and '<td class="apres">7,00</td>' in historique
    )


def test_deleting_an_attachment_removes_its_file(
    client, org, pilote, django_capture_on_commit_callbacks
):
    client.force_login(pilote)
    _poster(client, org, [SimpleUploadedFile("cr.pdf", PDF)])
    piece = PieceJointe.objects.get()
    chemin = Path(piece.fichier.path)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("outils:piece_jointe_supprimer", kwargs={"pk": org.pk, "piece_pk": piece.pk})
        )
    assert not PieceJointe.objects.exists() and not chemin.exists()
