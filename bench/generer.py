"""Benchmark data: the 2019–2021 programme (apes_rh/demo/*.csv) at 1×, 10× and 100×.

N× = N copies of the programme. Copy 1 is the demo dataset unchanged; copy k ≥ 2 gets its own
coaches (e-mail `prenom.nom.c007@…`), organisations (`Nom — 007`, fresh valid SIRET), parcours,
communities, sessions (`CODE-007`) and participants, on the same territories, themes and dates.
Every key figure of DESIGN.md §5 is therefore exactly N times the programme's, which lets the
benchmark check the reports at scale. Deterministic; the file dialects of the demo (separator,
BOM, date format) are kept.

    python -m bench.generer [--facteurs 1 10 100] [--sortie bench/data]
"""

import argparse
import csv
import io
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DEMO_DIR = BASE_DIR / "apes_rh" / "demo"
DATA_DIR = Path(__file__).resolve().parent / "data"

# Load order of DESIGN.md §4.
FICHIERS = [
    "accompagnateurs.csv",
    "organisations.csv",
    "parcours.csv",
    "inscriptions.csv",
    "communautes.csv",
    "seances.csv",
    "participations.csv",
    "appuis_individuels.csv",
]


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch) * (2 if i % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def luhn_complete(payload: str) -> str:
    return next(payload + str(d) for d in range(10) if luhn_ok(payload + str(d)))


class _Fichier:
    def __init__(self, nom: str):
        raw = (DEMO_DIR / nom).read_bytes()
        self.bom = raw.startswith(b"\xef\xbb\xbf")
        text = raw.decode("utf-8-sig")
        header = text.splitlines()[0]
        self.delimiter = ";" if header.count(";") > header.count(",") else ","
        reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=self.delimiter)
        self.colonnes = list(reader.fieldnames)
        self.lignes = list(reader)

    def ecrire(self, path: Path, lignes) -> int:
        out = io.StringIO(newline="")
        writer = csv.DictWriter(
            out, fieldnames=self.colonnes, delimiter=self.delimiter, lineterminator="\n"
        )
        writer.writeheader()
        n = 0
        for ligne in lignes:
            writer.writerow(ligne)
            n += 1
        data = out.getvalue().encode("utf-8")
        path.write_bytes((b"\xef\xbb\xbf" if self.bom else b"") + data)
        return n


class _Copie:
    """Renames the references of one copy of the programme (copy 1 is left unchanged)."""

    def __init__(self, k: int, sirets: "_Sirets"):
        self.k = k
        self.sirets = sirets

    @property
    def suffixe(self) -> str:
        return f"{self.k:03d}"

    def email(self, value: str) -> str:
        if self.k == 1 or not value:
            return value
        local, _, domain = value.partition("@")
        return f"{local}.c{self.suffixe}@{domain}"

    def emails(self, value: str) -> str:
        return "|".join(self.email(v.strip()) for v in value.split("|") if v.strip())

    def organisation(self, value: str) -> str:
        return value if self.k == 1 or not value else f"{value} — {self.suffixe}"

    def code(self, value: str) -> str:
        return value if self.k == 1 or not value else f"{value}-{self.suffixe}"

    def nom(self, value: str) -> str:
        return value if self.k == 1 else f"{value} ({self.suffixe})"

    def siret(self, value: str) -> str:
        return value if self.k == 1 or not value else self.sirets.suivant()


class _Sirets:
    """Fresh valid SIRETs (SIREN and SIRET both pass Luhn), never one of the demo's."""

    def __init__(self, pris: set[str]):
        self.pris = set(pris)
        self.n = 0

    def suivant(self) -> str:
        while True:
            self.n += 1
            siren = luhn_complete(f"9{self.n:07d}")
            siret = luhn_complete(siren + "0001")
            if siret not in self.pris:
                self.pris.add(siret)
                return siret


def _transformer(nom: str, ligne: dict, c: _Copie) -> dict:
    ligne = dict(ligne)
    if nom == "accompagnateurs.csv":
        ligne["email"] = c.email(ligne["email"])
    elif nom == "organisations.csv":
        ligne["nom"] = c.organisation(ligne["nom"])
        ligne["siret"] = c.siret(ligne["siret"])
    elif nom == "parcours.csv" or nom == "communautes.csv":
        ligne["code"] = c.code(ligne["code"])
        ligne["nom"] = c.nom(ligne["nom"])
    elif nom == "inscriptions.csv":
        ligne["parcours"] = c.code(ligne["parcours"])
        ligne["organisation"] = c.organisation(ligne["organisation"])
    elif nom == "seances.csv":
        ligne["ref"] = c.code(ligne["ref"])
        ligne["parcours"] = c.code(ligne["parcours"])
        ligne["communaute"] = c.code(ligne["communaute"])
        ligne["animateurs"] = c.emails(ligne["animateurs"])
    elif nom == "participations.csv":
        ligne["seance"] = c.code(ligne["seance"])
        ligne["email"] = c.email(ligne["email"])
        ligne["organisation"] = c.organisation(ligne["organisation"])
    elif nom == "appuis_individuels.csv":
        ligne["accompagnateur"] = c.email(ligne["accompagnateur"])
        ligne["organisation"] = c.organisation(ligne["organisation"])
    return ligne


def generer(facteur: int, dest: Path) -> dict[str, int]:
    """Write the eight CSV files at `facteur`× into `dest`; return the row count per file."""
    dest.mkdir(parents=True, exist_ok=True)
    fichiers = {nom: _Fichier(nom) for nom in FICHIERS}
    demo_sirets = {
        ligne["siret"] for ligne in fichiers["organisations.csv"].lignes if ligne["siret"]
    }
    sirets = _Sirets(demo_sirets)
    # SIRETs are drawn in copy order: generate organisations copy by copy, once.
    copies = [_Copie(k, sirets) for k in range(1, facteur + 1)]
    comptes = {}
    for nom in FICHIERS:
        fichier = fichiers[nom]
        lignes = (_transformer(nom, ligne, c) for c in copies for ligne in fichier.lignes)
        comptes[nom] = fichier.ecrire(dest / nom, lignes)
    return comptes


def dossier(facteur: int, racine: Path = DATA_DIR) -> Path:
    return racine / f"{facteur}x"


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facteurs", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--sortie", type=Path, default=DATA_DIR)
    args = parser.parse_args(argv)
    for facteur in args.facteurs:
        comptes = generer(facteur, dossier(facteur, args.sortie))
        print(f"{facteur}× → {dossier(facteur, args.sortie)} : {comptes}")


if __name__ == "__main__":
    main()
