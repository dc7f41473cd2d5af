"""`make bench` (= `python -m bench`): the benchmarks of DESIGN.md §6 and issue 9.

Steps: generate the data (1×, 10×, 100×); on a dedicated database (PostgreSQL on loopback, or a
temporary SQLite file when PostgreSQL is unreachable), import 1× and count each main page's SQL
queries; import 100× (timed), count again and time each page against a bare page rendering the
base layout; time the funder PDF; run the load test against gunicorn. Writes bench/results.json
(the issue's shape) and bench/RESULTS.md (readable summary), then drops its databases.

    python -m bench [--rapide] [--duree-charge 60] [--requetes-charge 20000] [--garder-base]
"""

import argparse
import datetime
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

from . import generer
from .base import BASE_DIR, Base, manage

ICI = Path(__file__).resolve().parent
BUDGET_IMPORT_S = 60.0
PERIODE = ("2019-01-01", "2021-12-31")
PERIODE_TOTALE = ("2018-01-01", "2022-12-31")  # every date of the generated data
# Key figures of the 2019–2021 programme (DESIGN.md §5); N× data gives exactly N times these.
CHIFFRES_1X = {
    "accompagnateurs": 13,
    "organisations_parcours": 27,
    "demi_journees_individuelles": 64,
    "demi_journees_collectives": 74,
    "participants_communautes": 106,
}


class Journal:
    def __init__(self):
        self.debut = time.monotonic()
        self.notes: list[str] = []

    def etape(self, texte: str) -> None:
        print(f"[{time.monotonic() - self.debut:6.1f} s] {texte}", flush=True)

    def note(self, texte: str) -> None:
        self.notes.append(texte)
        print(f"         ↳ {texte}", flush=True)


def _setup_django(url: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ["BENCH_DATABASE_URL"] = url
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()


def _importeur_disponible() -> tuple[bool, str]:
    from django.core.management import get_commands

    try:
        from apes_rh.importation import importer_dossier  # noqa: F401
    except ImportError:
        return False, "apes_rh.importation.importer_dossier absent"
    if "importer_activite" not in get_commands():
        return False, "commande importer_activite absente"
    return True, ""


def _importer(url: str, dossier: Path, journal: Journal) -> float | None:
    debut = time.perf_counter()
    result = manage(url, "importer_activite", str(dossier), timeout=900)
    duree = time.perf_counter() - debut
    if result.returncode:
        sortie = (result.stdout + result.stderr).strip().splitlines()
        journal.note(
            f"import de {dossier.name} en échec (code {result.returncode}) : "
            + " | ".join(sortie[-8:])
        )
        return None
    return duree


def _analyser() -> None:
    """ANALYZE after a bulk load, as an operator would (PostgreSQL plans need statistics)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _verifier_chiffres(url: str, facteur: int, journal: Journal) -> float | None:
    """The report's key figures at N× must be exactly N times the programme's."""
    import json

    from django.core.management import get_commands

    if "rapport_activite" not in get_commands():
        journal.note("rapport_activite absent : chiffres clés non vérifiés")
        return None
    debut = time.perf_counter()
    result = manage(
        url, "rapport_activite", "--du", PERIODE[0], "--au", PERIODE[1], "--format", "json"
    )
    duree = time.perf_counter() - debut
    if result.returncode:
        journal.note(f"rapport_activite {facteur}× en échec : {result.stderr.strip()[-300:]}")
        return None
    try:
        chiffres = json.loads(result.stdout)["chiffres_cles"]
    except (ValueError, KeyError) as exc:
        journal.note(f"rapport_activite {facteur}× : JSON illisible ({exc})")
        return None
    attendus = {k: v * facteur for k, v in CHIFFRES_1X.items()}
    if chiffres != attendus:
        journal.note(f"chiffres clés {facteur}× FAUX : {chiffres} au lieu de {attendus}")
    else:
        journal.note(f"chiffres clés {facteur}× exacts ({duree:.1f} s) : {chiffres}")
    return duree


def _mesurer_pdf(journal: Journal) -> float | None:
    """Task time of the funder PDF for the whole period (2018–2022, every date of the data),
    for the funder whose perimeter is everything (DREETS): the worst case. Measured by the
    task itself (commence_le → termine_le of the generated report), Celery running eagerly."""
    try:
        from apes_rh.rapports.enums import FormatRapport, StatutRapport
        from apes_rh.rapports.services import rapport_demander
    except ImportError:
        journal.note("rapport PDF absent (apes_rh.rapports.services) : non mesuré")
        return None
    from apes_rh.models import Financeur, User

    financeur = Financeur.objects.get(code="DREETS")
    chargee = User.objects.get(email="chargee@bench.example")
    debut = time.perf_counter()
    rapport, accepte = rapport_demander(
        demande_par=chargee,
        du=datetime.date.fromisoformat(PERIODE_TOTALE[0]),
        au=datetime.date.fromisoformat(PERIODE_TOTALE[1]),
        financeur=financeur,
        format=FormatRapport.PDF,
    )
    appel = time.perf_counter() - debut
    rapport.refresh_from_db()
    if not accepte or rapport.statut != StatutRapport.PRET:
        journal.note(f"rapport PDF non produit : {rapport.statut} {rapport.erreur[:300]}")
        return None
    duree = (rapport.termine_le - rapport.commence_le).total_seconds()
    taille = rapport.fichier.size if rapport.fichier else 0
    journal.note(
        f"PDF {financeur.code} {PERIODE_TOTALE[0]}..{PERIODE_TOTALE[1]} : tâche {duree:.2f} s "
        f"(appel complet {appel:.2f} s), {taille // 1024} Ko"
    )
    return duree


def _git_commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=BASE_DIR,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "?"


def _charge_machine() -> str:
    """Load average: other processes on the machine skew the times (not the query counts)."""
    try:
        return " / ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "?"


def _machine() -> str:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cœurs, {cpu}, Python {platform.python_version()}"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--rapide", action="store_true", help="moins de mesures (essai)")
    parser.add_argument("--duree-charge", type=float, default=60.0)
    parser.add_argument("--requetes-charge", type=int, default=20_000)
    parser.add_argument("--utilisateurs", type=int, default=50)
    parser.add_argument(
        "--pause",
        type=float,
        nargs=2,
        default=(1.0, 5.0),
        metavar=("MIN", "MAX"),
        help="pause (s) d'une personne simulée entre deux pages (défaut 1 5, comme le "
        "between(1, 5) courant de locust)",
    )
    parser.add_argument("--sans-charge", action="store_true")
    parser.add_argument(
        "--sans-donnees",
        action="store_true",
        help="mesurer les pages même sans import (essai du banc, chiffres sans valeur)",
    )
    parser.add_argument("--garder-base", action="store_true", help="ne pas supprimer les bases")
    parser.add_argument("--facteur", type=int, default=100, help="taille du grand jeu (100)")
    args = parser.parse_args(argv)
    n_mesures = 8 if args.rapide else 25

    journal = Journal()
    journal.etape("Données : génération 1×, 10×, 100×")
    facteurs = sorted({1, 10, args.facteur})
    for f in facteurs:
        comptes = generer.generer(f, generer.dossier(f))
        journal.note(f"{f}× : " + ", ".join(f"{k[:-4]} {v}" for k, v in comptes.items()))

    base = Base.choisir()
    journal.etape(f"Base : {base.detail}")
    if base.moteur != "postgresql":
        journal.note(f"repli sur SQLite : {base.detail}")
    url = base.url()
    _setup_django(url)

    from django.db import connections

    from . import charge, comptes, pages
    from .rapport import ecrire

    resultats = {
        "pages": [],
        "import_seconds_100x": None,
        "pdf_seconds_100x": None,
        "load": None,
    }
    contexte = {
        "base": base.detail,
        "moteur": base.moteur,
        "commit": _git_commit(),
        "machine": _machine(),
        "facteur": args.facteur,
        "mesures_par_page": n_mesures,
        "charge_machine": f"{_charge_machine()} (début)",
    }
    try:
        journal.etape("Base modèle : migrations")
        base.preparer_modele()
        importeur, pourquoi = _importeur_disponible()
        mesurer = importeur or args.sans_donnees
        if args.sans_donnees and not importeur:
            journal.note("--sans-donnees : pages mesurées sans données, chiffres sans valeur")
        elif not importeur:
            journal.note(
                f"IMPORT INDISPONIBLE ({pourquoi}) : les pages ne sont pas mesurées sur des "
                "données ; attendre que l'import (issue 8) soit fusionné dans main"
            )

        existants = pages._noms_url()
        lignes = {}
        # --- 1× -------------------------------------------------------------------------
        journal.etape("1× : import et nombre de requêtes par page")
        connections.close_all()
        base.reinitialiser()
        comptes.charger_referentiels()
        if importeur:
            duree = _importer(url, generer.dossier(1), journal)
            if duree is not None:
                journal.note(f"import 1× : {duree:.1f} s")
        _analyser()
        monde = comptes.preparer_monde()
        if importeur:
            _verifier_chiffres(url, 1, journal)
        for page in pages.PAGES:
            chemin = pages.resoudre(page, monde, existants)
            ligne = {
                "name": page.nom,
                "url": chemin,
                "queries_1x": None,
                "queries_100x": None,
                "median_ms_100x": None,
                "ratio_to_bare": None,
                # Moved to the summary's context before writing (see "croissance" below).
                "median_ms_1x": None,
                "growth_1x_to_100x": None,
            }
            lignes[page.nom] = ligne
            if chemin is None or not mesurer:
                continue
            try:
                client = pages.client_pour(monde, page.role)
                ligne["queries_1x"] = pages.compter_requetes(client, chemin)
                ligne["median_ms_1x"] = pages.mediane_ms(client, chemin, n_mesures)
            except pages.PageEnErreur as exc:
                journal.note(f"{page.nom} ({page.role}) à 1× : {exc}")

        # --- 100× -----------------------------------------------------------------------
        journal.etape(f"{args.facteur}× : import chronométré")
        connections.close_all()
        base.reinitialiser()
        comptes.charger_referentiels()
        if importeur:
            duree = _importer(url, generer.dossier(args.facteur), journal)
            if duree is not None:
                resultats["import_seconds_100x"] = round(duree, 2)
                journal.note(
                    f"import {args.facteur}× : {duree:.1f} s (budget {BUDGET_IMPORT_S:.0f} s)"
                )
        _analyser()
        monde = comptes.preparer_monde()
        if importeur:
            _verifier_chiffres(url, args.facteur, journal)

        journal.etape(f"{args.facteur}× : requêtes et temps médian de chaque page")
        nues = {}
        if mesurer:
            for page in pages.PAGES:
                ligne = lignes[page.nom]
                if ligne["url"] is None:
                    continue
                client = pages.client_pour(monde, page.role)
                try:
                    ligne["queries_100x"] = pages.compter_requetes(client, ligne["url"])
                    ligne["median_ms_100x"] = pages.mediane_ms(client, ligne["url"], n_mesures)
                except pages.PageEnErreur as exc:
                    journal.note(f"{page.nom} ({page.role}) à {args.facteur}× : {exc}")
                    continue
                if page.role not in nues:
                    nue = pages.reverse(pages.PAGE_NUE)
                    nues[page.role] = pages.mediane_ms(
                        pages.client_pour(monde, page.role), nue, n_mesures * 2
                    )
                ligne["ratio_to_bare"] = round(ligne["median_ms_100x"] / nues[page.role], 2)
                if ligne["median_ms_1x"]:
                    ligne["growth_1x_to_100x"] = round(
                        ligne["median_ms_100x"] / ligne["median_ms_1x"], 2
                    )
        resultats["pages"] = list(lignes.values())
        contexte["pages_nues_ms"] = nues
        # Beyond the JSON shape, for the readable summary: does time grow with the data?
        contexte["croissance"] = {
            nom: (ligne.pop("median_ms_1x"), ligne.pop("growth_1x_to_100x"))
            for nom, ligne in lignes.items()
        }
        contexte["roles"] = {p.nom: p.role for p in pages.PAGES}

        journal.etape(f"{args.facteur}× : rapport PDF du financeur, toute la période")
        duree = _mesurer_pdf(journal)
        if duree is not None:
            resultats["pdf_seconds_100x"] = round(duree, 2)

        if not args.sans_charge:
            journal.etape(
                f"Charge : gunicorn + {args.utilisateurs} personnes, {args.duree_charge:.0f} s"
            )
            resultats["load"], contexte["charge"] = _charge(
                base, url, monde, args, journal, charge, comptes, pages, existants
            )
    finally:
        connections.close_all()
        if args.garder_base:
            journal.note(f"bases conservées : {base.url()}")
        else:
            base.nettoyer()

    contexte["duree_totale_s"] = round(time.monotonic() - journal.debut, 1)
    contexte["charge_machine"] = f"{contexte['charge_machine']} → {_charge_machine()} (fin)"
    ecrire(resultats, contexte, journal.notes, ICI)
    journal.etape(f"Écrit : {ICI / 'results.json'} et {ICI / 'RESULTS.md'}")
    return 0


def _charge(base, url, monde, args, journal, charge, comptes, pages, existants):
    from django.db import connections

    foule = dict(comptes.FOULE)
    total = sum(foule.values())
    if args.utilisateurs != total:  # scale the mix to the requested number of people
        foule = {r: max(1, round(n * args.utilisateurs / total)) for r, n in foule.items()}
        foule["anonyme"] += args.utilisateurs - sum(foule.values())
    gens = comptes.preparer_foule(monde, foule)
    personnes = [charge.Personne(role=r, email=e, totp=t) for r, e, t in gens]
    scenario, verifications = _scenario(monde, pages, existants)
    journal.note(
        "parcours mélangés : "
        + "; ".join(f"{role} {len(chemins)} pages" for role, chemins in scenario.pages.items())
    )
    connections.close_all()
    serveur = charge.Gunicorn(url, ICI / "data" / "gunicorn.log")
    with serveur:
        mesure = charge.lancer(
            serveur.port,
            personnes,
            scenario,
            comptes.MOT_DE_PASSE,
            duree=args.duree_charge,
            maximum=args.requetes_charge,
            pause=tuple(args.pause),
        )
    detail = mesure.pop("_detail")
    acquittees = detail.pop("ecritures")
    bilans = []
    for nom, verifier in verifications.items():
        cles = acquittees.get(nom, [])
        trouvees = verifier(cles)
        bilans.append(f"{nom} : {len(cles)} acquittées par le serveur, {trouvees} en base")
        if trouvees != len(cles):
            mesure["errors"] += len(cles) - trouvees
            journal.note(f"PERTE : {len(cles) - trouvees} {nom} acquittées absentes de la base")
    detail["ecritures"] = " ; ".join(bilans) or "aucune"
    detail["serveur"] = serveur.description
    journal.note(
        f"{mesure['requests']} requêtes, {mesure['errors']} erreurs, p50 {mesure['p50_ms']} ms, "
        f"p95 {mesure['p95_ms']} ms, {mesure['rps']} req/s ; {detail['ecritures']}"
    )
    for e in detail["erreurs"][:5]:
        journal.note(f"erreur : {e}")
    connections.close_all()
    return mesure, detail


def _scenario(monde, pages, existants):
    """Pages of each role's journeys that exist in the merged code."""
    from django.urls import reverse

    parcours = {role: [] for role in ("anonyme", *monde.users)}
    for page in pages.PAGES:
        chemin = pages.resoudre(page, monde, existants)
        if chemin is None:
            continue
        for role in (page.role, *page.aussi):
            if role in parcours:
                parcours[role].append(chemin)
    parcours["anonyme"] += [reverse("accueil"), reverse("account_login")]
    for role, user in monde.users.items():
        if user is not None:
            parcours[role].append(reverse("mes_donnees"))
    for role in parcours:
        parcours[role] = sorted(set(parcours[role]))
    from .charge import Ecriture, Scenario

    ecritures, verifications = {}, {}
    if "equipe_inviter" in existants:
        ecritures["chargee"] = Ecriture(
            "invitations",
            reverse("equipe_inviter"),
            lambda cle: {
                "email": f"invite.{cle}@charge.example",
                "first_name": "Invitée",
                "last_name": cle,
            },
        )
        verifications["invitations"] = lambda cles: _compter(
            "apes_rh.User", "email__in", [f"invite.{c}@charge.example" for c in cles]
        )
    if "accompagnateurs:demi_journee_nouvelle" in existants:
        hier = (datetime.date.today() - datetime.timedelta(days=1)).isoformat()
        organisation = monde.organisation.pk
        ecritures["accompagnateur"] = Ecriture(
            "demi-journées",
            reverse("accompagnateurs:demi_journee_nouvelle"),
            lambda cle: {
                "date": hier,
                "organisation": organisation,
                "demi_journees": 1,
                "nature": "individuel",
                "notes": f"charge {cle}",
                "brouillon": "1",
            },
        )
        verifications["demi-journées"] = lambda cles: _compter(
            "accompagnateurs.DemiJournee", "notes__in", [f"charge {c}" for c in cles]
        )
    return Scenario(pages=parcours, ecritures=ecritures), verifications


def _compter(modele: str, filtre: str, valeurs: list) -> int:
    from django.apps import apps

    return apps.get_model(modele).objects.filter(**{filtre: valeurs}).count()


if __name__ == "__main__":
    sys.exit(main())
