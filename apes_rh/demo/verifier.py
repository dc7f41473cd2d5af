"""Check the demo CSVs and recompute the activity-report figures (DESIGN.md sections 4 and 5).

Standalone, stdlib only:
    python apes_rh/demo/verifier.py [DIR] [--du YYYY-MM-DD --au YYYY-MM-DD] [--json]
With the default period (2019-01-01..2021-12-31) it asserts the published figures and the
expected per-parcours / per-community / per-theme figures listed in README.md.

Reading rules (same as `importer_activite`): UTF-8 with or without BOM, `,` or `;` detected from the
header row, dates YYYY-MM-DD or DD/MM/YYYY, lists separated by `|`.
Reading of the definitions: every figure only counts sessions / half-days dated in the period;
per parcours, an organisation has individual support if one of its half-days is dated between the
parcours' dates (and in the period); per theme, sessions of type `information` are not counted.
"""

import csv
import datetime as dt
import io
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

COLUMNS = {
    "accompagnateurs.csv": [
        "prenom",
        "nom",
        "email",
        "structure",
        "specialites",
        "entree",
        "sortie",
    ],
    "organisations.csv": ["nom", "siret", "forme_juridique", "territoire", "commune", "effectif"],
    "parcours.csv": ["code", "nom", "territoire", "debut", "fin"],
    "inscriptions.csv": ["parcours", "organisation", "date"],
    "communautes.csv": ["code", "nom", "type"],
    "seances.csv": [
        "ref",
        "titre",
        "type",
        "date",
        "demi_journees",
        "parcours",
        "communaute",
        "thematiques",
        "animateurs",
    ],
    "participations.csv": ["seance", "email", "prenom", "nom", "organisation"],
    "appuis_individuels.csv": [
        "accompagnateur",
        "organisation",
        "date",
        "demi_journees",
        "thematique",
        "notes",
    ],
}
TERRITOIRES = {"MEL", "CAVM", "CUD-CCFI-CAPSO", "Hauts-de-France"}
TYPES_SEANCE = {
    "collectif_parcours",
    "appui_collectif",
    "bulle_dialogue",
    "codeveloppement",
    "rencontre_thematique",
    "information",
}
TYPES_COMMUNAUTE = {"virtuelle", "partenariale", "territoriale"}
THEMES = {
    "Fonction employeur et obligations légales",
    "Recrutement et intégration",
    "Management et posture de direction",
    "Gouvernance et relation salarié·es / administrateur·trices",
    "Dialogue et parole des salarié·es",
    "Développement des compétences",
    "Conditions de travail et qualité de vie au travail",
    "Égalité femmes-hommes et diversité",
    "Coopération et intelligence collective",
    "Organisation du travail et fiches de poste",
    "Transmission des compétences",
}
EMAIL_RE = re.compile(r"^[a-z0-9][a-z0-9.\-]*@[a-z0-9\-]+(\.[a-z0-9\-]+)+$")

PUBLISHED = {
    "accompagnateurs": 13,
    "organisations_parcours": 27,
    "demi_journees_individuelles": 64,
    "demi_journees_collectives": 74,
    "participants_communautes": 106,
}
# Full expected figures for 2019-01-01..2021-12-31 (published ones + those this dataset fixes).
# parcours: organisations, demi_journees_collectives, organisations_appui_individuel,
# demi_journees_individuelles
EXPECTED_PARCOURS = {
    "MEL-2019": (10, 15, 6, 14),
    "CAVM-2020": (13, 8, 2, 6),
    "CAVM-2021": (10, 6, 3, 7),
    "CUD-2021": (4, 4, 4, 8),
}
EXPECTED_COMMUNAUTES = {  # participants, demi_journees_collectives
    "VIRTUELLE-2020": (39, 17),
    "PARTENARIALE-2020": (27, 10),
    "CAVM-COMMUNAUTE-2021": (22, 6),
    "VIRTUELLE-2021": (34, 8),
}
EXPECTED_THEMES = {  # seances, demi_journees_individuelles
    "Conditions de travail et qualité de vie au travail": (10, 4),
    "Coopération et intelligence collective": (11, 5),
    "Dialogue et parole des salarié·es": (3, 2),
    "Développement des compétences": (6, 6),
    "Fonction employeur et obligations légales": (13, 19),
    "Gouvernance et relation salarié·es / administrateur·trices": (6, 6),
    "Management et posture de direction": (18, 8),
    "Organisation du travail et fiches de poste": (4, 5),
    "Recrutement et intégration": (4, 5),
    "Transmission des compétences": (2, 1),
    "Égalité femmes-hommes et diversité": (2, 3),
}

ERRORS = []


def err(where, msg):
    ERRORS.append(f"{where}: {msg}")


def parse_date(value, where):
    value = value.strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            pass
    err(where, f"date illisible {value!r}")
    return None


def split_list(value):
    return [x.strip() for x in value.split("|") if x.strip()]


def read(directory, name):
    raw = (directory / name).read_bytes().decode("utf-8-sig")
    header = raw.splitlines()[0]
    delimiter = ";" if header.count(";") > header.count(",") else ","
    reader = csv.DictReader(io.StringIO(raw, newline=""), delimiter=delimiter)
    cols = [c.strip() for c in reader.fieldnames]
    if sorted(cols) != sorted(COLUMNS[name]):
        err(name, f"colonnes {cols} au lieu de {COLUMNS[name]}")
    rows = []
    for lineno, row in enumerate(reader, start=2):
        rows.append((f"{name}:{lineno}", {k.strip(): (v or "").strip() for k, v in row.items()}))
    return rows, delimiter


def luhn_ok(num):
    total = 0
    for i, ch in enumerate(reversed(num)):
        n = int(ch) * (2 if i % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def positive_int(value, where):
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        err(where, f"demi_journees doit être un entier >= 1 ({value!r})")
    return max(n, 0)


def check_unique(rows, key, name):
    seen = {}
    for where, r in rows:
        k = key(r)
        if k in seen:
            err(where, f"clé naturelle en double {k!r} (déjà {seen[k]})")
        seen[k] = where


def load(directory):
    data, delimiters = {}, {}
    for name in COLUMNS:
        data[name], delimiters[name] = read(directory, name)

    coachs = {}
    for where, r in data["accompagnateurs.csv"]:
        if not EMAIL_RE.match(r["email"]):
            err(where, f"email {r['email']!r}")
        coachs[r["email"]] = dict(
            r,
            entree=parse_date(r["entree"], where),
            sortie=parse_date(r["sortie"], where) if r["sortie"] else None,
        )
    check_unique(data["accompagnateurs.csv"], lambda r: r["email"], "accompagnateurs")

    orgs, sirets = {}, Counter()
    for where, r in data["organisations.csv"]:
        if r["territoire"] not in TERRITOIRES:
            err(where, f"territoire {r['territoire']!r}")
        if r["siret"]:
            sirets[r["siret"]] += 1
            if not (len(r["siret"]) == 14 and r["siret"].isdigit() and luhn_ok(r["siret"])):
                err(where, f"SIRET invalide {r['siret']!r}")
        if not (r["effectif"].isdigit() and 1 <= int(r["effectif"]) <= 40):
            err(where, f"effectif {r['effectif']!r}")
        orgs[r["nom"]] = r
    for s, n in sirets.items():
        if n > 1:
            err("organisations.csv", f"SIRET en double {s}")
    check_unique(data["organisations.csv"], lambda r: r["siret"] or r["nom"], "organisations")
    check_unique(data["organisations.csv"], lambda r: r["nom"], "organisations (nom)")

    parcours = {}
    for where, r in data["parcours.csv"]:
        if r["territoire"] not in TERRITOIRES:
            err(where, f"territoire {r['territoire']!r}")
        parcours[r["code"]] = dict(
            r, debut=parse_date(r["debut"], where), fin=parse_date(r["fin"], where)
        )
    check_unique(data["parcours.csv"], lambda r: r["code"], "parcours")

    inscriptions = defaultdict(set)
    for where, r in data["inscriptions.csv"]:
        parse_date(r["date"], where)
        if r["parcours"] not in parcours:
            err(where, f"parcours inconnu {r['parcours']!r}")
            continue
        if r["organisation"] not in orgs:
            err(where, f"organisation inconnue {r['organisation']!r}")
            continue
        if orgs[r["organisation"]]["territoire"] != parcours[r["parcours"]]["territoire"]:
            err(where, "organisation hors du territoire du parcours")
        inscriptions[r["parcours"]].add(r["organisation"])
    check_unique(
        data["inscriptions.csv"], lambda r: (r["parcours"], r["organisation"]), "inscriptions"
    )

    communautes = {}
    for where, r in data["communautes.csv"]:
        if r["type"] not in TYPES_COMMUNAUTE:
            err(where, f"type {r['type']!r}")
        communautes[r["code"]] = r
    check_unique(data["communautes.csv"], lambda r: r["code"], "communautes")

    def in_pool(email, date, where):
        c = coachs.get(email)
        if c is None:
            err(where, f"accompagnateur inconnu {email!r}")
        elif date and not (c["entree"] <= date and (c["sortie"] is None or date <= c["sortie"])):
            err(where, f"{email} hors du vivier le {date}")

    seances = {}
    for where, r in data["seances.csv"]:
        s = dict(
            r,
            date=parse_date(r["date"], where),
            demi_journees=positive_int(r["demi_journees"], where),
            thematiques=split_list(r["thematiques"]),
            animateurs=split_list(r["animateurs"]),
        )
        if r["type"] not in TYPES_SEANCE:
            err(where, f"type {r['type']!r}")
        if r["parcours"] and r["communaute"]:
            err(where, "à la fois parcours et communauté")
        if not r["parcours"] and not r["communaute"] and r["type"] != "information":
            err(where, "ni parcours ni communauté")
        if r["parcours"] and r["parcours"] not in parcours:
            err(where, f"parcours inconnu {r['parcours']!r}")
        if r["communaute"] and r["communaute"] not in communautes:
            err(where, f"communauté inconnue {r['communaute']!r}")
        for t in s["thematiques"]:
            if t not in THEMES:
                err(where, f"thématique hors liste {t!r}")
        for a in s["animateurs"]:
            in_pool(a, s["date"], where)
        seances[r["ref"]] = s
    check_unique(data["seances.csv"], lambda r: r["ref"], "seances")

    participations, people = defaultdict(set), {}
    for where, r in data["participations.csv"]:
        if r["seance"] not in seances:
            err(where, f"séance inconnue {r['seance']!r}")
            continue
        if not EMAIL_RE.match(r["email"]):
            err(where, f"email {r['email']!r}")
        if r["organisation"] and r["organisation"] not in orgs:
            err(where, f"organisation inconnue {r['organisation']!r}")
        ident = (r["prenom"], r["nom"], r["organisation"])
        if people.setdefault(r["email"], ident) != ident:
            err(where, f"{r['email']} : identité incohérente {ident} / {people[r['email']]}")
        participations[r["seance"]].add(r["email"])
    check_unique(data["participations.csv"], lambda r: (r["seance"], r["email"]), "participations")

    appuis = []
    for where, r in data["appuis_individuels.csv"]:
        a = dict(
            r,
            date=parse_date(r["date"], where),
            demi_journees=positive_int(r["demi_journees"], where),
        )
        if r["organisation"] not in orgs:
            err(where, f"organisation inconnue {r['organisation']!r}")
        if r["thematique"] not in THEMES:
            err(where, f"thématique hors liste {r['thematique']!r}")
        in_pool(r["accompagnateur"], a["date"], where)
        appuis.append(a)
    check_unique(
        data["appuis_individuels.csv"],
        lambda r: (r["accompagnateur"], r["organisation"], r["date"]),
        "appuis",
    )

    return dict(
        coachs=coachs,
        orgs=orgs,
        parcours=parcours,
        inscriptions=inscriptions,
        communautes=communautes,
        seances=seances,
        participations=participations,
        appuis=appuis,
        delimiters=delimiters,
        counts={n: len(rows) for n, rows in data.items()},
    )


def rapport(db, du, au):
    def in_period(x):
        return x is not None and du <= x <= au

    def overlaps(a, b):
        return a <= au and (b is None or b >= du)

    seances_p = [s for s in db["seances"].values() if in_period(s["date"])]
    collectives = [s for s in seances_p if s["type"] != "information"]
    appuis_p = [a for a in db["appuis"] if in_period(a["date"])]
    parcours_p = {c: p for c, p in db["parcours"].items() if overlaps(p["debut"], p["fin"])}

    def community_people(code=None):
        return {
            e
            for s in seances_p
            if s["communaute"] and (code is None or s["communaute"] == code)
            for e in db["participations"][s["ref"]]
        }

    chiffres = {
        "accompagnateurs": sum(
            1 for c in db["coachs"].values() if overlaps(c["entree"], c["sortie"])
        ),
        "organisations_parcours": len({o for c in parcours_p for o in db["inscriptions"][c]}),
        "demi_journees_individuelles": sum(a["demi_journees"] for a in appuis_p),
        "demi_journees_collectives": sum(s["demi_journees"] for s in collectives),
        "participants_communautes": len(community_people()),
    }
    par_parcours = {}
    for code, p in sorted(parcours_p.items()):
        orgs = db["inscriptions"][code]
        ind = [
            a for a in appuis_p if a["organisation"] in orgs and p["debut"] <= a["date"] <= p["fin"]
        ]
        par_parcours[code] = {
            "organisations": len(orgs),
            "demi_journees_collectives": sum(
                s["demi_journees"] for s in collectives if s["parcours"] == code
            ),
            "organisations_appui_individuel": len({a["organisation"] for a in ind}),
            "demi_journees_individuelles": sum(a["demi_journees"] for a in ind),
        }
    par_communaute = {
        code: {
            "participants": len(community_people(code)),
            "demi_journees_collectives": sum(
                s["demi_journees"] for s in collectives if s["communaute"] == code
            ),
        }
        for code in sorted(db["communautes"])
    }
    themes = sorted(
        {t for s in collectives for t in s["thematiques"]} | {a["thematique"] for a in appuis_p}
    )
    par_theme = {
        t: {
            "seances": sum(1 for s in collectives if t in s["thematiques"]),
            "demi_journees_individuelles": sum(
                a["demi_journees"] for a in appuis_p if a["thematique"] == t
            ),
        }
        for t in themes
    }
    return {
        "periode": {"du": du.isoformat(), "au": au.isoformat()},
        "chiffres_cles": chiffres,
        "parcours": par_parcours,
        "communautes": par_communaute,
        "thematiques": par_theme,
    }


def main(argv):
    directory = Path(__file__).resolve().parent
    du, au, as_json = dt.date(2019, 1, 1), dt.date(2021, 12, 31), False
    args = list(argv)
    while args:
        a = args.pop(0)
        if a == "--du":
            du = dt.date.fromisoformat(args.pop(0))
        elif a == "--au":
            au = dt.date.fromisoformat(args.pop(0))
        elif a == "--json":
            as_json = True
        else:
            directory = Path(a)

    db = load(directory)
    if db["delimiters"]["organisations.csv"] != ";" or db["delimiters"]["seances.csv"] != ",":
        err("detection", f"séparateurs détectés {db['delimiters']}")
    if ERRORS:
        print("\n".join(ERRORS))
        print(f"{len(ERRORS)} erreur(s)")
        return 1
    r = rapport(db, du, au)
    if as_json:
        print(json.dumps(r, ensure_ascii=False, indent=2))
    else:
        print("lignes :", ", ".join(f"{n} {c}" for n, c in db["counts"].items()))
        print(f"période {du} .. {au}")
        for k, v in r["chiffres_cles"].items():
            print(f"  {k:30} {v}")
        print(
            "| parcours | organisations | dj collectives | orgs appui individuel"
            " | dj individuelles |"
        )
        for c, v in r["parcours"].items():
            print(
                f"| {c} | {v['organisations']} | {v['demi_journees_collectives']} | "
                f"{v['organisations_appui_individuel']} | {v['demi_journees_individuelles']} |"
            )
        print("| communauté | participants | dj collectives |")
        for c, v in r["communautes"].items():
            print(f"| {c} | {v['participants']} | {v['demi_journees_collectives']} |")
        print("| thématique | séances | dj individuelles |")
        for t, v in r["thematiques"].items():
            print(f"| {t} | {v['seances']} | {v['demi_journees_individuelles']} |")

    if (du, au) == (dt.date(2019, 1, 1), dt.date(2021, 12, 31)):
        assert r["chiffres_cles"] == PUBLISHED, r["chiffres_cles"]
        got_p = {c: tuple(v.values()) for c, v in r["parcours"].items()}
        assert got_p == EXPECTED_PARCOURS, got_p
        got_c = {c: tuple(v.values()) for c, v in r["communautes"].items()}
        assert got_c == EXPECTED_COMMUNAUTES, got_c
        got_t = {t: tuple(v.values()) for t, v in r["thematiques"].items()}
        assert got_t == EXPECTED_THEMES, got_t
        # published details
        assert (
            r["communautes"]["VIRTUELLE-2020"]["demi_journees_collectives"]
            + r["communautes"]["PARTENARIALE-2020"]["demi_journees_collectives"]
            == 27
        )
        if not as_json:
            print("OK : chiffres publiés et attendus retrouvés, références et clés vérifiées.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
