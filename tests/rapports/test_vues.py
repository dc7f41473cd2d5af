"""Dashboards, lists, exports and generated reports on the web."""

import csv
import io
import json
import time

import pytest
from django.urls import reverse

from apes_rh.models import RapportGenere
from tests.factories import FinanceurFactory, OrganisationFactory, TerritoireFactory, UserFactory
from tests.rapports.conftest import texte_pdf
from tests.rapports.factories import (
    CommunauteFactory,
    DemiJourneeFactory,
    InscriptionFactory,
    ParcoursFactory,
    ParticipationFactory,
    SeanceFactory,
)

pytestmark = pytest.mark.django_db

PERIODE = {"du": "2019-01-01", "au": "2021-12-31"}


@pytest.fixture
def financeur_mel(demo):
    from apes_rh.models import Territoire

    financeur = FinanceurFactory(
        code="MEL",
        nom="Métropole Européenne de Lille",
        territoires=[Territoire.objects.get(code="MEL")],
    )
    return UserFactory(email="contact@mel.example", financeur=financeur)


@pytest.fixture
def chargee(db):
    return UserFactory(email="equipe@apes.example", chargee=True)


def test_the_funder_dashboard_is_limited_to_its_perimeter(client, financeur_mel):
    client.force_login(financeur_mel)

    reponse = client.get(reverse("financeur_tableau"), PERIODE)

    page = reponse.content.decode()
    assert reponse.status_code == 200
    cartes = [(c["cle"], c["valeur"]) for c in reponse.context["cartes"]]
    assert cartes == [
        ("accompagnateurs", 9),
        ("organisations_parcours", 10),
        ("demi_journees_individuelles", 23),
        ("demi_journees_collectives", 15),
        ("participants_communautes", "< 3"),
    ]
    assert "Grdr Hauts-de-France" in page  # a MEL organisation, by name
    assert "Maillage" not in page  # a CAVM organisation
    assert "Parcours territorial Valenciennes" not in page
    assert "&lt; 3" in page
    # No person's name: neither coaches nor participants.
    assert "Roussel" not in page and "adele.courtin" not in page


def test_a_funder_cannot_widen_its_perimeter_through_the_query_string(client, financeur_mel):
    from apes_rh.models import Territoire

    client.force_login(financeur_mel)
    cavm = Territoire.objects.get(code="CAVM")

    reponse = client.get(
        reverse("rapports:liste", kwargs={"cle": "organisations_parcours"}),
        {**PERIODE, "perimetre": f"t{cavm.pk}"},
    )

    noms = [o.nom for o in reponse.context["page"]]
    assert len(noms) == 10 and "Maillage" not in noms


def test_each_key_figure_links_to_the_list_it_counts(client, chargee, demo):
    client.force_login(chargee)
    tableau = client.get(reverse("rapports:tableau"), PERIODE)

    for carte in tableau.context["cartes"]:
        reponse = client.get(carte["url"])
        assert reponse.status_code == 200, carte["cle"]
        page = reponse.context["page"]
        if carte["cle"] == "organisations_parcours":
            assert page.paginator.count == 27
        if carte["cle"] == "accompagnateurs":
            assert page.paginator.count == 13
        if carte["cle"] == "demi_journees_individuelles":
            assert sum(ligne["total"] for ligne in page.paginator.object_list) == 64
        if carte["cle"] == "demi_journees_collectives":
            assert sum(s.demi_journees for s in page.paginator.object_list) == 74


def test_the_team_chooses_any_perimeter_including_a_funders_view(client, chargee, demo):
    from apes_rh.models import Territoire

    client.force_login(chargee)
    cavm = Territoire.objects.get(code="CAVM")
    financeur = FinanceurFactory(code="CAVM", territoires=[cavm])

    territoire = client.get(reverse("rapports:tableau"), {**PERIODE, "perimetre": f"t{cavm.pk}"})
    vue_financeur = client.get(
        reverse("rapports:tableau"), {**PERIODE, "perimetre": f"f{financeur.pk}"}
    )

    assert territoire.context["cartes"][1]["valeur"] == 13
    assert territoire.context["f"].perimetre.masquer is False
    assert vue_financeur.context["f"].perimetre.masquer is True


def test_a_bad_period_is_explained_and_the_page_still_works(client, chargee):
    client.force_login(chargee)

    reponse = client.get(reverse("rapports:tableau"), {"du": "2021-01-01", "au": "2020-01-01"})

    assert reponse.status_code == 200
    assert "La fin de la période précède son début." in reponse.content.decode()


def test_the_csv_export_neutralises_formulas(client, chargee):
    mel = TerritoireFactory(code="MEL")
    parcours = ParcoursFactory(code="=HYPERLINK(1)", nom="+cmd|' /C calc'!A0", territoire=mel)
    InscriptionFactory(parcours=parcours, organisation=OrganisationFactory(territoire=mel))
    client.force_login(chargee)

    reponse = client.get(reverse("rapports:export_csv"), {"du": "2020-01-01", "au": "2020-12-31"})

    contenu = b"".join(reponse.streaming_content).decode("utf-8-sig")
    lignes = list(csv.reader(io.StringIO(contenu), delimiter=";"))
    assert ["parcours", "'=HYPERLINK(1)", "organisations", "1"] in lignes
    assert reponse["Content-Disposition"].startswith("attachment;")


def test_the_xlsx_export_has_one_sheet_per_section_and_neutralises_formulas(client, chargee):
    from openpyxl import load_workbook

    mel = TerritoireFactory(code="MEL")
    ParcoursFactory(code="P1", nom="@SUM(A1)", territoire=mel)
    client.force_login(chargee)

    reponse = client.get(reverse("rapports:export_xlsx"), {"du": "2020-01-01", "au": "2020-12-31"})

    classeur = load_workbook(io.BytesIO(reponse.content))
    assert classeur.sheetnames == ["Chiffres clés", "Parcours", "Communautés", "Thématiques"]
    assert classeur["Parcours"]["B2"].value == "'@SUM(A1)"
    assert classeur["Chiffres clés"]["A4"].value == "Accompagnateurs·trices spécialisé·es"


def test_generating_a_pdf_from_the_funder_dashboard_freezes_it(client, financeur_mel):
    client.force_login(financeur_mel)

    reponse = client.post(reverse("rapports:generer"), PERIODE, HTTP_HX_REQUEST="true")

    assert reponse.status_code == 200
    assert "Le rapport est prêt." in reponse.content.decode()
    rapport = RapportGenere.objects.get()
    assert rapport.financeur == financeur_mel.financeur
    assert rapport.demande_par == financeur_mel
    assert rapport.statut == "pret" and rapport.donnees_au
    assert rapport.donnees["chiffres_cles"]["organisations_parcours"] == 10

    telechargement = client.get(reverse("rapports:telecharger", kwargs={"pk": rapport.pk}))
    pdf = b"".join(telechargement.streaming_content)
    assert telechargement["Content-Type"] == "application/pdf"
    assert "Métropole Européenne de Lille" in texte_pdf(pdf)

    # Frozen: new data does not change the generated report.
    DemiJourneeFactory(
        organisation=OrganisationFactory(territoire=rapport.financeur.territoires.get()),
        date="2020-05-05",
        demi_journees=7,
    )
    encore = client.get(reverse("rapports:telecharger", kwargs={"pk": rapport.pk}))
    assert b"".join(encore.streaming_content) == pdf
    chiffres = json.loads(
        client.get(
            reverse("rapports:telecharger", kwargs={"pk": rapport.pk}), {"format": "json"}
        ).content
    )["chiffres_cles"]
    assert chiffres["demi_journees_individuelles"] == 23


def test_the_progress_fragment_polls_until_the_report_is_ready(client, financeur_mel):
    rapport = RapportGenere.objects.create(
        du="2019-01-01",
        au="2021-12-31",
        financeur=financeur_mel.financeur,
        statut="en_cours",
        progression=35,
        etape="Mise en page du document",
        tache_envoyee=True,
    )
    client.force_login(financeur_mel)

    reponse = client.get(
        reverse("rapports:rapport", kwargs={"pk": rapport.pk}), HTTP_HX_REQUEST="true"
    )

    page = reponse.content.decode()
    assert 'hx-trigger="every 2s"' in page
    assert '<progress id="progression-' in page and 'value="35"' in page
    assert "<html" not in page  # a fragment


def test_when_the_broker_is_down_the_request_is_kept_and_the_user_told(
    client, financeur_mel, monkeypatch
):
    from kombu.exceptions import OperationalError

    from apes_rh import tasks

    def broker_en_panne(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.generer_rapport, "apply_async", broker_en_panne)
    client.force_login(financeur_mel)

    reponse = client.post(reverse("rapports:generer"), PERIODE, HTTP_HX_REQUEST="true")

    assert reponse.status_code == 200
    assert "momentanément indisponible" in reponse.content.decode()
    assert "rien n'est perdu" in reponse.content.decode()
    rapport = RapportGenere.objects.get()
    assert rapport.statut == "en_attente" and not rapport.tache_envoyee

    # Back online: the periodic relaunch produces it.
    monkeypatch.undo()
    tasks.relancer_taches()
    rapport.refresh_from_db()
    assert rapport.statut == "pret"


def test_a_real_unreachable_redis_is_reported_not_a_server_error(client, financeur_mel, settings):
    """The same with a broker URL that nothing listens on (no mock of our code)."""
    from apes_rh.celery import app

    anciens = app.conf.task_always_eager, app.conf.broker_url
    app.conf.task_always_eager = False
    app.conf.broker_url = "redis://127.0.0.1:9/0"
    try:
        client.force_login(financeur_mel)
        debut = time.monotonic()
        reponse = client.post(reverse("rapports:generer"), PERIODE)
        duree = time.monotonic() - debut
    finally:
        app.conf.task_always_eager, app.conf.broker_url = anciens
    assert duree < 5  # the page does not hang while the broker is down
    assert reponse.status_code == 302
    suivi = client.get(reponse["Location"])
    assert "momentanément indisponible" in suivi.content.decode()
    assert RapportGenere.objects.get().statut == "en_attente"


def test_a_funder_never_sees_another_perimeters_report(client, financeur_mel):
    autre = RapportGenere.objects.create(du="2019-01-01", au="2019-12-31", statut="pret")
    client.force_login(financeur_mel)

    assert client.get(reverse("rapports:rapport", kwargs={"pk": autre.pk})).status_code == 404
    assert client.get(reverse("rapports:telecharger", kwargs={"pk": autre.pk})).status_code == 404
    liste = client.get(reverse("rapports:generes"))
    assert list(liste.context["page"]) == []


def test_generated_reports_are_listed_with_who_asked_and_when(client, chargee, financeur_mel):
    RapportGenere.objects.create(
        du="2019-01-01",
        au="2021-12-31",
        financeur=financeur_mel.financeur,
        perimetre="Métropole Européenne de Lille — MEL",
        demande_par=chargee,
    )
    client.force_login(financeur_mel)

    page = client.get(reverse("rapports:generes")).content.decode()

    assert "L&#x27;équipe Apes" in page or "L'équipe Apes" in page
    client.force_login(chargee)
    assert chargee.get_full_name() in client.get(reverse("rapports:generes")).content.decode()


def test_a_failed_report_can_be_relaunched(client, chargee, monkeypatch):
    from apes_rh.rapports import services

    client.force_login(chargee)
    monkeypatch.setattr(services, "produire_fichier", lambda *a: 1 / 0)
    client.post(reverse("rapports:generer"), PERIODE)
    rapport = RapportGenere.objects.get()
    assert rapport.statut == "echec" and "ZeroDivisionError" in rapport.erreur

    monkeypatch.undo()
    client.post(reverse("rapports:relancer", kwargs={"pk": rapport.pk}))
    rapport.refresh_from_db()
    assert rapport.statut == "pret"


def _donnees(n):
    mel = TerritoireFactory(code="MEL")
    communaute = CommunauteFactory(territoire=mel)
    for _ in range(n):
        parcours = ParcoursFactory(territoire=mel)
        org = OrganisationFactory(territoire=mel)
        InscriptionFactory(parcours=parcours, organisation=org)
        DemiJourneeFactory(organisation=org, date="2020-03-03")
        SeanceFactory(parcours=parcours)
        ParticipationFactory(seance=SeanceFactory(communaute=communaute))
    return mel


@pytest.mark.parametrize("vue", ["equipe", "financeur", "liste"])
def test_report_pages_run_a_constant_number_of_queries(client, django_assert_max_num_queries, vue):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    mel = _donnees(2)
    if vue == "equipe":
        user, url = UserFactory(chargee=True), reverse("rapports:tableau")
    elif vue == "financeur":
        user = UserFactory(financeur=FinanceurFactory(code="MEL", territoires=[mel]))
        url = reverse("financeur_tableau")
    else:
        user = UserFactory(chargee=True)
        url = reverse("rapports:liste", kwargs={"cle": "parcours"})
    client.force_login(user)
    params = {"du": "2020-01-01", "au": "2020-12-31"}

    def compter():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url, params).status_code == 200
        return len(ctx.captured_queries)

    petit = compter()
    _donnees(12)
    assert compter() == petit


def test_the_list_of_generated_reports_runs_a_constant_number_of_queries(client, chargee):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(chargee)
    mel = TerritoireFactory(code="MEL")

    def creer(n):
        for _ in range(n):
            RapportGenere.objects.create(
                du="2019-01-01",
                au="2019-12-31",
                demande_par=UserFactory(),
                financeur=FinanceurFactory(territoires=[mel]),
                territoire=mel,
                statut="pret",
            )

    def compter():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("rapports:generes")).status_code == 200
        return len(ctx.captured_queries)

    creer(1)
    petit = compter()
    creer(10)
    assert compter() == petit


def test_a_funder_never_sees_a_list_of_fewer_than_3_people(client):
    mel = TerritoireFactory(code="MEL")
    org = OrganisationFactory(territoire=mel)
    DemiJourneeFactory(organisation=org, date="2020-03-03")
    DemiJourneeFactory(organisation=org, date="2020-03-04")
    client.force_login(UserFactory(financeur=FinanceurFactory(code="MEL", territoires=[mel])))

    reponse = client.get(
        reverse("rapports:liste", kwargs={"cle": "accompagnateurs"}),
        {"du": "2020-01-01", "au": "2020-12-31"},
    )

    page = reponse.content.decode()
    assert "Moins de 3 personnes" in page
    assert "Cabinet" not in page and "2 lignes" not in page
