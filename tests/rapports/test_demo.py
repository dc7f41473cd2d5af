"""The real 2019–2021 dataset (apes_rh/demo/): importing it gives the published figures."""

import datetime as dt

import pytest

from apes_rh.importation import importer_dossier
from apes_rh.rapports.calculs import calculer
from tests.rapports.factories import DEMO

pytestmark = pytest.mark.django_db

# apes_rh/demo/README.md
PUBLIES = {
    "accompagnateurs": 13,
    "organisations_parcours": 27,
    "demi_journees_individuelles": 64,
    "demi_journees_collectives": 74,
    "participants_communautes": 106,
}
PARCOURS = {
    "MEL-2019": (10, 15, 6, 14),
    "CAVM-2020": (13, 8, 2, 6),
    "CAVM-2021": (10, 6, 3, 7),
    "CUD-2021": (4, 4, 4, 8),
}
COMMUNAUTES = {
    "VIRTUELLE-2020": (39, 17),
    "PARTENARIALE-2020": (27, 10),
    "CAVM-COMMUNAUTE-2021": (22, 6),
    "VIRTUELLE-2021": (34, 8),
}
THEMES = {
    "Fonction employeur et obligations légales": (13, 19),
    "Recrutement et intégration": (4, 5),
    "Management et posture de direction": (18, 8),
    "Gouvernance et relation salarié·es / administrateur·trices": (6, 6),
    "Dialogue et parole des salarié·es": (3, 2),
    "Développement des compétences": (6, 6),
    "Conditions de travail et qualité de vie au travail": (10, 4),
    "Égalité femmes-hommes et diversité": (2, 3),
    "Coopération et intelligence collective": (11, 5),
    "Organisation du travail et fiches de poste": (4, 5),
    "Transmission des compétences": (2, 1),
}


@pytest.fixture
def rapport_demo():
    assert importer_dossier(DEMO).ok
    return calculer(dt.date(2019, 1, 1), dt.date(2021, 12, 31))


def test_the_demo_gives_the_published_key_figures(rapport_demo):
    assert rapport_demo["chiffres_cles"] == PUBLIES


def test_the_demo_gives_the_figures_of_each_parcours(rapport_demo):
    assert {
        p["code"]: (
            p["organisations"],
            p["demi_journees_collectives"],
            p["organisations_appui_individuel"],
            p["demi_journees_individuelles"],
        )
        for p in rapport_demo["parcours"]
    } == PARCOURS


def test_the_demo_gives_the_figures_of_each_community(rapport_demo):
    assert {
        c["code"]: (c["participants"], c["demi_journees_collectives"])
        for c in rapport_demo["communautes"]
    } == COMMUNAUTES


def test_the_demo_gives_the_figures_of_each_theme(rapport_demo):
    assert {
        t["thematique"]: (t["seances"], t["demi_journees_individuelles"])
        for t in rapport_demo["thematiques"]
    } == THEMES


def test_the_report_agrees_with_the_standalone_checker_on_other_periods():
    """apes_rh/demo/verifier.py recomputes the figures from the CSV files alone."""
    import importlib.util

    from apes_rh.rapports.calculs import PAR_PARCOURS

    assert importer_dossier(DEMO).ok
    spec = importlib.util.spec_from_file_location("verifier", DEMO / "verifier.py")
    verifier = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(verifier)
    donnees = verifier.load(DEMO)
    for du, au in [
        ("2020-01-01", "2020-12-31"),
        ("2021-06-01", "2022-03-31"),
        ("2018-01-01", "2019-06-30"),
    ]:
        du, au = dt.date.fromisoformat(du), dt.date.fromisoformat(au)
        attendu = verifier.rapport(donnees, du, au)
        obtenu = calculer(du, au)
        assert obtenu["chiffres_cles"] == attendu["chiffres_cles"], (du, au)
        assert {p["code"]: {k: p[k] for k in PAR_PARCOURS} for p in obtenu["parcours"]} == attendu[
            "parcours"
        ]
        assert {
            c["code"]: {
                "participants": c["participants"],
                "demi_journees_collectives": c["demi_journees_collectives"],
            }
            for c in obtenu["communautes"]
        } == {code: c for code, c in attendu["communautes"].items() if any(c.values())}
        assert {
            t["thematique"]: {
                "seances": t["seances"],
                "demi_journees_individuelles": t["demi_journees_individuelles"],
            }
            for t in obtenu["thematiques"]
        } == attendu["thematiques"]
