import datetime
import io
import re

import pytest
from django.urls import reverse

from accompagnateurs.activite import activite_pool
from accompagnateurs.exports import neutraliser
from apes_rh.pdf import PDF_BASE_URL, LocalFetcher
from parcours.models import Seance
from tests.accompagnateurs.factories import (
    AccompagnateurFactory,
    DemiJourneeFactory,
    MissionFactory,
)
from tests.factories import ThematiqueFactory, UserFactory

pytestmark = pytest.mark.django_db

DU, AU = "2021-01-01", "2021-12-31"


def _seance(ref, date, *animateurs, type="appui_collectif", demi=2, annulee=False):
    s = Seance.objects.create(
        ref=ref, titre=f"Séance {ref}", type=type, date=date, demi_journees=demi, annulee=annulee
    )
    s.animateurs.set([a.user for a in animateurs])
    return s


@pytest.fixture
def pool():
    a = AccompagnateurFactory(user__last_name="Alpha")
    b = AccompagnateurFactory(user__last_name="Bravo")
    theme = ThematiqueFactory(nom="Management et posture de direction")
    m = MissionFactory(accompagnateur=a, thematique=theme)
    DemiJourneeFactory(
        accompagnateur=a,
        organisation=m.organisation,
        mission=m,
        thematique=theme,
        demi_journees=2,
        validee=True,
        date=datetime.date(2021, 3, 1),
    )
    DemiJourneeFactory(
        accompagnateur=a,
        organisation=m.organisation,
        demi_journees=5,
        soumise=True,
        date=datetime.date(2021, 3, 2),
    )  # not validated
    DemiJourneeFactory(
        accompagnateur=b, demi_journees=1, validee=True, date=datetime.date(2020, 3, 2)
    )  # out of the period
    _seance("S1", datetime.date(2021, 5, 1), a, b)
    _seance("S2", datetime.date(2021, 6, 1), b, type="information")  # not collective support
    _seance("S3", datetime.date(2021, 7, 1), b, annulee=True)  # cancelled
    return a, b


def test_pool_activity_counts_validated_records_and_sessions_facilitated(pool):
    a, b = pool
    lignes, totaux = activite_pool(datetime.date(2021, 1, 1), datetime.date(2021, 12, 31))
    par = {lg.accompagnateur.pk: lg for lg in lignes}
    assert (par[a.pk].individuelles, par[a.pk].collectives, par[a.pk].missions) == (2, 2, 1)
    assert (par[b.pk].individuelles, par[b.pk].collectives, par[b.pk].seances) == (0, 2, 1)
    assert par[a.pk].thematiques == [("Management et posture de direction", 2)]
    assert par[a.pk].organisations == 1
    # A session facilitated by two coaches counts once in the pool's total.
    assert (totaux.individuelles, totaux.collectives, totaux.seances) == (2, 2, 1)


def test_the_team_page_has_a_table_and_an_inline_svg_chart_without_style(client, pool):
    client.force_login(UserFactory(chargee=True))
    response = client.get(reverse("accompagnateurs:activite"), {"du": DU, "au": AU})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" in html and 'class="barre-ind"' in html and "<table" in html
    assert "style=" not in html
    assert "<script>" not in html


def test_a_bad_period_gets_a_french_message(client, pool):
    client.force_login(UserFactory(chargee=True))
    response = client.get(reverse("accompagnateurs:activite"), {"du": AU, "au": DU})
    assert response.status_code == 200
    assert "précède son début" in response.content.decode()


@pytest.mark.parametrize("n", [1, 8])
def test_pool_activity_query_count_does_not_grow(client, django_assert_num_queries, n):
    theme = ThematiqueFactory()
    for i in range(n):
        coach = AccompagnateurFactory()
        m = MissionFactory(accompagnateur=coach, thematique=theme)
        DemiJourneeFactory(
            accompagnateur=coach,
            organisation=m.organisation,
            thematique=theme,
            validee=True,
            date=datetime.date(2021, 2, 1),
        )
        _seance(f"S{i}", datetime.date(2021, 4, 1), coach)
    client.force_login(UserFactory(chargee=True))
    with django_assert_num_queries(10):
        client.get(reverse("accompagnateurs:activite"), {"du": DU, "au": AU})


def test_formula_cells_are_neutralised():
    assert neutraliser('=HYPERLINK("x")') == '\'=HYPERLINK("x")'
    assert neutraliser("+33 6") == "'+33 6"
    assert neutraliser("@SUM") == "'@SUM"
    assert neutraliser("normal") == "normal"
    assert neutraliser(3) == 3


def test_csv_export_of_a_coachs_validated_activity(client, pool):
    a, _ = pool
    DemiJourneeFactory(
        accompagnateur=a, validee=True, date=datetime.date(2021, 9, 1), notes="=1+1 malveillant"
    )
    client.force_login(a.user)
    response = client.get(
        reverse("accompagnateurs:activite_export", args=[a.pk]),
        {"du": DU, "au": AU, "format": "csv"},
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    contenu = b"".join(response.streaming_content).decode("utf-8-sig")
    lignes = contenu.strip().splitlines()
    assert lignes[0].startswith("Date;Nature")
    assert "'=1+1 malveillant" in contenu
    assert "2021-03-02" not in contenu  # submitted, not validated
    assert lignes[-1].startswith("Total;;;;5")  # 2 + 2 (session) + 1


def test_xlsx_export_neutralises_formulas(client, pool):
    from openpyxl import load_workbook

    a, _ = pool
    DemiJourneeFactory(
        accompagnateur=a, validee=True, date=datetime.date(2021, 9, 1), notes="=cmd|' /C calc'!A0"
    )
    client.force_login(UserFactory(chargee=True))
    response = client.get(
        reverse("accompagnateurs:activite_export", args=[a.pk]),
        {"du": DU, "au": AU, "format": "xlsx"},
    )
    assert response.status_code == 200
    feuille = load_workbook(io.BytesIO(response.content)).active
    valeurs = [c.value for row in feuille.iter_rows() for c in row if c.value is not None]
    assert "'=cmd|' /C calc'!A0" in valeurs
    assert not any(isinstance(v, str) and v.startswith("=") for v in valeurs)


def test_pdf_export_is_a_pdf(client, pool):
    a, _ = pool
    client.force_login(a.user)
    response = client.get(
        reverse("accompagnateurs:activite_export", args=[a.pk]),
        {"du": DU, "au": AU, "format": "pdf"},
    )
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert re.search(
        r'filename="activite-alpha-20210101-20211231.pdf"', response["Content-Disposition"]
    )


def test_another_coach_cannot_export_my_activity(client, pool):
    a, b = pool
    client.force_login(b.user)
    assert client.get(reverse("accompagnateurs:activite_export", args=[a.pk])).status_code == 404


def test_the_pdf_fetcher_serves_local_files_only():
    fetcher = LocalFetcher()
    for url in [
        "http://169.254.169.254/latest/meta-data/",
        "https://evil.example.com/static/css/apes.css",
        "file:///etc/passwd",
        f"{PDF_BASE_URL}media/../../etc/passwd",
    ]:
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    reponse = fetcher.fetch(f"{PDF_BASE_URL}static/css/apes.css")
    assert b"apes" in reponse.read().lower()
