"""The benchmark's own code: data generator, page resolution, load client, results shape."""

import csv
import io
import json
from pathlib import Path

import pytest
from django.urls import reverse

from bench import charge, generer, rapport
from bench.pages import PAGES, Page, resoudre
from tests.factories import PASSWORD, UserFactory

DEMO = Path(generer.DEMO_DIR)


def _lire(path: Path) -> list[dict]:
    text = path.read_bytes().decode("utf-8-sig")
    header = text.splitlines()[0]
    delimiter = ";" if header.count(";") > header.count(",") else ","
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter))


@pytest.fixture(scope="module")
def donnees(tmp_path_factory):
    racine = tmp_path_factory.mktemp("bench")
    return {f: (generer.generer(f, racine / f"{f}x"), racine / f"{f}x") for f in (1, 3)}


def test_the_1x_files_are_the_demo_files_byte_for_byte(donnees):
    _, dossier = donnees[1]
    for nom in generer.FICHIERS:
        assert (dossier / nom).read_bytes() == (DEMO / nom).read_bytes(), nom


def test_nx_has_n_times_the_rows_and_keeps_each_file_dialect(donnees):
    comptes_1, _ = donnees[1]
    comptes_3, dossier = donnees[3]
    assert comptes_3 == {nom: 3 * n for nom, n in comptes_1.items()}
    assert (dossier / "appuis_individuels.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert ";" in (dossier / "organisations.csv").read_text(encoding="utf-8").splitlines()[0]


def test_nx_natural_keys_stay_unique_and_sirets_valid(donnees):
    _, dossier = donnees[3]
    emails = [r["email"] for r in _lire(dossier / "accompagnateurs.csv")]
    assert len(set(emails)) == len(emails)
    organisations = _lire(dossier / "organisations.csv")
    noms = [r["nom"] for r in organisations]
    assert len(set(noms)) == len(noms)
    sirets = [r["siret"] for r in organisations if r["siret"]]
    assert len(set(sirets)) == len(sirets)
    assert all(generer.luhn_ok(s) and generer.luhn_ok(s[:9]) for s in sirets)
    refs = [r["ref"] for r in _lire(dossier / "seances.csv")]
    assert len(set(refs)) == len(refs)
    participations = {(r["seance"], r["email"]) for r in _lire(dossier / "participations.csv")}
    assert len(participations) == 3 * len(_lire(DEMO / "participations.csv"))


def test_nx_references_all_point_to_rows_of_the_same_files(donnees):
    _, dossier = donnees[3]
    coachs = {r["email"] for r in _lire(dossier / "accompagnateurs.csv")}
    organisations = {r["nom"] for r in _lire(dossier / "organisations.csv")}
    parcours = {r["code"] for r in _lire(dossier / "parcours.csv")}
    communautes = {r["code"] for r in _lire(dossier / "communautes.csv")}
    seances = _lire(dossier / "seances.csv")
    for r in _lire(dossier / "inscriptions.csv"):
        assert r["parcours"] in parcours and r["organisation"] in organisations
    for r in seances:
        assert not r["parcours"] or r["parcours"] in parcours
        assert not r["communaute"] or r["communaute"] in communautes
        assert all(e in coachs for e in r["animateurs"].split("|") if e)
    refs = {r["ref"] for r in seances}
    for r in _lire(dossier / "participations.csv"):
        assert r["seance"] in refs
        assert not r["organisation"] or r["organisation"] in organisations
    for r in _lire(dossier / "appuis_individuels.csv"):
        assert r["accompagnateur"] in coachs and r["organisation"] in organisations


def test_generation_is_deterministic(tmp_path, donnees):
    _, dossier = donnees[3]
    generer.generer(3, tmp_path)
    for nom in generer.FICHIERS:
        assert (tmp_path / nom).read_bytes() == (dossier / nom).read_bytes(), nom


def test_the_key_figures_of_nx_data_are_n_times_the_programme(donnees):
    """apes_rh/demo/verifier.py recomputes DESIGN §5 from the files: exactly ×3."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("verifier", DEMO / "verifier.py")
    verifier = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(verifier)
    import datetime as dt

    periode = (dt.date(2019, 1, 1), dt.date(2021, 12, 31))
    un = verifier.rapport(verifier.load(donnees[1][1]), *periode)["chiffres_cles"]
    trois = verifier.rapport(verifier.load(donnees[3][1]), *periode)["chiffres_cles"]
    assert un == {
        "accompagnateurs": 13,
        "organisations_parcours": 27,
        "demi_journees_individuelles": 64,
        "demi_journees_collectives": 74,
        "participants_communautes": 106,
    }
    assert trois == {k: 3 * v for k, v in un.items()}
    assert not verifier.ERRORS


# --- Pages --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_page_resolves_to_the_first_url_name_that_exists(monde):
    page = Page("Essai", "chargee", ("parcours:nexiste_pas", "equipe_tableau"))
    assert resoudre(page, monde) == reverse("equipe_tableau")


@pytest.mark.django_db
def test_a_page_without_any_existing_url_is_absent_not_replaced(monde):
    assert resoudre(Page("Essai", "chargee", ("nexiste:pas",)), monde) is None


@pytest.mark.django_db
def test_an_object_page_gets_its_object_argument(monde):
    page = Page("Essai", "chargee", ("equipe_personne",), objet=lambda m: m.users["membre"])
    assert resoudre(page, monde) == reverse(
        "equipe_personne", kwargs={"pk": monde.users["membre"].pk}
    )


def test_every_main_page_has_a_known_role():
    roles = {"anonyme", "membre", "pilote", "accompagnateur", "chargee", "financeur", "partenaire"}
    assert {p.role for p in PAGES} <= roles
    assert len({p.nom for p in PAGES}) == len(PAGES)


# --- Load client --------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_load_client_logs_in_through_the_real_form_with_totp(live_server, settings):
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    settings.ALLOWED_HOSTS = ["*"]
    UserFactory(email="pilote@charge.example")
    chargee = UserFactory(email="chargee@charge.example", chargee=True)
    Authenticator.objects.filter(user=chargee).delete()
    secret = generate_totp_secret()
    TOTP.activate(chargee, secret)
    port = int(live_server.url.rsplit(":", 1)[1])

    nav = charge.Navigateur(port)
    nav.connecter(charge.Personne("pilote", "pilote@charge.example"), PASSWORD)
    status, _, _ = nav.requete("GET", reverse("mes_donnees"))
    nav.fermer()
    assert status == 200

    nav = charge.Navigateur(port)
    nav.connecter(charge.Personne("chargee", "chargee@charge.example", secret), PASSWORD)
    status, _, _ = nav.requete("GET", reverse("equipe_tableau"))
    assert status == 200
    status, location, _ = nav.requete(
        "POST",
        reverse("equipe_inviter"),
        {
            "email": "invitee@charge.example",
            "first_name": "Léa",
            "last_name": "Petit",
            "csrfmiddlewaretoken": nav.cookies["csrftoken"],
        },
    )
    nav.fermer()
    assert status == 302, location


@pytest.mark.django_db(transaction=True)
def test_the_load_client_reports_a_refused_login(live_server):
    port = int(live_server.url.rsplit(":", 1)[1])
    nav = charge.Navigateur(port)
    with pytest.raises(RuntimeError, match="connexion refusée"):
        nav.connecter(charge.Personne("pilote", "personne@charge.example"), "mauvais")
    nav.fermer()


def test_percentiles():
    valeurs = [float(v) for v in range(1, 101)]
    assert charge.percentile(valeurs, 50) == pytest.approx(50.5)
    assert charge.percentile(valeurs, 95) == pytest.approx(95.05)
    assert charge.percentile([], 95) == 0.0


# --- Results ------------------------------------------------------------------------------


def _resultats():
    return {
        "pages": [
            {
                "name": "Tableau",
                "url": "/equipe/",
                "queries_1x": 9,
                "queries_100x": 9,
                "median_ms_100x": 12.0,
                "ratio_to_bare": 2.0,
                "en_trop": True,
            },
            {
                "name": "Agenda",
                "url": None,
                "queries_1x": None,
                "queries_100x": None,
                "median_ms_100x": None,
                "ratio_to_bare": None,
            },
        ],
        "import_seconds_100x": 12.5,
        "pdf_seconds_100x": None,
        "load": {
            "users": 50,
            "requests": 100,
            "errors": 0,
            "p50_ms": 10.0,
            "p95_ms": 50.0,
            "rps": 20.0,
            "_detail": {},
        },
    }


def test_results_json_has_exactly_the_shape_of_the_issue(tmp_path):
    rapport.ecrire(_resultats(), {"facteur": 100}, ["une note"], tmp_path)
    data = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    assert set(data) == {"pages", "import_seconds_100x", "pdf_seconds_100x", "load"}
    assert all(
        set(p) == {"name", "url", "queries_1x", "queries_100x", "median_ms_100x", "ratio_to_bare"}
        for p in data["pages"]
    )
    assert set(data["load"]) == {"users", "requests", "errors", "p50_ms", "p95_ms", "rps"}


def test_the_summary_shows_budgets_and_absent_pages(tmp_path):
    rapport.ecrire(_resultats(), {"facteur": 100}, ["une note"], tmp_path)
    texte = (tmp_path / "RESULTS.md").read_text(encoding="utf-8")
    assert "*absente*" in texte and "une note" in texte
    assert "| import 100× ≤ 60 s : 12.5 s | ✅ |" in texte


def test_verdicts_flag_a_growing_query_count_and_a_slow_page():
    resultats = _resultats()
    resultats["pages"][0]["queries_100x"] = 10
    resultats["pages"][0]["ratio_to_bare"] = 3.5
    v = rapport.verdicts(rapport.forme(resultats))
    assert v["requetes_constantes"] is False and v["ratio"] is False
    assert v["pdf"] is None and v["charge"] is True
