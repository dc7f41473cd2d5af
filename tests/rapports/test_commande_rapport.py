"""`manage.py rapport_activite`: formats, perimeters, errors."""

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command

from tests.factories import FinanceurFactory
from tests.rapports.conftest import texte_pdf

pytestmark = pytest.mark.django_db


def _json(*args):
    out = io.StringIO()
    call_command("rapport_activite", *args, stdout=out)
    return json.loads(out.getvalue())


def test_the_json_has_exactly_the_keys_of_the_issue(demo):
    rapport = _json("--du", "2019-01-01", "--au", "2021-12-31")

    # The five keys of DESIGN §5, then the sections the apps add (apes_rh.rapports.sections).
    assert list(rapport) == [
        "periode",
        "chiffres_cles",
        "parcours",
        "communautes",
        "thematiques",
    ] + ["enquetes_suivi"]
    assert rapport["periode"] == {"du": "2019-01-01", "au": "2021-12-31"}
    assert rapport["chiffres_cles"] == {
        "accompagnateurs": 13,
        "organisations_parcours": 27,
        "demi_journees_individuelles": 64,
        "demi_journees_collectives": 74,
        "participants_communautes": 106,
    }
    assert set(rapport["parcours"][0]) == {
        "code",
        "nom",
        "territoire",
        "organisations",
        "demi_journees_collectives",
        "organisations_appui_individuel",
        "demi_journees_individuelles",
    }
    assert set(rapport["communautes"][0]) == {
        "code",
        "nom",
        "participants",
        "demi_journees_collectives",
    }
    assert set(rapport["thematiques"][0]) == {
        "thematique",
        "seances",
        "demi_journees_individuelles",
    }


def test_the_territory_option_filters_the_report(demo):
    rapport = _json("--du", "2019-01-01", "--au", "2021-12-31", "--territoire", "mel")

    assert [p["code"] for p in rapport["parcours"]] == ["MEL-2019"]
    assert rapport["chiffres_cles"]["organisations_parcours"] == 10
    assert rapport["chiffres_cles"]["demi_journees_collectives"] == 15


def test_the_funder_option_applies_the_perimeter_and_hides_small_counts(demo):
    from apes_rh.models import Territoire

    FinanceurFactory(code="CAVM", territoires=[Territoire.objects.get(code="CAVM")])

    rapport = _json("--du", "2019-01-01", "--au", "2021-12-31", "--financeur", "CAVM")

    assert {p["code"] for p in rapport["parcours"]} == {"CAVM-2020", "CAVM-2021"}
    assert rapport["chiffres_cles"]["organisations_parcours"] == 13
    # The territorial community has no territory in the CSV files: region-wide.
    assert rapport["chiffres_cles"]["participants_communautes"] == "< 3"


def test_the_csv_format_lists_every_figure(demo, tmp_path):
    sortie = tmp_path / "rapport.csv"
    call_command(
        "rapport_activite",
        "--du",
        "2019-01-01",
        "--au",
        "2021-12-31",
        "--format",
        "csv",
        "--sortie",
        str(sortie),
        stderr=io.StringIO(),
    )

    lignes = list(csv.reader(io.StringIO(sortie.read_text(encoding="utf-8-sig")), delimiter=";"))
    assert lignes[0] == ["section", "element", "indicateur", "valeur"]
    assert ["chiffres_cles", "", "participants_communautes", "106"] in lignes
    assert ["parcours", "MEL-2019", "organisations_appui_individuel", "6"] in lignes
    assert ["communautes", "VIRTUELLE-2020", "participants", "39"] in lignes


def test_the_pdf_format_writes_the_funders_document(demo, tmp_path):
    sortie = tmp_path / "rapport.pdf"
    call_command(
        "rapport_activite",
        "--du",
        "2019-01-01",
        "--au",
        "2021-12-31",
        "--format",
        "pdf",
        "--sortie",
        str(sortie),
        stderr=io.StringIO(),
    )

    texte = texte_pdf(sortie.read_bytes())
    for chiffre in ("13", "27", "64", "74", "106"):
        assert chiffre in texte


@pytest.mark.parametrize(
    "args, message",
    [
        (["--du", "hier", "--au", "2021-12-31"], "--du : date illisible « hier »"),
        (["--du", "2021-01-01", "--au", "2020-01-01"], "--au précède --du"),
        (
            ["--du", "2021-01-01", "--au", "2021-12-31", "--territoire", "XX"],
            "Territoire inconnu « XX »",
        ),
        (
            ["--du", "2021-01-01", "--au", "2021-12-31", "--financeur", "XX"],
            "Financeur inconnu « XX »",
        ),
        (["--du", "2021-01-01", "--au", "2021-12-31", "--format", "pdf"], "indiquez --sortie"),
    ],
)
def test_bad_options_are_explained_in_french(args, message):
    with pytest.raises(CommandError, match=message):
        call_command("rapport_activite", *args, stdout=io.StringIO())


def test_french_dates_are_accepted():
    rapport = _json("--du", "01/01/2019", "--au", "31/12/2019")
    assert rapport["periode"] == {"du": "2019-01-01", "au": "2019-12-31"}
