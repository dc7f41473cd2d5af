"""The team's web import: upload, dry-run report, confirmation, progress."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apes_rh.models import ImportActivite
from parcours.models import Organisation, Participation
from tests.factories import UserFactory
from tests.rapports.factories import DEMO

pytestmark = pytest.mark.django_db


@pytest.fixture
def chargee(client):
    user = UserFactory(email="equipe@apes.example", chargee=True)
    client.force_login(user)
    return user


def _fichiers(*noms, dossier=DEMO):
    return [
        SimpleUploadedFile(nom, (Path(dossier) / nom).read_bytes(), content_type="text/csv")
        for nom in noms
    ]


TOUS = [
    "accompagnateurs.csv",
    "organisations.csv",
    "parcours.csv",
    "inscriptions.csv",
    "communautes.csv",
    "seances.csv",
    "participations.csv",
    "appuis_individuels.csv",
]


def test_upload_then_dry_run_report_then_confirm(client, chargee, settings):
    reponse = client.post(reverse("rapports:imports"), {"fichiers": _fichiers(*TOUS)})

    imp = ImportActivite.objects.get()
    assert reponse.status_code == 302 and reponse["Location"] == reverse(
        "rapports:import", kwargs={"pk": imp.pk}
    )
    assert imp.statut == "pret"  # verified (eager Celery), nothing written yet
    assert Organisation.objects.count() == 0
    page = client.get(reponse["Location"]).content.decode()
    assert "Vérification réussie" in page
    assert "Confirmer l'import" in page
    assert "participations.csv" in page and "753" in page

    client.post(reverse("rapports:import_confirmer", kwargs={"pk": imp.pk}))

    imp.refresh_from_db()
    assert imp.statut == "termine" and imp.confirme_par == chargee
    assert Participation.objects.count() == 753
    assert Organisation.history.filter(history_user=chargee).count() == 44
    assert "Import terminé" in client.get(reponse["Location"]).content.decode()
    # The uploaded spreadsheets (personal data) are not kept once imported.
    assert not (Path(settings.PRIVATE_MEDIA_ROOT) / imp.dossier).exists()


def test_a_second_confirmation_does_nothing(client, chargee):
    client.post(reverse("rapports:imports"), {"fichiers": _fichiers("parcours.csv")})
    imp = ImportActivite.objects.get()
    client.post(reverse("rapports:import_confirmer", kwargs={"pk": imp.pk}))

    reponse = client.post(reverse("rapports:import_confirmer", kwargs={"pk": imp.pk}), follow=True)

    assert "Cet import n&#x27;attend pas de confirmation." in reponse.content.decode()


def test_bad_rows_are_listed_and_nothing_can_be_confirmed(client, chargee):
    contenu = b"code,nom,territoire,debut,fin\nP1,P,MEL,2020-13-01,2020-12-31\n"
    client.post(
        reverse("rapports:imports"),
        {"fichiers": [SimpleUploadedFile("parcours.csv", contenu, content_type="text/csv")]},
    )
    imp = ImportActivite.objects.get()

    page = client.get(reverse("rapports:import", kwargs={"pk": imp.pk})).content.decode()

    assert imp.statut == "refuse"
    assert "parcours.csv:2: date illisible « 2020-13-01 »" in page
    assert "Confirmer" not in page
    reponse = client.post(reverse("rapports:import_confirmer", kwargs={"pk": imp.pk}))
    assert reponse.status_code == 302
    imp.refresh_from_db()
    assert imp.statut == "refuse"


def test_one_xlsx_workbook_can_be_uploaded(client, chargee):
    from openpyxl import Workbook

    classeur = Workbook()
    feuille = classeur.active
    feuille.title = "parcours"
    feuille.append(["code", "nom", "territoire", "debut", "fin"])
    feuille.append(["P1", "Parcours 1", "MEL", "2020-01-01", "31/12/2020"])
    tampon = io.BytesIO()
    classeur.save(tampon)

    client.post(
        reverse("rapports:imports"),
        {"fichiers": [SimpleUploadedFile("activite.xlsx", tampon.getvalue())]},
    )
    imp = ImportActivite.objects.get()
    client.post(reverse("rapports:import_confirmer", kwargs={"pk": imp.pk}))

    imp.refresh_from_db()
    assert imp.statut == "termine"
    assert imp.resultat["fichiers"]["parcours.csv"]["crees"] == 1


@pytest.mark.parametrize(
    "fichier, message",
    [
        (SimpleUploadedFile("budget.csv", b"a,b\n"), "nom de fichier non reconnu"),
        (SimpleUploadedFile("parcours.txt", b"a,b\n"), "seuls les fichiers .csv et .xlsx"),
        (SimpleUploadedFile("classeur.xlsx", b"pas un zip"), "n&#x27;est pas un classeur XLSX"),
    ],
)
def test_unexpected_files_are_refused_with_a_french_message(client, chargee, fichier, message):
    reponse = client.post(reverse("rapports:imports"), {"fichiers": [fichier]})

    assert reponse.status_code == 400
    assert message in reponse.content.decode()
    assert not ImportActivite.objects.exists()


def test_an_empty_form_is_explained(client, chargee):
    reponse = client.post(reverse("rapports:imports"), {})

    assert reponse.status_code == 400
    assert "Ce champ est obligatoire." in reponse.content.decode()


def test_a_verified_import_can_be_abandoned(client, chargee, settings):
    client.post(reverse("rapports:imports"), {"fichiers": _fichiers("parcours.csv")})
    imp = ImportActivite.objects.get()

    client.post(reverse("rapports:import_abandonner", kwargs={"pk": imp.pk}))

    imp.refresh_from_db()
    assert imp.statut == "abandonne"
    assert not (Path(settings.PRIVATE_MEDIA_ROOT) / imp.dossier).exists()


def test_a_running_import_shows_a_progress_bar_polled_by_htmx(client, chargee):
    from django.core.cache import cache

    imp = ImportActivite.objects.create(
        cree_par=chargee, statut="en_cours", tache_envoyee=True, dossier="imports/2024/abc123"
    )
    cache.set(
        f"apes_rh:import:{imp.pk}:imports/2024/abc123:progression",
        {"pourcentage": 42, "etape": "Import : participations.csv"},
    )

    reponse = client.get(reverse("rapports:import", kwargs={"pk": imp.pk}), HTTP_HX_REQUEST="true")

    page = reponse.content.decode()
    assert 'hx-trigger="every 2s"' in page
    assert 'value="42"' in page and "participations.csv" in page
    assert "<html" not in page


def test_when_the_broker_is_down_the_upload_is_kept_and_verified_later(
    client, chargee, monkeypatch
):
    from kombu.exceptions import OperationalError

    from apes_rh import tasks

    def en_panne(*args, **kwargs):
        raise OperationalError("Connection refused")

    monkeypatch.setattr(tasks.verifier_import, "apply_async", en_panne)
    reponse = client.post(
        reverse("rapports:imports"), {"fichiers": _fichiers("parcours.csv")}, follow=True
    )

    assert "momentanément indisponible" in reponse.content.decode()
    imp = ImportActivite.objects.get()
    assert imp.statut == "analyse" and not imp.tache_envoyee

    monkeypatch.undo()
    tasks.relancer_taches()
    imp.refresh_from_db()
    assert imp.statut == "pret"


def test_the_template_workbook_has_one_sheet_per_file(client, chargee):
    from openpyxl import load_workbook

    reponse = client.get(reverse("rapports:import_modele"))

    classeur = load_workbook(io.BytesIO(reponse.content))
    assert classeur.sheetnames == [n.removesuffix(".csv") for n in TOUS]
    assert [c.value for c in classeur["parcours"][1]] == [
        "code",
        "territoire",
        "debut",
        "fin",
        "nom",
    ]


def test_the_import_page_lists_previous_imports_with_a_constant_number_of_queries(
    client, chargee, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def compter():
        with CaptureQueriesContext(connection) as ctx:
            client.get(reverse("rapports:imports"))
        return len(ctx.captured_queries)

    ImportActivite.objects.create(cree_par=chargee, statut="termine", fichiers=["a.csv"])
    petit = compter()
    for _ in range(10):
        ImportActivite.objects.create(
            cree_par=UserFactory(), confirme_par=chargee, statut="termine", fichiers=["a.csv"]
        )
    assert compter() == petit
