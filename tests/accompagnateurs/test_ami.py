import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from accompagnateurs.enums import StatutCandidature
from accompagnateurs.models import Accompagnateur, Candidature
from apes_rh.models import Invitation, User
from tests.accompagnateurs.factories import AppelFactory, CandidatureFactory, SpecialiteFactory
from tests.factories import TerritoireFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"


def _fichier(contenu: bytes, nom: str):
    f = io.BytesIO(contenu)
    f.name = nom
    return f


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def _donnees(**extra):
    specialite = SpecialiteFactory(nom="Généraliste RH")
    territoire = TerritoireFactory(code="MEL")
    data = {
        "prenom": "Léa",
        "nom": "Fontaine",
        "email": "Lea.Fontaine@example.org",
        "telephone": "0600000000",
        "structure": "Fontaine Conseil",
        "specialites": [specialite.pk],
        "territoires": [territoire.pk],
        "experience_ess": "Huit ans auprès de SIAE.",
        "references": "Centres sociaux du Nord.",
        "consentement": "on",
        "site_web": "",
        "cv_fichier": _fichier(PDF, "mon cv.pdf"),
    }
    data.update(extra)
    return data


def test_an_application_is_stored_privately_and_acknowledged(
    client, django_capture_on_commit_callbacks
):
    appel = AppelFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accompagnateurs:appel", args=[appel.pk]), _donnees())
    assert response.status_code == 302
    assert response["Location"] == reverse("accompagnateurs:candidature_merci")
    cand = Candidature.objects.get()
    assert cand.email == "lea.fontaine@example.org"
    assert cand.statut == StatutCandidature.RECUE
    assert cand.specialites.count() == 1 and cand.territoires.count() == 1
    chemin = Path(cand.cv.path)
    assert chemin.read_bytes() == PDF
    assert Path(settings.PRIVATE_MEDIA_ROOT) in chemin.parents
    assert Path(settings.MEDIA_ROOT) not in chemin.parents
    assert cand.cv_nom == "mon cv.pdf"
    with pytest.raises(NotImplementedError):
        cand.cv.url  # noqa: B018 - a private file has no public URL
    destinataires = sorted(m.to[0] for m in mail.outbox)
    assert destinataires == sorted(["lea.fontaine@example.org", settings.EQUIPE_EMAIL])
    accuse = next(m for m in mail.outbox if m.to == ["lea.fontaine@example.org"])
    assert "bien reçu" in accuse.body


@pytest.mark.parametrize(
    "contenu,nom,message",
    [
        (b"just text", "cv.pdf", "ne correspond pas à son extension"),
        (b"MZ\x90\x00 executable", "cv.docx", "ne correspond pas à son extension"),
        (b"PK\x03\x04 broken zip", "cv.docx", "ne correspond pas à son extension"),
        (PDF, "cv.docx", "ne correspond pas à son extension « docx »"),
        (b"", "cv.pdf", "vide"),
    ],
)
def test_a_cv_is_checked_by_its_content(client, contenu, nom, message):
    appel = AppelFactory()
    response = client.post(
        reverse("accompagnateurs:appel", args=[appel.pk]),
        _donnees(cv_fichier=_fichier(contenu, nom)),
    )
    assert response.status_code == 200
    assert message in str(response.context["form"].errors["cv_fichier"])
    assert not Candidature.objects.exists()
    assert mail.outbox == []


def test_docx_and_doc_cvs_are_accepted(client):
    appel = AppelFactory()
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100
    for i, (contenu, nom) in enumerate([(_docx(), "cv.docx"), (ole, "cv.doc")]):
        data = _donnees(email=f"p{i}@example.org", cv_fichier=_fichier(contenu, nom))
        assert (
            client.post(reverse("accompagnateurs:appel", args=[appel.pk]), data).status_code == 302
        )
    assert Candidature.objects.count() == 2


def test_a_too_large_cv_is_refused(client, monkeypatch):
    from accompagnateurs import fichiers
    from apes_rh.fichiers import Politique

    monkeypatch.setattr(fichiers, "verifier_cv", Politique(fichiers.CV.extensions, 10).verifier)
    appel = AppelFactory()
    response = client.post(reverse("accompagnateurs:appel", args=[appel.pk]), _donnees())
    assert "trop volumineux" in str(response.context["form"].errors["cv_fichier"])


def test_the_honeypot_pretends_success_and_stores_nothing(client):
    appel = AppelFactory()
    response = client.post(
        reverse("accompagnateurs:appel", args=[appel.pk]), _donnees(site_web="http://spam")
    )
    assert response.status_code == 302
    assert not Candidature.objects.exists()
    assert mail.outbox == []


def test_the_public_form_is_rate_limited(client):
    appel = AppelFactory()
    url = reverse("accompagnateurs:appel", args=[appel.pk])
    for i in range(5):
        assert client.post(url, _donnees(email=f"x{i}@example.org")).status_code == 302
    response = client.post(url, _donnees(email="x9@example.org"))
    assert response.status_code == 429
    assert Candidature.objects.count() == 5


def test_a_second_application_with_the_same_email_is_refused(client):
    appel = AppelFactory()
    CandidatureFactory(appel=appel, email="lea.fontaine@example.org")
    response = client.post(reverse("accompagnateurs:appel", args=[appel.pk]), _donnees())
    assert "déjà été reçue" in str(response.context["form"].errors["email"])


def test_a_closed_call_shows_no_form_and_accepts_nothing(client):
    appel = AppelFactory(clos=True)
    url = reverse("accompagnateurs:appel", args=[appel.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert "n'accepte pas de candidatures" in response.content.decode()
    client.post(url, _donnees())
    assert not Candidature.objects.exists()


def test_review_without_decision_sends_nothing(client_equipe):
    cand = CandidatureFactory()
    response = client_equipe.post(
        reverse("accompagnateurs:candidature", args=[cand.pk]),
        {"statut": StatutCandidature.EN_ETUDE, "notes_internes": "Appeler ses références."},
    )
    assert response.status_code == 302
    cand.refresh_from_db()
    assert cand.statut == StatutCandidature.EN_ETUDE
    assert cand.notes_internes == "Appeler ses références."
    assert mail.outbox == []


def test_accepting_creates_the_account_by_invitation_and_the_profile(
    client_equipe, equipe, django_capture_on_commit_callbacks
):
    specialite = SpecialiteFactory(nom="ESS")
    cand = CandidatureFactory(email="nouvelle@example.org", prenom="Inès", nom="Nouvelle")
    cand.specialites.set([specialite])
    with django_capture_on_commit_callbacks(execute=True):
        response = client_equipe.post(
            reverse("accompagnateurs:candidature", args=[cand.pk]),
            {"statut": StatutCandidature.RETENUE, "notes_internes": ""},
        )
    assert response.status_code == 302
    user = User.objects.get(email="nouvelle@example.org")
    assert not user.has_usable_password()
    profil = Accompagnateur.objects.get(user=user)
    assert list(profil.specialites.all()) == [specialite]
    assert profil.dans_le_pool_aujourdhui
    assert Invitation.objects.filter(personne=user, invitee_par=equipe).exists()
    cand.refresh_from_db()
    assert cand.accompagnateur == profil and cand.decidee_par == equipe
    sujets = [m.subject for m in mail.outbox if m.to == ["nouvelle@example.org"]]
    assert len(sujets) == 2  # the decision and the set-your-password invitation
    assert any("retenue" in s for s in sujets)


def test_declining_sends_the_decision_and_locks_the_status(
    client_equipe, django_capture_on_commit_callbacks
):
    cand = CandidatureFactory()
    url = reverse("accompagnateurs:candidature", args=[cand.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client_equipe.post(url, {"statut": StatutCandidature.NON_RETENUE, "notes_internes": ""})
    assert len(mail.outbox) == 1
    assert "Réponse à votre candidature" in mail.outbox[0].subject
    response = client_equipe.post(url, {"statut": StatutCandidature.RETENUE, "notes_internes": ""})
    assert response.status_code == 200
    assert "ne peut plus changer" in str(response.context["form"].errors["statut"])
    cand.refresh_from_db()
    assert cand.statut == StatutCandidature.NON_RETENUE
    assert not User.objects.filter(email=cand.email).exists()


def test_the_team_downloads_the_cv_as_an_attachment(client_equipe):
    appel = AppelFactory()
    from django.core.files.base import ContentFile

    cand = CandidatureFactory(appel=appel, nom="Durand")
    cand.cv.save("cv.pdf", ContentFile(PDF))
    response = client_equipe.get(reverse("accompagnateurs:candidature_cv", args=[cand.pk]))
    assert response.status_code == 200
    assert response.content == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")


def test_the_cv_is_not_downloadable_by_a_coach(client):
    from tests.accompagnateurs.factories import AccompagnateurFactory

    cand = CandidatureFactory()
    client.force_login(AccompagnateurFactory().user)
    assert client.get(reverse("accompagnateurs:candidature_cv", args=[cand.pk])).status_code == 403


def test_team_opens_a_call_with_a_closing_date(client_equipe):
    response = client_equipe.post(
        reverse("accompagnateurs:appel_nouveau"),
        {
            "titre": "AMI 2023",
            "description": "Rejoignez-nous",
            "ouverture": "2023-01-10",
            "cloture": "2023-01-01",
        },
    )
    assert response.status_code == 200
    assert "clôture précède" in str(response.context["form"].errors)
    response = client_equipe.post(
        reverse("accompagnateurs:appel_nouveau"),
        {
            "titre": "AMI 2023",
            "description": "Rejoignez-nous",
            "ouverture": "2023-01-01",
            "cloture": "2023-02-01",
        },
    )
    assert response.status_code == 302


def test_an_applicant_is_erased_on_request_and_the_count_stays(client_equipe):
    from django.core.files.base import ContentFile

    cand = CandidatureFactory(nom="Durand", email="durand@example.org")
    cand.cv.save("cv.pdf", ContentFile(PDF))
    chemin = Path(cand.cv.path)
    response = client_equipe.post(reverse("accompagnateurs:candidature_anonymiser", args=[cand.pk]))
    assert response.status_code == 302
    cand.refresh_from_db()
    assert cand.nom == "anonymisée" and "durand" not in cand.email
    assert not chemin.exists()
    assert cand.history.count() == 0
    assert Candidature.objects.filter(appel=cand.appel).count() == 1
    page = client_equipe.get(reverse("accompagnateurs:candidature", args=[cand.pk]))
    assert "Durand" not in page.content.decode()
