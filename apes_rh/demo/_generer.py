"""Generate the 2019-2021 demo dataset of the Démarche progrès RH (deterministic).

Run: python apes_rh/demo/_generer.py   (writes the CSVs next to this file)
Then: python apes_rh/demo/verifier.py  (checks the published figures)

The figures are built by construction (see the ASSERT lines); verifier.py recomputes them
independently from the files.
"""

import csv
import datetime as dt
import random
import shutil
import unicodedata
from pathlib import Path

ICI = Path(__file__).resolve().parent
PROGRAMME_SRC = Path("/work/shared/data/programme.yaml")
rng = random.Random(20192021)

DU, AU = dt.date(2019, 1, 1), dt.date(2021, 12, 31)


def d(s: str) -> dt.date:
    return dt.date.fromisoformat(s)


def ascii_slug(s: str, sep: str = "-") -> str:
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode().lower()
    out, prev = [], ""
    for ch in s:
        if ch.isalnum():
            out.append(ch)
            prev = ch
        elif prev != sep:
            out.append(sep)
            prev = sep
    return "".join(out).strip(sep)


# ---------------------------------------------------------------- themes
T_EMPLOYEUR = "Fonction employeur et obligations légales"
T_RECRUT = "Recrutement et intégration"
T_MANAG = "Management et posture de direction"
T_GOUV = "Gouvernance et relation salarié·es / administrateur·trices"
T_DIALOGUE = "Dialogue et parole des salarié·es"
T_COMPET = "Développement des compétences"
T_QVT = "Conditions de travail et qualité de vie au travail"
T_EGALITE = "Égalité femmes-hommes et diversité"
T_COOP = "Coopération et intelligence collective"
T_ORGA = "Organisation du travail et fiches de poste"
T_TRANSM = "Transmission des compétences"

# ---------------------------------------------------------------- coaches
# (prenom, nom, structure, specialites, entree, sortie)
COACHS = [
    (
        "Béatrice",
        "Boutin",
        "REZOM",
        ["Coopération", "Posture du dirigeant", "Accompagnement des transitions"],
        "2018-03-01",
        "",
    ),
    (
        "Glycia",
        "De Juan Cuevas",
        "Autour du Monde",
        ["Généraliste RH", "Réorganisation d'équipe", "Formalisation administrative"],
        "2018-09-01",
        "",
    ),
    (
        "Audrey",
        "Parage Boistel",
        "",
        ["Obligations de l'employeur", "Fonction employeur dans le secteur culturel"],
        "2018-09-01",
        "",
    ),
    (
        "Pierre-Henri",
        "Roussel",
        "Le Germoir",
        ["Démarche progrès", "ESS", "Intelligence collective"],
        "2018-03-01",
        "",
    ),
    (
        "Christophe",
        "Simone",
        "CS Consultance",
        ["Culture & ESS", "Management et gestion de projet", "Démarche progrès"],
        "2018-09-01",
        "2021-06-30",
    ),
    (
        "Cécile",
        "Decool Guérin",
        "Patchwork Formation Conseil",
        ["Formation professionnelle", "Plan de continuité d'activité", "Entretiens de tous types"],
        "2018-09-01",
        "",
    ),
    (
        "Philippe",
        "Bochu",
        "PH Conseil & Développement",
        ["Posture du dirigeant", "Management", "Aide au recrutement"],
        "2019-01-15",
        "2021-09-30",
    ),
    (
        "Ludovic",
        "Carlier",
        "InvestiR Humain",
        ["Aide au recrutement", "Gestion des conflits", "Gestion des personnalités difficiles"],
        "2019-03-01",
        "",
    ),
    (
        "Anne-Catherine",
        "Delvinquière",
        "Grands Ensemble et Patchwork Formation Conseil",
        ["Co-développement", "Généraliste RH"],
        "2018-09-01",
        "",
    ),
    (
        "Martin",
        "Boutry",
        "REZOM et Objet(s) Participatif",
        ["Gouvernance partagée", "Intelligence collective"],
        "2019-01-15",
        "",
    ),
    ("Jean-Bernard", "Becquart", "A Petits Pas", ["Démarche progrès", "ESS"], "2018-03-01", ""),
    ("Jean-Paul", "Moutiez", "Galilée", ["Egalité femmes-hommes", "ESS"], "2019-01-15", ""),
    # 13th coach: invented
    (
        "Nathalie",
        "Vandamme",
        "Trajectoires Coopératives",
        ["Dialogue social", "Qualité de vie au travail", "Entretiens professionnels"],
        "2019-06-01",
        "",
    ),
]


def coach_email(prenom, nom):
    return f"{ascii_slug(prenom)}.{ascii_slug(nom)}@example.org"


C = {f"{p} {n}": coach_email(p, n) for p, n, *_ in COACHS}
BOUTIN = C["Béatrice Boutin"]
DEJUAN = C["Glycia De Juan Cuevas"]
PARAGE = C["Audrey Parage Boistel"]
ROUSSEL = C["Pierre-Henri Roussel"]
SIMONE = C["Christophe Simone"]
DECOOL = C["Cécile Decool Guérin"]
BOCHU = C["Philippe Bochu"]
CARLIER = C["Ludovic Carlier"]
DELVINQ = C["Anne-Catherine Delvinquière"]
BOUTRY = C["Martin Boutry"]
BECQUART = C["Jean-Bernard Becquart"]
MOUTIEZ = C["Jean-Paul Moutiez"]
VANDAMME = C["Nathalie Vandamme"]

# ---------------------------------------------------------------- organisations
ASSO, SCOP, SCIC, CAE = "Association loi 1901", "SCOP", "SCIC", "CAE (SCOP)"
# (nom, forme, territoire, commune, effectif, groupe)
# groupe: MEL19 / CAVM (CAVM-2020 cohort) / CUD21 / COM (communities only)
ORGS = [
    # MEL-2019 cohort (10)
    ("Élevages sans Frontières", ASSO, "MEL", "Lille", 12, "MEL19"),
    ("Grdr Hauts-de-France", ASSO, "MEL", "Lille", 9, "MEL19"),
    ("Les Jardins de Moulins", ASSO, "MEL", "Lille", 14, "MEL19"),
    ("Recyclerie du Ferrain", ASSO, "MEL", "Tourcoing", 22, "MEL19"),
    ("Ludothèque La Toupie", ASSO, "MEL", "Roubaix", 6, "MEL19"),
    ("Les Tisserands du Nord", SCOP, "MEL", "Villeneuve-d'Ascq", 11, "MEL19"),
    ("Épicerie solidaire Le Panier Partagé", ASSO, "MEL", "Wattrelos", 4, "MEL19"),
    ("Compagnie Pas de Côté", ASSO, "MEL", "Lille", 5, "MEL19"),
    ("Énergies Citoyennes Métropole", SCIC, "MEL", "Villeneuve-d'Ascq", 8, "MEL19"),
    ("Atelier Vélo du Pile", ASSO, "MEL", "Roubaix", 3, "MEL19"),
    # CAVM-2020 cohort (13)
    ("La Clef du permis", ASSO, "CAVM", "Valenciennes", 8, "CAVM"),
    ("Maillage", ASSO, "CAVM", "Valenciennes", 7, "CAVM"),
    ("Régie de Quartier de Saint-Saulve", ASSO, "CAVM", "Saint-Saulve", 28, "CAVM"),
    ("Les Potagers de l'Escaut", ASSO, "CAVM", "Condé-sur-l'Escaut", 17, "CAVM"),
    ("Ressourcerie du Hainaut", ASSO, "CAVM", "Anzin", 24, "CAVM"),
    ("Bâti Solidaire", SCOP, "CAVM", "Marly", 19, "CAVM"),
    ("Compagnie Les Voix du Hainaut", ASSO, "CAVM", "Valenciennes", 4, "CAVM"),
    ("Maison des Parents du Valenciennois", ASSO, "CAVM", "Aulnoy-lez-Valenciennes", 7, "CAVM"),
    ("Ciné-club L'Écran Libre", ASSO, "CAVM", "Raismes", 2, "CAVM"),
    ("Mobilité Solidaire Hainaut", ASSO, "CAVM", "Onnaing", 9, "CAVM"),
    ("Terre d'Escaut", SCIC, "CAVM", "Trith-Saint-Léger", 13, "CAVM"),
    ("Cyclo'Val", ASSO, "CAVM", "Bruay-sur-l'Escaut", 5, "CAVM"),
    ("Tiers-lieu La Fabrique", ASSO, "CAVM", "Vieux-Condé", 6, "CAVM"),
    # CUD-2021 cohort (4)
    ("Les Fourmis Vertes", ASSO, "CUD-CCFI-CAPSO", "Grande-Synthe", 15, "CUD21"),
    ("Dunes Insertion", ASSO, "CUD-CCFI-CAPSO", "Dunkerque", 31, "CUD21"),
    ("Flandre Bois Coopérative", SCOP, "CUD-CCFI-CAPSO", "Hazebrouck", 10, "CUD21"),
    ("Audomarois Solidaires", ASSO, "CUD-CCFI-CAPSO", "Saint-Omer", 8, "CUD21"),
    # communities only (17)
    ("Bien Fait pour ta Com'", CAE, "MEL", "Lille", 10, "COM"),
    ("Centre social Les Trois Villes", ASSO, "MEL", "Roubaix", 23, "COM"),
    ("Habitat Partagé Métropole", ASSO, "MEL", "Villeneuve-d'Ascq", 3, "COM"),
    ("Recycl'Action Valenciennes", ASSO, "CAVM", "Valenciennes", 12, "COM"),
    ("Café associatif Le Chaudron", ASSO, "CAVM", "Marly", 3, "COM"),
    ("Les Ailes du Littoral", ASSO, "CUD-CCFI-CAPSO", "Gravelines", 7, "COM"),
    ("Vivre Ensemble à Hazebrouck", ASSO, "CUD-CCFI-CAPSO", "Hazebrouck", 5, "COM"),
    ("Le Relais Amiénois", ASSO, "Hauts-de-France", "Amiens", 18, "COM"),
    ("Artois Insertion Services", ASSO, "Hauts-de-France", "Arras", 26, "COM"),
    ("Les Champs de Thiérache", ASSO, "Hauts-de-France", "Vervins", 7, "COM"),
    ("Oise Énergie Partagée", SCIC, "Hauts-de-France", "Beauvais", 5, "COM"),
    ("La Boussole Saint-Quentinoise", ASSO, "Hauts-de-France", "Saint-Quentin", 9, "COM"),
    ("Calais Accueil Solidaire", ASSO, "Hauts-de-France", "Calais", 14, "COM"),
    ("L'Estran Culture", ASSO, "Hauts-de-France", "Boulogne-sur-Mer", 3, "COM"),
    ("Les Compagnons de Somme", SCOP, "Hauts-de-France", "Abbeville", 16, "COM"),
    ("Coopaction Artois", CAE, "Hauts-de-France", "Lens", 21, "COM"),
    ("Compagnie Tout Azimut", ASSO, "Hauts-de-France", "Compiègne", 4, "COM"),
]
ORG_NAMES = [o[0] for o in ORGS]
assert len(set(ORG_NAMES)) == len(ORG_NAMES)
MEL19 = [o[0] for o in ORGS if o[5] == "MEL19"]
CAVM20 = [o[0] for o in ORGS if o[5] == "CAVM"]
CUD21 = [o[0] for o in ORGS if o[5] == "CUD21"]
CAVM21 = [
    n
    for n in CAVM20
    if n not in ("Ciné-club L'Écran Libre", "Maison des Parents du Valenciennois", "Bâti Solidaire")
]
assert (len(MEL19), len(CAVM20), len(CAVM21), len(CUD21)) == (10, 13, 10, 4)
assert len(set(MEL19) | set(CAVM20) | set(CAVM21) | set(CUD21)) == 27
TERR = {o[0]: o[2] for o in ORGS}


def luhn_ok(num: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(num)):
        n = int(ch)
        if i % 2 == 1:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0


def luhn_complete(payload: str) -> str:
    for k in range(10):
        if luhn_ok(payload + str(k)):
            return payload + str(k)
    raise AssertionError


def make_siret() -> str:
    siren = luhn_complete(
        str(rng.randint(3, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(7))
    )
    siret = luhn_complete(siren + "000" + str(rng.randint(1, 9)))
    assert len(siret) == 14 and luhn_ok(siret) and luhn_ok(siret[:9])
    return siret


# about half of the organisations have a SIRET
SIRETS = {}
for i, name in enumerate(ORG_NAMES):
    if i % 2 == 0:
        s = make_siret()
        while s in SIRETS.values():
            s = make_siret()
        SIRETS[name] = s

# ---------------------------------------------------------------- people
PRENOMS = [
    "Camille",
    "Julie",
    "Thomas",
    "Nicolas",
    "Sophie",
    "Élodie",
    "Mathieu",
    "Claire",
    "Karim",
    "Nadia",
    "Sarah",
    "Julien",
    "Amandine",
    "Fatima",
    "Yasmine",
    "Mehdi",
    "Laurent",
    "Isabelle",
    "Céline",
    "Aurélie",
    "Maxime",
    "Hélène",
    "Pauline",
    "Antoine",
    "Romain",
    "Caroline",
    "Delphine",
    "Sébastien",
    "Émilie",
    "Guillaume",
    "Manon",
    "Lucie",
    "Léa",
    "Benoît",
    "François",
    "Stéphanie",
    "Virginie",
    "Samir",
    "Rachid",
    "Malika",
    "Ophélie",
    "Bruno",
    "Cédric",
    "Jérôme",
    "Marion",
    "Agathe",
    "Damien",
    "Gaëlle",
    "Hugo",
    "Inès",
    "Kévin",
    "Laetitia",
    "Morgane",
    "Noémie",
    "Olivier",
    "Quentin",
    "Sandrine",
    "Valérie",
    "Xavier",
    "Yann",
    "Zoé",
    "Anaïs",
    "Baptiste",
    "Chloé",
    "Fabien",
    "Gérald",
    "Justine",
    "Loïc",
    "Mélanie",
    "Nora",
    "Perrine",
    "Rémi",
    "Sonia",
    "Thibault",
    "Vincent",
    "Wassila",
    "Adèle",
    "Bérénice",
]
NOMS = [
    "Dupont",
    "Lefebvre",
    "Leroy",
    "Dubois",
    "Delattre",
    "Vandenberghe",
    "Deschamps",
    "Lemaire",
    "Lambert",
    "Vasseur",
    "Delannoy",
    "Wattel",
    "Dufour",
    "Hennebelle",
    "Carpentier",
    "Delcroix",
    "Fontaine",
    "Deprez",
    "Duhamel",
    "Lecomte",
    "Vanhove",
    "Benali",
    "Haddad",
    "Mercier",
    "Petit",
    "Martin",
    "Bernard",
    "Dumont",
    "Lesage",
    "Delmotte",
    "Caron",
    "Boulanger",
    "Desmet",
    "Verbeke",
    "Pruvost",
    "Lenglet",
    "Ramdani",
    "Ouali",
    "Bouchez",
    "Bertin",
    "Courtin",
    "Vandewalle",
    "Gosselin",
    "Delplanque",
    "Lhermitte",
    "Facon",
    "Masquelier",
    "Flament",
    "Decroix",
    "Dewaele",
    "Brunet",
    "Mahieu",
    "Delobel",
    "Cuvelier",
    "Ducrocq",
    "Fievet",
    "Baert",
    "Hoornaert",
    "Legrand",
    "Poulain",
    "Tison",
    "Lemoine",
    "Maréchal",
    "Catteau",
    "Bailly",
    "Descamps",
    "Willems",
    "Kaddouri",
    "Szymański",
    "Nowak",
]
_used_names = set()


def new_name():
    while True:
        p, n = rng.choice(PRENOMS), rng.choice(NOMS)
        if (p, n) not in _used_names:
            _used_names.add((p, n))
            return p, n


PEOPLE = {}  # email -> (prenom, nom, organisation)
BY_ORG = {}
for name, _forme, _terr, _commune, eff, grp in ORGS:
    n = min(eff, 3 if grp in ("COM", "CAVM") else rng.choice([2, 3, 3]))
    dom = ascii_slug(name) + ".example"
    BY_ORG[name] = []
    for _ in range(n):
        p, nm = new_name()
        email = f"{ascii_slug(p)}.{ascii_slug(nm)}@{dom}"
        PEOPLE[email] = (p, nm, name)
        BY_ORG[name].append(email)
NO_ORG = []
for _ in range(16):
    p, nm = new_name()
    email = f"{ascii_slug(p)}.{ascii_slug(nm)}@courriel.example"
    PEOPLE[email] = (p, nm, "")
    NO_ORG.append(email)


def pool(groups=None, terrs=None):
    out = []
    for name, _forme, terr, _commune, _eff, grp in ORGS:
        if (groups is None or grp in groups) and (terrs is None or terr in terrs):
            out.extend(BY_ORG[name])
    return out


POOL_A = pool(groups={"MEL19"})
POOL_B = pool(terrs={"CAVM"})
POOL_C = pool(terrs={"CUD-CCFI-CAPSO"})
POOL_D = pool(groups={"COM"}, terrs={"MEL", "Hauts-de-France"})
POOL_E = list(NO_ORG)
used_community = set()
for p_ in (POOL_A, POOL_B, POOL_C, POOL_D, POOL_E):
    rng.shuffle(p_)


def take(pool_, k, must=()):
    """k people from pool_ never seen in a community yet; `must` first."""
    out = [e for e in must if e not in used_community]
    for e in pool_:
        if len(out) >= k:
            break
        if e not in used_community and e not in out:
            out.append(e)
    assert len(out) == k, (k, len(out))
    used_community.update(out)
    return out


# ---------------------------------------------------------------- sessions
SEANCES = []  # dicts
PARTS = {}  # ref -> list of emails


def seance(ref, titre, type_, date, dj, parcours="", communaute="", themes=(), anim=()):
    SEANCES.append(
        dict(
            ref=ref,
            titre=titre,
            type=type_,
            date=d(date),
            demi_journees=dj,
            parcours=parcours,
            communaute=communaute,
            thematiques=list(themes),
            animateurs=list(anim),
        )
    )


# Information meetings, June 2018 (65 structures reached; not counted as collective support)
seance(
    "INFO18-01",
    "Réunion d'information : la démarche progrès RH (Lille)",
    "information",
    "2018-06-07",
    1,
    anim=[BECQUART, ROUSSEL],
)
seance(
    "INFO18-02",
    "Réunion d'information : la démarche progrès RH (Valenciennes)",
    "information",
    "2018-06-14",
    1,
    anim=[BECQUART, BOUTIN],
)
seance(
    "INFO18-03",
    "Réunion d'information : la démarche progrès RH (Arras)",
    "information",
    "2018-06-21",
    1,
    anim=[ROUSSEL],
)
# MEL-2019: 15 collective half-days
P = "MEL-2019"
seance(
    "MEL19-01",
    "Lancement du parcours : état des lieux RH de chaque structure",
    "collectif_parcours",
    "2019-04-11",
    2,
    P,
    themes=[T_EMPLOYEUR],
    anim=[BECQUART, ROUSSEL],
)
seance(
    "MEL19-02",
    "Fonction employeur : droits et obligations",
    "collectif_parcours",
    "2019-05-16",
    2,
    P,
    themes=[T_EMPLOYEUR],
    anim=[PARAGE],
)
seance(
    "MEL19-03",
    "Recruter et bien intégrer ses salarié·es",
    "collectif_parcours",
    "2019-06-20",
    2,
    P,
    themes=[T_RECRUT],
    anim=[BOCHU],
)
seance(
    "MEL19-04",
    "Manager dans une petite structure de l'ESS",
    "collectif_parcours",
    "2019-09-19",
    2,
    P,
    themes=[T_MANAG],
    anim=[BOCHU, BOUTIN],
)
seance(
    "MEL19-05",
    "Gouvernance : qui fait quoi entre bénévoles et salarié·es ?",
    "collectif_parcours",
    "2019-10-17",
    2,
    P,
    themes=[T_GOUV],
    anim=[BOUTRY],
)
seance(
    "MEL19-06",
    "Entretiens professionnels et plan de développement des compétences",
    "collectif_parcours",
    "2019-11-21",
    2,
    P,
    themes=[T_COMPET],
    anim=[DECOOL],
)
seance(
    "MEL19-07",
    "Conditions de travail, santé et qualité de vie au travail",
    "collectif_parcours",
    "2020-01-16",
    2,
    P,
    themes=[T_QVT],
    anim=[DEJUAN],
)
seance(
    "MEL19-08",
    "Bilan du parcours et schéma d'amélioration",
    "collectif_parcours",
    "2020-03-05",
    1,
    P,
    themes=[T_EMPLOYEUR, T_ORGA],
    anim=[BECQUART, ROUSSEL],
)
# CAVM-2020: information meeting (excluded) + 8 collective half-days
P = "CAVM-2020"
seance(
    "INFO20-01",
    "Réunion d'information : parcours territorial Valenciennes Métropole",
    "information",
    "2020-01-09",
    1,
    P,
    anim=[BECQUART],
)
seance(
    "CAVM20-01",
    "Lancement : les priorités RH du territoire",
    "collectif_parcours",
    "2020-01-30",
    2,
    P,
    themes=[T_MANAG, T_EMPLOYEUR],
    anim=[BECQUART, SIMONE],
)
seance(
    "CAVM20-02",
    "Rencontre thématique : le management d'équipe",
    "collectif_parcours",
    "2020-03-12",
    1,
    P,
    themes=[T_MANAG],
    anim=[BOCHU],
)
seance(
    "CAVM20-03",
    "Co-développement : partager la fonction employeur",
    "collectif_parcours",
    "2020-06-18",
    1,
    P,
    themes=[T_EMPLOYEUR, T_COOP],
    anim=[DELVINQ],
)
seance(
    "CAVM20-04",
    "Obligations légales de l'employeur (en visio)",
    "collectif_parcours",
    "2020-09-24",
    1,
    P,
    themes=[T_EMPLOYEUR],
    anim=[PARAGE],
)
seance(
    "CAVM20-05",
    "Obligations légales de l'employeur (sur site)",
    "collectif_parcours",
    "2020-09-25",
    1,
    P,
    themes=[T_EMPLOYEUR],
    anim=[PARAGE],
)
seance(
    "CAVM20-06",
    "Bien-être au travail en période de crise sanitaire",
    "collectif_parcours",
    "2020-11-19",
    1,
    P,
    themes=[T_QVT],
    anim=[DEJUAN, SIMONE],
)
seance(
    "CAVM20-07",
    "Co-développement et bilan de l'année",
    "collectif_parcours",
    "2020-12-10",
    1,
    P,
    themes=[T_COOP],
    anim=[DELVINQ, BECQUART],
)
# VIRTUELLE-2020: 17 half-days (13 on management in times of crisis)
V = "VIRTUELLE-2020"
crise = [
    "2020-05-07",
    "2020-05-14",
    "2020-05-21",
    "2020-05-28",
    "2020-06-04",
    "2020-06-11",
    "2020-06-18",
    "2020-06-25",
    "2020-07-02",
    "2020-07-09",
    "2020-09-10",
    "2020-09-17",
    "2020-10-01",
]
sujets = [
    "garder le lien avec l'équipe à distance",
    "organiser le télétravail",
    "prendre soin de soi quand on dirige",
    "décider dans l'incertitude",
    "le chômage partiel en pratique",
    "préparer le retour sur site",
    "prévenir les risques psychosociaux",
    "animer une réunion en visio",
    "accueillir un·e nouveau·elle salarié·e à distance",
    "le plan de continuité d'activité",
    "tenir dans la durée",
    "faire le point avec son conseil d'administration",
    "tirer les leçons de la crise",
]
crise_themes = [
    [T_MANAG],
    [T_QVT, T_ORGA],
    [T_MANAG],
    [T_MANAG],
    [T_EMPLOYEUR],
    [T_QVT],
    [T_QVT],
    [T_MANAG, T_COOP],
    [T_RECRUT],
    [T_ORGA],
    [T_MANAG],
    [T_GOUV],
    [T_MANAG],
]
crise_anim = [
    [SIMONE],
    [SIMONE, DECOOL],
    [BOCHU],
    [BOUTIN],
    [PARAGE],
    [DECOOL],
    [DEJUAN],
    [SIMONE],
    [BOCHU],
    [DECOOL],
    [BOCHU],
    [BOUTRY],
    [SIMONE, BOUTIN],
]
for i, (date, suj, th, an) in enumerate(
    zip(crise, sujets, crise_themes, crise_anim, strict=True), 1
):
    seance(
        f"VIRT20-{i:02d}",
        f"Manager en temps de crise ({i}/13) : {suj}",
        "appui_collectif",
        date,
        1,
        communaute=V,
        themes=th,
        anim=an,
    )
seance(
    "VIRT20-14",
    "Bulle de dialogue des dirigeant·es (1)",
    "bulle_dialogue",
    "2020-06-30",
    1,
    communaute=V,
    themes=[T_MANAG],
    anim=[DELVINQ],
)
seance(
    "VIRT20-15",
    "Atelier de co-développement : le référent RH",
    "codeveloppement",
    "2020-10-15",
    1,
    communaute=V,
    themes=[T_EMPLOYEUR, T_COOP],
    anim=[DELVINQ, DECOOL],
)
seance(
    "VIRT20-16",
    "Bulle de dialogue des dirigeant·es (2)",
    "bulle_dialogue",
    "2020-11-26",
    1,
    communaute=V,
    themes=[T_MANAG],
    anim=[DELVINQ],
)
seance(
    "VIRT20-17",
    "Atelier de co-développement : manager sans directeur·trice",
    "codeveloppement",
    "2020-12-03",
    1,
    communaute=V,
    themes=[T_GOUV, T_COOP],
    anim=[DELVINQ, BOUTRY],
)
# PARTENARIALE-2020: 10 half-days
Q = "PARTENARIALE-2020"
seance(
    "PART20-01",
    "MRES : télétravail et bien-être",
    "rencontre_thematique",
    "2020-06-23",
    1,
    communaute=Q,
    themes=[T_QVT],
    anim=[DEJUAN],
)
seance(
    "PART20-02",
    "MRES : bénévoles et salarié·es, trouver sa place",
    "rencontre_thematique",
    "2020-07-07",
    1,
    communaute=Q,
    themes=[T_GOUV],
    anim=[BOUTRY],
)
seance(
    "PART20-03",
    "MRES : management et coopération",
    "rencontre_thematique",
    "2020-09-15",
    1,
    communaute=Q,
    themes=[T_MANAG, T_COOP],
    anim=[BOUTIN],
)
seance(
    "PART20-04",
    "MRES : conditions de travail",
    "rencontre_thematique",
    "2020-10-06",
    1,
    communaute=Q,
    themes=[T_QVT],
    anim=[VANDAMME],
)
seance(
    "PART20-05",
    "Fédération des centres sociaux : gérer la crise en équipe",
    "rencontre_thematique",
    "2020-10-20",
    1,
    communaute=Q,
    themes=[T_MANAG, T_QVT],
    anim=[BOCHU],
)
seance(
    "PART20-06",
    "URIOPSS : dialogue social dans les petites associations",
    "rencontre_thematique",
    "2020-11-10",
    1,
    communaute=Q,
    themes=[T_DIALOGUE],
    anim=[VANDAMME],
)
seance(
    "PART20-07",
    "COORACE : co-développement entre encadrant·es",
    "codeveloppement",
    "2020-11-24",
    2,
    communaute=Q,
    themes=[T_COOP, T_MANAG],
    anim=[DELVINQ],
)
seance(
    "PART20-08",
    "Fédération des centres sociaux : journée annuelle RH (4 ateliers)",
    "rencontre_thematique",
    "2020-12-08",
    2,
    communaute=Q,
    themes=[T_EMPLOYEUR, T_COMPET, T_QVT, T_EGALITE],
    anim=[PARAGE, DECOOL, MOUTIEZ, BOCHU],
)
# CAVM-2021: 6 half-days
P = "CAVM-2021"
seance(
    "CAVM21-01",
    "Coopérer entre structures du territoire",
    "collectif_parcours",
    "2021-02-11",
    2,
    P,
    themes=[T_COOP],
    anim=[BOUTIN, ROUSSEL],
)
seance(
    "CAVM21-02",
    "Développer les compétences : plan de formation et AFEST",
    "collectif_parcours",
    "2021-04-08",
    1,
    P,
    themes=[T_COMPET],
    anim=[DECOOL],
)
seance(
    "CAVM21-03",
    "Trouver l'équilibre entre opérationnel et gouvernance",
    "collectif_parcours",
    "2021-06-10",
    1,
    P,
    themes=[T_GOUV],
    anim=[BOUTRY],
)
seance(
    "CAVM21-04",
    "Transmettre les savoir-faire avant un départ",
    "collectif_parcours",
    "2021-09-23",
    1,
    P,
    themes=[T_TRANSM, T_COMPET],
    anim=[DECOOL],
)
seance(
    "CAVM21-05",
    "Bilan et suite en communauté territoriale",
    "collectif_parcours",
    "2021-11-25",
    1,
    P,
    themes=[T_COOP],
    anim=[BECQUART],
)
# CAVM-COMMUNAUTE-2021: 6 half-days
K = "CAVM-COMMUNAUTE-2021"
seance(
    "CAVMCOM21-01",
    "Communauté territoriale : co-développement (1)",
    "codeveloppement",
    "2021-03-18",
    1,
    communaute=K,
    themes=[T_COOP],
    anim=[DELVINQ],
)
seance(
    "CAVMCOM21-02",
    "Rencontre thématique : l'entretien professionnel",
    "rencontre_thematique",
    "2021-05-20",
    1,
    communaute=K,
    themes=[T_COMPET],
    anim=[VANDAMME],
)
seance(
    "CAVMCOM21-03",
    "Bulle de dialogue des dirigeant·es du Valenciennois",
    "bulle_dialogue",
    "2021-06-24",
    1,
    communaute=K,
    themes=[T_MANAG],
    anim=[DELVINQ],
)
seance(
    "CAVMCOM21-04",
    "Rencontre thématique : gouvernance et fonction employeur",
    "rencontre_thematique",
    "2021-10-14",
    2,
    communaute=K,
    themes=[T_GOUV, T_EMPLOYEUR],
    anim=[BOUTRY, PARAGE],
)
seance(
    "CAVMCOM21-05",
    "Communauté territoriale : co-développement (2)",
    "codeveloppement",
    "2021-12-09",
    1,
    communaute=K,
    themes=[T_COOP],
    anim=[DELVINQ, BOUTIN],
)
# VIRTUELLE-2021: 8 half-days in 2021 + 1 in 2022 (outside the period)
W = "VIRTUELLE-2021"
seance(
    "VIRT21-01",
    "Bulle de dialogue des dirigeant·es (3)",
    "bulle_dialogue",
    "2021-01-21",
    1,
    communaute=W,
    themes=[T_MANAG],
    anim=[DELVINQ],
)
seance(
    "VIRT21-02",
    "Égalité femmes-hommes : de l'index aux pratiques",
    "rencontre_thematique",
    "2021-03-04",
    1,
    communaute=W,
    themes=[T_EGALITE],
    anim=[MOUTIEZ],
)
seance(
    "VIRT21-03",
    "Télétravail : accord, charte et droit à la déconnexion",
    "appui_collectif",
    "2021-04-15",
    1,
    communaute=W,
    themes=[T_QVT, T_EMPLOYEUR],
    anim=[PARAGE, VANDAMME],
)
seance(
    "VIRT21-04",
    "Atelier de co-développement : les fiches de poste",
    "codeveloppement",
    "2021-05-27",
    1,
    communaute=W,
    themes=[T_ORGA],
    anim=[DEJUAN],
)
seance(
    "VIRT21-05",
    "Donner la parole aux salarié·es",
    "appui_collectif",
    "2021-06-17",
    1,
    communaute=W,
    themes=[T_DIALOGUE],
    anim=[VANDAMME],
)
seance(
    "VIRT21-06",
    "Recruter en 2021 : attirer et fidéliser",
    "appui_collectif",
    "2021-09-30",
    1,
    communaute=W,
    themes=[T_RECRUT],
    anim=[CARLIER],
)
seance(
    "VIRT21-07",
    "Bulle de dialogue des dirigeant·es (4)",
    "bulle_dialogue",
    "2021-11-04",
    1,
    communaute=W,
    themes=[T_MANAG],
    anim=[DELVINQ],
)
seance(
    "VIRT21-08",
    "Transmettre les compétences : tutorat et AFEST",
    "appui_collectif",
    "2021-12-02",
    1,
    communaute=W,
    themes=[T_TRANSM, T_COMPET],
    anim=[DECOOL],
)
seance(
    "VIRT22-01",
    "Bulle de dialogue des dirigeant·es (5)",
    "bulle_dialogue",
    "2022-01-20",
    1,
    communaute=W,
    themes=[T_MANAG],
    anim=[DELVINQ],
)
# CUD-2021: information (excluded) + 4 half-days in 2021 + 4 in 2022 (outside the period)
P = "CUD-2021"
seance(
    "INFO21-01",
    "Réunion d'information : parcours Dunkerque - Flandre - Saint-Omer",
    "information",
    "2021-09-16",
    1,
    P,
    anim=[CARLIER, BECQUART],
)
seance(
    "CUD21-01",
    "Lancement du parcours et diagnostic territorial",
    "collectif_parcours",
    "2021-10-14",
    2,
    P,
    themes=[T_EMPLOYEUR],
    anim=[CARLIER, BECQUART],
)
seance(
    "CUD21-02",
    "Recruter et intégrer sur un territoire en tension",
    "collectif_parcours",
    "2021-11-18",
    1,
    P,
    themes=[T_RECRUT],
    anim=[CARLIER],
)
seance(
    "CUD21-03",
    "Prévenir et gérer les conflits",
    "collectif_parcours",
    "2021-12-16",
    1,
    P,
    themes=[T_MANAG, T_DIALOGUE],
    anim=[CARLIER],
)
seance(
    "CUD21-04",
    "Conditions de travail et qualité de vie au travail",
    "collectif_parcours",
    "2022-01-27",
    2,
    P,
    themes=[T_QVT],
    anim=[CARLIER, VANDAMME],
)
seance(
    "CUD21-05",
    "Bilan et schéma d'amélioration",
    "collectif_parcours",
    "2022-03-24",
    2,
    P,
    themes=[T_EMPLOYEUR, T_ORGA],
    anim=[CARLIER, ROUSSEL],
)

REFS = {s["ref"]: s for s in SEANCES}
assert len(REFS) == len(SEANCES)


def dj(pred):
    return sum(
        s["demi_journees"]
        for s in SEANCES
        if DU <= s["date"] <= AU and s["type"] != "information" and pred(s)
    )


assert dj(lambda s: s["parcours"] == "MEL-2019") == 15
assert dj(lambda s: s["parcours"] == "CAVM-2020") == 8
assert dj(lambda s: s["communaute"] in ("VIRTUELLE-2020", "PARTENARIALE-2020")) == 27
assert dj(lambda s: True) == 74, dj(lambda s: True)


# ---------------------------------------------------------------- participations
def refs(prefix, communaute=None, parcours=None, in_period=True):
    return [
        s["ref"]
        for s in SEANCES
        if (communaute is None or s["communaute"] == communaute)
        and (parcours is None or s["parcours"] == parcours)
        and s["ref"].startswith(prefix)
        and (not in_period or DU <= s["date"] <= AU)
    ]


def spread(people, session_refs, extra=0.25, bulle_extra=0.08):
    """Everyone attends at least one session; some attend more."""
    for e in people:
        first = rng.choice(session_refs)
        PARTS.setdefault(first, []).append(e)
        for r in session_refs:
            if r == first:
                continue
            p = bulle_extra if REFS[r]["type"] == "bulle_dialogue" else extra
            if rng.random() < p:
                PARTS.setdefault(r, []).append(e)


# communities: people chosen by construction
maillage, clef = BY_ORG["Maillage"], BY_ORG["La Clef du permis"]
esf = BY_ORG["Élevages sans Frontières"]
v20 = (
    take(POOL_A, 10, must=esf[:2])
    + take(POOL_B, 8, must=maillage[:2] + clef[:1])
    + take(POOL_C, 2)
    + take(POOL_D, 14, must=BY_ORG["Bien Fait pour ta Com'"][:2])
    + take(POOL_E, 5)
)
assert len(v20) == 39
v20_d = [e for e in v20 if e in POOL_D]
p20 = v20_d[:4] + v20[:2] + take(POOL_D, 12) + take(POOL_A, 3) + take(POOL_B, 2) + take(POOL_E, 4)
assert len(set(p20)) == 27 and len(set(v20) & set(p20)) == 6
v20_b = [e for e in set(v20) | set(p20) if e in POOL_B]
v20_b.sort()
cavm21_people = pool(groups={"CAVM"})  # people of CAVM orgs enrolled in 2021 first
cavm21_people = [e for e in POOL_B if PEOPLE[e][2] in CAVM21] + [
    e for e in POOL_B if PEOPLE[e][2] not in CAVM21
]
k21 = v20_b[:4] + take(cavm21_people, 18)
assert len(set(k21)) == 22
others = sorted((set(v20) | set(p20)) - set(POOL_B))
rng.shuffle(others)
w21 = (
    others[:6]
    + take(POOL_A, 8)
    + take(POOL_C, 10)
    + take(POOL_D, 5)
    + take(POOL_E, 3)
    + take(POOL_B, 2)
)
assert len(set(w21)) == 34
union = set(v20) | set(p20) | set(k21) | set(w21)
assert len(union) == 106, len(union)

spread(v20, refs("VIRT20"), extra=0.3)
spread(p20, refs("PART20"), extra=0.2)
spread(k21, refs("CAVMCOM21"), extra=0.35)
spread(w21, refs("VIRT21"), extra=0.25)
# January 2022 session of the virtual community: 3 regulars + 3 newcomers (outside the period)
late = take(POOL_E + POOL_D + POOL_C, 3)
PARTS["VIRT22-01"] = sorted(w21[:3]) + late

# parcours sessions: 1-2 people per enrolled organisation, most sessions
PARCOURS_ORGS = {"MEL-2019": MEL19, "CAVM-2020": CAVM20, "CAVM-2021": CAVM21, "CUD-2021": CUD21}
for s in SEANCES:
    if not s["parcours"] or s["type"] == "information":
        continue
    for org in PARCOURS_ORGS[s["parcours"]]:
        if rng.random() < 0.85:
            ppl = BY_ORG[org]
            PARTS.setdefault(s["ref"], []).extend(ppl[: rng.choice([1, 1, 2])])
# information meetings
PARTS["INFO18-01"] = sorted(rng.sample(pool(terrs={"MEL"}), 14) + NO_ORG[:2])
PARTS["INFO18-02"] = sorted(rng.sample(pool(terrs={"CAVM"}), 12))
PARTS["INFO18-03"] = sorted(rng.sample(pool(terrs={"Hauts-de-France"}), 10) + NO_ORG[2:4])
PARTS["INFO20-01"] = sorted(e for org in CAVM20 for e in BY_ORG[org][:1])
PARTS["INFO21-01"] = sorted(pool(terrs={"CUD-CCFI-CAPSO"})[:9])

# ---------------------------------------------------------------- individual half-days
APPUIS = []  # (coach, org, date, dj, theme, notes)


def appui(coach, org, date, n, theme, notes):
    APPUIS.append((coach, org, d(date), n, theme, notes))


# 2018: before the period (not counted)
appui(
    BECQUART,
    "Grdr Hauts-de-France",
    "2018-11-20",
    1,
    T_EMPLOYEUR,
    "Premier échange sur les besoins RH avant l'entrée en parcours.",
)
appui(
    ROUSSEL,
    "Les Jardins de Moulins",
    "2018-12-04",
    1,
    T_ORGA,
    "Cadrage de la démarche, rencontre avec la coordinatrice.",
)
# MEL-2019 organisation before its parcours started (counted in the total, not for the parcours)
appui(
    BECQUART,
    "Ludothèque La Toupie",
    "2019-02-12",
    1,
    T_EMPLOYEUR,
    "Point sur le contrat de travail de l'animatrice.",
)
# MEL-2019, inside the parcours dates: 6 organisations, 14 half-days
appui(
    DEJUAN,
    "Élevages sans Frontières",
    "2019-05-28",
    2,
    T_MANAG,
    "Prise de poste du nouveau directeur : rôle et priorités.",
)
appui(
    DEJUAN,
    "Élevages sans Frontières",
    "2019-10-08",
    1,
    T_ORGA,
    "Fiches de poste de l'équipe siège.",
)
appui(
    BOCHU,
    "Grdr Hauts-de-France",
    "2019-06-04",
    2,
    T_GOUV,
    "Réunions d'équipe mensuelles : usager·es, territorialité, gouvernance.",
)
appui(
    BOCHU,
    "Grdr Hauts-de-France",
    "2019-12-10",
    1,
    T_MANAG,
    "Suivi des réunions d'équipe ; outils à transmettre aux autres antennes.",
)
appui(
    PARAGE,
    "Compagnie Pas de Côté",
    "2019-07-02",
    2,
    T_EMPLOYEUR,
    "Intermittence et obligations de l'employeur culturel.",
)
appui(
    DECOOL,
    "Recyclerie du Ferrain",
    "2019-09-24",
    2,
    T_COMPET,
    "Entretiens professionnels : grille et calendrier.",
)
appui(
    BOUTRY,
    "Énergies Citoyennes Métropole",
    "2019-11-05",
    2,
    T_GOUV,
    "Gouvernance partagée entre sociétaires et salarié·es.",
)
appui(
    BOUTIN,
    "Les Tisserands du Nord",
    "2020-02-11",
    2,
    T_COOP,
    "Coopération entre associé·es, préparation du séminaire.",
)
# MEL-2019 organisation after the parcours (counted in the total, not for the parcours)
appui(
    DEJUAN,
    "Élevages sans Frontières",
    "2020-09-15",
    2,
    T_RECRUT,
    "Recrutement d'une chargée de projet.",
)
# CAVM-2020: 2 organisations, 6 half-days
appui(
    BOCHU,
    "La Clef du permis",
    "2020-02-18",
    2,
    T_MANAG,
    "Sortie de conflit interne : outils de management RH.",
)
appui(
    BOCHU,
    "La Clef du permis",
    "2020-10-13",
    1,
    T_EMPLOYEUR,
    "Règlement intérieur et entretiens annuels.",
)
appui(
    BOUTRY,
    "Maillage",
    "2020-07-09",
    2,
    T_GOUV,
    "Sept salarié·es sans direction : clarifier les rôles.",
)
appui(
    BOUTRY,
    "Maillage",
    "2020-11-03",
    1,
    T_EMPLOYEUR,
    "Partage de la fonction employeur entre salarié·es et CA.",
)
# CAVM-2020 organisation not enrolled in 2021, supported in 2021 (outside any of its parcours)
appui(
    DECOOL,
    "Maison des Parents du Valenciennois",
    "2021-03-09",
    2,
    T_COMPET,
    "Plan de développement des compétences.",
)
# CAVM-2021: 3 organisations, 7 half-days
appui(BOUTRY, "Maillage", "2021-02-23", 2, T_ORGA, "Organisation du travail en équipe autogérée.")
appui(
    DEJUAN,
    "Régie de Quartier de Saint-Saulve",
    "2021-04-20",
    2,
    T_ORGA,
    "Réorganisation des équipes d'encadrement technique.",
)
appui(
    DEJUAN,
    "Régie de Quartier de Saint-Saulve",
    "2021-09-07",
    1,
    T_RECRUT,
    "Intégration des nouveaux encadrant·es.",
)
appui(
    VANDAMME,
    "Les Potagers de l'Escaut",
    "2021-05-11",
    2,
    T_QVT,
    "Pénibilité et conditions de travail des maraîcher·es.",
)
# CUD-2021: internal diagnostic in each structure (8 half-days in 2021, 4 in 2022)
for org, d1, d2 in [
    ("Les Fourmis Vertes", "2021-10-19", "2022-02-08"),
    ("Dunes Insertion", "2021-10-26", "2022-02-15"),
    ("Flandre Bois Coopérative", "2021-11-09", "2022-03-01"),
    ("Audomarois Solidaires", "2021-11-23", "2022-03-08"),
]:
    appui(CARLIER, org, d1, 2, T_EMPLOYEUR, "Diagnostic RH interne.")
    appui(CARLIER, org, d2, 1, T_MANAG, "Restitution du diagnostic et premières actions.")
# virtual community 2020: HR referent for 4 organisations (10 half-days)
appui(
    DECOOL,
    "Bien Fait pour ta Com'",
    "2020-06-09",
    2,
    T_EMPLOYEUR,
    "Référent RH dans une CAE : missions et limites.",
)
appui(
    DECOOL,
    "Bien Fait pour ta Com'",
    "2020-11-17",
    1,
    T_COOP,
    "Outils de coopération entre entrepreneur·es salarié·es.",
)
appui(
    SIMONE,
    "Centre social Les Trois Villes",
    "2020-06-16",
    2,
    T_MANAG,
    "Référent RH : animer l'équipe en visio.",
)
appui(
    SIMONE,
    "Centre social Les Trois Villes",
    "2020-12-01",
    1,
    T_QVT,
    "Retour d'expérience du confinement.",
)
appui(
    DELVINQ,
    "Le Relais Amiénois",
    "2020-07-01",
    2,
    T_EMPLOYEUR,
    "Désignation et rôle du référent RH.",
)
appui(
    DECOOL,
    "Calais Accueil Solidaire",
    "2020-10-27",
    2,
    T_COMPET,
    "Plan de formation et entretiens professionnels.",
)
# other organisations, 2021 (14 half-days)
appui(
    MOUTIEZ,
    "Artois Insertion Services",
    "2021-03-16",
    2,
    T_EGALITE,
    "Index égalité et plan d'action.",
)
appui(
    MOUTIEZ,
    "Artois Insertion Services",
    "2021-06-01",
    1,
    T_EGALITE,
    "Suivi du plan d'action égalité.",
)
appui(
    SIMONE,
    "L'Estran Culture",
    "2021-04-06",
    2,
    T_EMPLOYEUR,
    "Fonction employeur dans une petite compagnie.",
)
appui(
    SIMONE,
    "L'Estran Culture",
    "2021-05-18",
    1,
    T_MANAG,
    "Gestion de projet et répartition des rôles.",
)
appui(
    BOUTIN,
    "Les Compagnons de Somme",
    "2021-05-04",
    2,
    T_COOP,
    "Gouvernance coopérative et transmission entre associé·es.",
)
appui(
    BOUTIN,
    "Les Compagnons de Somme",
    "2021-10-05",
    1,
    T_TRANSM,
    "Départ en retraite d'un associé fondateur.",
)
appui(
    CARLIER,
    "Calais Accueil Solidaire",
    "2021-06-22",
    2,
    T_RECRUT,
    "Recrutement de deux travailleur·ses sociaux.",
)
appui(VANDAMME, "Coopaction Artois", "2021-09-14", 2, T_DIALOGUE, "Mise en place du CSE.")
appui(VANDAMME, "Coopaction Artois", "2021-12-07", 1, T_QVT, "Démarche qualité de vie au travail.")
# 2022: after the period (not counted)
appui(
    VANDAMME,
    "Coopaction Artois",
    "2022-01-18",
    2,
    T_QVT,
    "Questionnaire QVT auprès des salarié·es.",
)

assert sum(a[3] for a in APPUIS if DU <= a[2] <= AU) == 64, sum(
    a[3] for a in APPUIS if DU <= a[2] <= AU
)
assert len({(a[0], a[1], a[2]) for a in APPUIS}) == len(APPUIS)


# ---------------------------------------------------------------- write
def write(name, header, rows, delimiter=",", bom=False):
    with open(ICI / name, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as f:
        w = csv.writer(f, delimiter=delimiter, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def iso(x):
    return x.isoformat()


write(
    "accompagnateurs.csv",
    ["prenom", "nom", "email", "structure", "specialites", "entree", "sortie"],
    [[p, n, coach_email(p, n), st, "|".join(sp), e, s] for p, n, st, sp, e, s in COACHS],
)
write(
    "organisations.csv",
    ["nom", "siret", "forme_juridique", "territoire", "commune", "effectif"],
    [[n, SIRETS.get(n, ""), f, t, c, e] for n, f, t, c, e, g in ORGS],
    delimiter=";",
)
PARCOURS = [
    ("MEL-2019", "Parcours territorial MEL 2019", "MEL", "2019-04-01", "2020-03-31"),
    (
        "CAVM-2020",
        "Parcours territorial Valenciennes Métropole 2020",
        "CAVM",
        "2020-01-01",
        "2020-12-31",
    ),
    (
        "CAVM-2021",
        "Parcours territorial Valenciennes Métropole 2021",
        "CAVM",
        "2021-01-01",
        "2021-12-31",
    ),
    (
        "CUD-2021",
        "Parcours territorial Dunkerque - Flandre intérieure - Saint-Omer 2021",
        "CUD-CCFI-CAPSO",
        "2021-10-01",
        "2022-06-30",
    ),
]
write("parcours.csv", ["code", "nom", "territoire", "debut", "fin"], [list(p) for p in PARCOURS])
INSCR_DATES = {
    "MEL-2019": (d("2019-03-04"), 20),
    "CAVM-2020": (d("2019-12-02"), 25),
    "CAVM-2021": (d("2020-12-07"), 20),
    "CUD-2021": (d("2021-09-20"), 8),
}
rows = []
for code, orgs in PARCOURS_ORGS.items():
    start, span = INSCR_DATES[code]
    for org in orgs:
        rows.append([code, org, iso(start + dt.timedelta(days=rng.randint(0, span)))])
write("inscriptions.csv", ["parcours", "organisation", "date"], rows)
write(
    "communautes.csv",
    ["code", "nom", "type"],
    [
        ["VIRTUELLE-2020", "Communauté apprenante virtuelle 2020", "virtuelle"],
        ["PARTENARIALE-2020", "Communauté partenariale 2020 (réseaux thématiques)", "partenariale"],
        [
            "CAVM-COMMUNAUTE-2021",
            "Communauté apprenante territoriale Valenciennes Métropole 2021",
            "territoriale",
        ],
        ["VIRTUELLE-2021", "Communauté apprenante virtuelle 2021", "virtuelle"],
    ],
)
write(
    "seances.csv",
    [
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
    [
        [
            s["ref"],
            s["titre"],
            s["type"],
            iso(s["date"]),
            s["demi_journees"],
            s["parcours"],
            s["communaute"],
            "|".join(s["thematiques"]),
            "|".join(s["animateurs"]),
        ]
        for s in SEANCES
    ],
)
rows = []
for s in SEANCES:
    seen = set()
    for e in PARTS.get(s["ref"], []):
        if e in seen:
            continue
        seen.add(e)
        p, n, org = PEOPLE[e]
        rows.append([s["ref"], e, p, n, org])
write("participations.csv", ["seance", "email", "prenom", "nom", "organisation"], rows)
write(
    "appuis_individuels.csv",
    ["accompagnateur", "organisation", "date", "demi_journees", "thematique", "notes"],
    [
        [c, o, x.strftime("%d/%m/%Y"), n, t, notes]
        for c, o, x, n, t, notes in sorted(APPUIS, key=lambda a: (a[2], a[1]))
    ],
    bom=True,
)
if PROGRAMME_SRC.exists():  # the shared original, copied unchanged
    shutil.copyfile(PROGRAMME_SRC, ICI / "programme.yaml")
print("ok:", ", ".join(sorted(p.name for p in ICI.glob("*.csv"))))
