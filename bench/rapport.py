"""bench/results.json (the issue's exact shape) and bench/RESULTS.md (readable summary)."""

import datetime
import json
from pathlib import Path

BUDGET_RATIO = 3.0
BUDGET_IMPORT_S = 60.0
BUDGET_PDF_S = 5.0

CLES_PAGE = ["name", "url", "queries_1x", "queries_100x", "median_ms_100x", "ratio_to_bare"]
CLES_CHARGE = ["users", "requests", "errors", "p50_ms", "p95_ms", "rps"]


def forme(resultats: dict) -> dict:
    """Exactly {"pages": [...], "import_seconds_100x", "pdf_seconds_100x", "load": {...}}."""
    load = resultats.get("load")
    return {
        "pages": [{k: p.get(k) for k in CLES_PAGE} for p in resultats["pages"]],
        "import_seconds_100x": resultats.get("import_seconds_100x"),
        "pdf_seconds_100x": resultats.get("pdf_seconds_100x"),
        "load": {k: load.get(k) for k in CLES_CHARGE} if load else None,
    }


def _ok(condition: bool | None) -> str:
    if condition is None:
        return "—"
    return "✅" if condition else "❌"


def _val(v, suffixe="") -> str:
    return "—" if v is None else f"{v}{suffixe}"


def verdicts(resultats: dict) -> dict[str, bool | None]:
    """Each budget of DESIGN.md §6: True (holds), False (broken) or None (not measured)."""
    mesurees = [p for p in resultats["pages"] if p["queries_100x"] is not None]
    load = resultats.get("load")
    imp = resultats.get("import_seconds_100x")
    pdf = resultats.get("pdf_seconds_100x")
    return {
        "requetes_constantes": all(p["queries_1x"] == p["queries_100x"] for p in mesurees)
        if mesurees
        else None,
        "ratio": all(p["ratio_to_bare"] <= BUDGET_RATIO for p in mesurees if p["ratio_to_bare"])
        if mesurees
        else None,
        "import": None if imp is None else imp <= BUDGET_IMPORT_S,
        "pdf": None if pdf is None else pdf <= BUDGET_PDF_S,
        "charge": None if not load else load["errors"] == 0,
    }


def markdown(resultats: dict, contexte: dict, notes: list[str]) -> str:
    r = forme(resultats)
    v = verdicts(r)
    f = contexte.get("facteur", 100)
    nues = contexte.get("pages_nues_ms", {})
    croissance = contexte.get("croissance", {})
    roles = contexte.get("roles", {})
    date = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    lignes = [
        "# Résultats du banc d'essai (`make bench`)",
        "",
        f"Dernière exécution : {date} · commit `{contexte.get('commit')}` · "
        f"durée totale {contexte.get('duree_totale_s')} s",
        f"Machine : {contexte.get('machine')} · charge moyenne (1/5/15 min) "
        f"{contexte.get('charge_machine')}",
        f"Base : {contexte.get('base')}",
        "",
        "## Budgets (DESIGN.md §6)",
        "",
        "| budget | état |",
        "|---|---|",
        f"| requêtes SQL par page identiques à 1× et {f}× | {_ok(v['requetes_constantes'])} |",
        f"| médiane {f}× ≤ {BUDGET_RATIO:g} × page nue (même rôle, même exécution) "
        f"| {_ok(v['ratio'])} |",
        f"| import {f}× ≤ {BUDGET_IMPORT_S:g} s : {_val(r['import_seconds_100x'], ' s')} "
        f"| {_ok(v['import'])} |",
        f"| PDF financeur, toute la période, {f}× ≤ {BUDGET_PDF_S:g} s : "
        f"{_val(r['pdf_seconds_100x'], ' s')} | {_ok(v['pdf'])} |",
        f"| charge : 0 erreur | {_ok(v['charge'])} |",
        "",
        "— = pas mesuré (fonction pas encore fusionnée, ou étape en échec : voir les notes).",
        "",
        f"## Pages ({f}× = {f} fois le programme 2019–2021)",
        "",
        f"| page | rôle | URL | requêtes 1× | requêtes {f}× | médiane 1× (ms) | médiane {f}× (ms) "
        f"| {f}× / 1× | page nue (ms) | ratio |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for p in r["pages"]:
        role = roles.get(p["name"], "")
        if p["url"] is None:
            lignes.append(f"| {p['name']} | {role} | *absente* | — | — | — | — | — | — | — |")
            continue
        egal = (
            ""
            if p["queries_1x"] is None or p["queries_100x"] is None
            else (" ✅" if p["queries_1x"] == p["queries_100x"] else " ❌")
        )
        ratio = p["ratio_to_bare"]
        lignes.append(
            f"| {p['name']} | {role} | `{p['url']}` | {_val(p['queries_1x'])} "
            f"| {_val(p['queries_100x'])}{egal} | {_val(croissance.get(p['name'], (None,))[0])} "
            f"| {_val(p['median_ms_100x'])} | {_val(croissance.get(p['name'], (None, None))[1])} "
            f"| {_val(nues.get(role))} "
            f"| {_val(ratio)}{'' if ratio is None else (' ✅' if ratio <= BUDGET_RATIO else ' ❌')} |"
        )
    load = r["load"]
    charge = contexte.get("charge", {})
    lignes += ["", "## Charge (gunicorn sur 127.0.0.1)", ""]
    if load:
        lignes += [
            f"- {load['users']} personnes simultanées ({charge.get('connexions')} connectées par "
            f"le vrai formulaire, TOTP compris pour l'équipe, en {charge.get('connexions_s')} s), "
            f"pendant {charge.get('duree_s')} s, pause de {charge.get('pause_s')} s entre deux "
            f"pages ; serveur : {charge.get('serveur')}",
            f"- {load['requests']} requêtes, **{load['errors']} erreur(s)**, "
            f"p50 {load['p50_ms']} ms, p95 {load['p95_ms']} ms, {load['rps']} requêtes/s",
            f"- écritures : {charge.get('ecritures')}",
        ]
        for e in charge.get("erreurs", [])[:10]:
            lignes.append(f"  - erreur : `{e}`")
        par_chemin = charge.get("par_chemin") or {}
        if par_chemin:
            lignes += ["", "| requête | n | p50 (ms) | p95 (ms) |", "|---|---:|---:|---:|"]
            for chemin, m in par_chemin.items():
                lignes.append(f"| `{chemin}` | {m['n']} | {m['p50_ms']} | {m['p95_ms']} |")
    else:
        lignes.append("Non exécutée.")
    lignes += ["", "## Notes de l'exécution", ""]
    lignes += [f"- {n}" for n in notes] or ["- (aucune)"]
    lignes += [
        "",
        "## Lire ces résultats",
        "",
        "- **Requêtes 1× / 100×** : nombre de requêtes SQL d'une page pour la même personne sur "
        "les mêmes objets, la base contenant 1 fois puis 100 fois le programme. Égales : la page "
        "pagine et précharge ; si elles diffèrent, la page fait une requête par ligne (N+1).",
        "- **Médiane 100×** : temps serveur médian (client de test Django dans le processus, après "
        "échauffement), base à 100×. **Ratio** : cette médiane divisée par celle d'une page nue "
        "(`bench/urls.py` : gabarit `layout/base.html` seul, même rôle, mêmes middlewares), "
        "mesurée dans la même exécution — ce qui neutralise la vitesse de la machine. Pour un "
        "visiteur anonyme, la page nue ne lit pas la base (pas de session) et ne coûte "
        "qu'environ 1 ms : le budget y est sévère, et une page publique le tient en se servant "
        "d'un cache.",
        "- **Import 100×** : `manage.py importer_activite` sur les huit CSV à 100× "
        "(`bench/data/100x`, ~90 000 lignes), base vide migrée, processus compris.",
        "- **Charge** : chaque personne simulée se connecte une fois, puis enchaîne les pages "
        "de ses parcours ; une erreur = une réponse autre que celle attendue (200, ou 302 "
        "après une écriture) ou une connexion échouée ; les invitations acquittées sont "
        "recomptées en base (rien de perdu).",
        "- Les données sont générées par `python -m bench.generer` (déterministe) ; "
        "`bench/results.json` garde la forme de l'issue pour comparer les exécutions.",
        "",
    ]
    return "\n".join(lignes)


def ecrire(resultats: dict, contexte: dict, notes: list[str], dossier: Path) -> None:
    (dossier / "results.json").write_text(
        json.dumps(forme(resultats), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    (dossier / "RESULTS.md").write_text(markdown(resultats, contexte, notes), encoding="utf-8")
