"""The 2019–2021 demo dataset multiplied: N copies of every row, under distinct keys.

Used by the query-count tests (at small scale) and to time the import at 100× the volume:
    PYTHONPATH=. python -m tests.rapports.volume 100 /tmp/volume100
"""

import csv
import io
import sys
from pathlib import Path

DEMO = Path(__file__).resolve().parents[2] / "apes_rh" / "demo"


def _lire(nom):
    texte = (DEMO / nom).read_bytes().decode("utf-8-sig")
    delim = ";" if texte.split("\n", 1)[0].count(";") > texte.split("\n", 1)[0].count(",") else ","
    return list(csv.DictReader(io.StringIO(texte, newline=""), delimiter=delim))


def _email(email, k):
    if k == 0:
        return email
    local, domaine = email.split("@")
    return f"{local}+{k}@{domaine}"


def _suffixe(valeur, k):
    return valeur if k == 0 or not valeur else f"{valeur} #{k}"


def _liste(valeur, k, f):
    return "|".join(f(v, k) for v in valeur.split("|") if v)


def copies(k: int) -> dict[str, list[dict]]:
    """Copy number k of every file (k = 0 is the demo itself)."""
    lignes = {}
    lignes["accompagnateurs.csv"] = [
        {**r, "email": _email(r["email"], k)} for r in _lire("accompagnateurs.csv")
    ]
    lignes["organisations.csv"] = [
        {**r, "nom": _suffixe(r["nom"], k), "siret": r["siret"] if k == 0 else ""}
        for r in _lire("organisations.csv")
    ]
    lignes["parcours.csv"] = [{**r, "code": _suffixe(r["code"], k)} for r in _lire("parcours.csv")]
    lignes["inscriptions.csv"] = [
        {
            **r,
            "parcours": _suffixe(r["parcours"], k),
            "organisation": _suffixe(r["organisation"], k),
        }
        for r in _lire("inscriptions.csv")
    ]
    lignes["communautes.csv"] = [
        {**r, "code": _suffixe(r["code"], k)} for r in _lire("communautes.csv")
    ]
    lignes["seances.csv"] = [
        {
            **r,
            "ref": _suffixe(r["ref"], k),
            "parcours": _suffixe(r["parcours"], k),
            "communaute": _suffixe(r["communaute"], k),
            "animateurs": _liste(r["animateurs"], k, _email),
        }
        for r in _lire("seances.csv")
    ]
    lignes["participations.csv"] = [
        {
            **r,
            "seance": _suffixe(r["seance"], k),
            "email": _email(r["email"], k),
            "organisation": _suffixe(r["organisation"], k),
        }
        for r in _lire("participations.csv")
    ]
    lignes["appuis_individuels.csv"] = [
        {
            **r,
            "accompagnateur": _email(r["accompagnateur"], k),
            "organisation": _suffixe(r["organisation"], k),
        }
        for r in _lire("appuis_individuels.csv")
    ]
    return lignes


def ecrire(dossier, facteur: int, limite: int | None = None) -> Path:
    """Writes `facteur` copies of the demo into `dossier` (optionally `limite` rows per file)."""
    dossier = Path(dossier)
    dossier.mkdir(parents=True, exist_ok=True)
    fichiers: dict[str, list[dict]] = {}
    for k in range(facteur):
        for nom, rows in copies(k).items():
            fichiers.setdefault(nom, []).extend(rows[:limite] if limite else rows)
    for nom, rows in fichiers.items():
        with open(dossier / nom, "w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    return dossier


if __name__ == "__main__":
    print(ecrire(sys.argv[2], int(sys.argv[1])))
