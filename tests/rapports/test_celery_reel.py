"""Celery for real (CI: PostgreSQL + Redis): a worker process builds a funder's PDF."""

import time

import pytest
from django.urls import reverse

from apes_rh.models import RapportGenere
from tests.factories import FinanceurFactory, UserFactory
from tests.rapports.conftest import texte_pdf


@pytest.fixture
def dossier_prive_partage(monkeypatch, settings, tmp_path):
    """The worker process (started after this fixture) inherits the environment: it writes
    the report where this test reads it."""
    monkeypatch.setenv("PRIVATE_MEDIA_ROOT", str(tmp_path / "partage"))
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "partage"


@pytest.mark.django_db(transaction=True)
def test_a_worker_builds_the_pdf_end_to_end(dossier_prive_partage, celery_worker_process, client):
    from apes_rh.importation import importer_dossier
    from apes_rh.models import Territoire
    from tests.rapports.factories import DEMO

    assert importer_dossier(DEMO).ok
    financeur = FinanceurFactory(code="MEL", territoires=[Territoire.objects.get(code="MEL")])
    client.force_login(UserFactory(financeur=financeur))

    reponse = client.post(
        reverse("rapports:generer"),
        {"du": "2019-01-01", "au": "2021-12-31"},
        HTTP_HX_REQUEST="true",
    )

    assert reponse.status_code == 200
    assert 'hx-trigger="every 2s"' in reponse.content.decode()  # progress, polled
    rapport = RapportGenere.objects.get()
    deadline = time.monotonic() + 60
    while rapport.statut not in ("pret", "echec") and time.monotonic() < deadline:
        time.sleep(0.5)
        rapport.refresh_from_db()
    assert rapport.statut == "pret", rapport.erreur
    etat = client.get(
        reverse("rapports:rapport", kwargs={"pk": rapport.pk}), HTTP_HX_REQUEST="true"
    )
    assert "Télécharger le rapport PDF" in etat.content.decode()
    pdf = b"".join(
        client.get(reverse("rapports:telecharger", kwargs={"pk": rapport.pk})).streaming_content
    )
    assert "Parcours territorial MEL 2019" in texte_pdf(pdf)
