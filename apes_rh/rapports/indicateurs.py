"""The report's sections per axe (DESIGN §1) beyond the figures of §5.

Each axe lists *indicators*: {"libelle", "valeur", "personnes"} — aggregated figures only,
never a person's name, a bulle's notes or a diagnostic's content. Apps add theirs from
AppConfig.ready() (the core never imports them):

    from apes_rh.rapports.indicateurs import register_indicateurs
    register_indicateurs("outils", lambda requetes: [indicateur("Diagnostics réalisés", n)])

`requetes` is a `calculs.Requetes` (period `du`/`au`, perimeter `p`). A provider must run a
constant number of aggregate queries. `personnes=True` marks a count of people: funders see
"< 3" below 3.
"""

import logging
from collections import defaultdict
from collections.abc import Callable

from django.apps import apps
from django.core.exceptions import FieldError
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce

from .perimetre import masquer_personnes

logger = logging.getLogger(__name__)

AXES = {
    "accompagnateurs": "Axe 1 — Le vivier d'accompagnateurs·trices",
    "parcours": "Axe 2 — Les parcours territoriaux",
    "communautes": "Axe 3 — Les communautés apprenantes",
    "outils": "Axe 4 — Les outils",
    "partenariats": "Axe 5 — Les partenariats",
}
FOURNISSEURS: dict[str, list[Callable]] = defaultdict(list)


def register_indicateurs(axe: str, fournisseur: Callable) -> None:
    if axe not in AXES:
        raise LookupError(f"Axe inconnu : {axe}")
    if fournisseur not in FOURNISSEURS[axe]:
        FOURNISSEURS[axe].append(fournisseur)


def indicateur(libelle: str, valeur, *, personnes: bool = False, detail: str = "") -> dict:
    return {"libelle": libelle, "valeur": valeur, "personnes": personnes, "detail": detail}


def _modele(app_label: str, nom: str):
    try:
        return apps.get_model(app_label, nom)
    except LookupError:
        return None


# -- built-in providers ---------------------------------------------------------------------


def _accompagnateurs(r) -> list[dict]:
    from accompagnateurs.models import DemiJournee

    coachs = r.accompagnateurs()
    binomes = (
        DemiJournee.objects.validees()
        .filter(r.p.q_territoire("organisation__territoire_id"))
        .filter(date__gte=r.du, date__lte=r.au, co_accompagnateur__isnull=False)
        .aggregate(n=Coalesce(Sum("demi_journees"), 0))["n"]
    )
    animees = (
        r.seances_collectives()
        .filter(animateurs__accompagnateur__in=coachs)
        .aggregate(n=Count("pk", distinct=True))["n"]
    )
    return [
        indicateur("Séances collectives animées par le vivier", animees),
        indicateur("Demi-journées d'appui en binôme", binomes),
    ]


def specialites(r, limite: int = 12) -> list[dict]:
    """The specialties of the coaches counted, most frequent first (1 query)."""
    from accompagnateurs.models import Specialite

    lignes = (
        Specialite.objects.filter(accompagnateur__in=r.accompagnateurs())
        .annotate(n=Count("accompagnateur", distinct=True))
        .order_by("-n", "nom")[:limite]
    )
    return [{"nom": s.nom, "accompagnateurs": s.n} for s in lignes]


def _communautes(r) -> list[dict]:
    from parcours.enums import TypeSeance

    par_type = dict(
        r.seances()
        .filter(communaute__isnull=False)
        .order_by()
        .values_list("type")
        .annotate(n=Count("pk"))
    )
    libelles = dict(TypeSeance.choices)
    resultat = [
        indicateur(f"Séances « {libelles.get(t, t)} »", n)
        for t, n in sorted(par_type.items(), key=lambda x: -x[1])
    ]
    return resultat


def _outils(r) -> list[dict]:
    """Tools in use, from the follow-up space and the MOOC (apps `outils`) once installed.
    Models still taking shape are skipped with a warning rather than breaking the report."""
    organisations = r.organisations().values("pk")
    periode = {"du": r.du, "au": r.au}
    # (model, label, filters, date lookup for the period or None, counts people)
    mesures = [
        (
            "Diagnostic",
            "Diagnostics commencés",
            {"organisation__in": organisations},
            "cree_le__date",
            False,
        ),
        (
            "Suivi",
            "Entrées de suivi opérationnel",
            {"organisation__in": organisations},
            "date",
            False,
        ),
        ("Ressource", "Ressources publiées", {}, None, False),
        ("Progression", "Modules du MOOC terminés", {}, "terminee_le__date", False),
        (
            "Attestation",
            "Personnes ayant obtenu une attestation du MOOC",
            {},
            "obtenue_le__date",
            True,
        ),
    ]
    resultat = []
    espaces = _modele("outils", "Diagnostic")
    if espaces is not None:
        try:
            n = espaces.objects.filter(
                organisation__in=organisations, cree_le__date__lte=r.au
            ).aggregate(n=Count("organisation", distinct=True))["n"]
            resultat.append(indicateur("Espaces d'organisation avec un diagnostic", n))
        except (FieldError, ValueError, TypeError) as exc:
            logger.warning("Indicateur des espaces indisponible : %s", exc)
    for nom, libelle, filtres, champ_date, personnes in mesures:
        modele = _modele("outils", nom)
        if modele is None:
            continue
        try:
            qs = modele.objects.all()
            if nom == "Ressource" and hasattr(qs, "publiees"):
                qs = qs.publiees()
            qs = qs.filter(**filtres)
            if champ_date:
                qs = qs.filter(
                    **{f"{champ_date}__gte": periode["du"], f"{champ_date}__lte": periode["au"]}
                )
            if personnes:
                valeur = qs.aggregate(n=Count("personne", distinct=True))["n"]
            else:
                valeur = qs.count()
            resultat.append(indicateur(libelle, valeur, personnes=personnes))
        except (FieldError, ValueError, TypeError) as exc:
            logger.warning("Indicateur « %s » indisponible : %s", libelle, exc)
    return resultat


def partenaires(r) -> list[dict]:
    """Partner networks active in the period with their roles (names of organisations)."""
    from communautes.models import RoleReseauPartenaire

    roles = (
        RoleReseauPartenaire.objects.filter(debut__lte=r.au)
        .filter(Q(fin__isnull=True) | Q(fin__gte=r.du))
        .select_related("reseau")
        .order_by("reseau__nom", "role")
    )
    reseaux: dict[str, dict] = {}
    for role in roles:
        ligne = reseaux.setdefault(role.reseau.nom, {"nom": role.reseau.nom, "roles": []})
        libelle = role.get_role_display().split(" (")[0]
        if libelle not in ligne["roles"]:
            ligne["roles"].append(libelle)
    return list(reseaux.values())


def _partenariats(r) -> list[dict]:
    liste = partenaires(r)
    compte = defaultdict(int)
    for reseau in liste:
        for role in reseau["roles"]:
            compte[role] += 1
    return [indicateur("Réseaux partenaires actifs", len(liste))] + [
        indicateur(f"Réseaux en rôle de {role.lower()}", n) for role, n in sorted(compte.items())
    ]


INTEGRES = {
    "accompagnateurs": _accompagnateurs,
    "communautes": _communautes,
    "outils": _outils,
    "partenariats": _partenariats,
}


def indicateurs(r) -> dict[str, list[dict]]:
    """Per axe, the built-in indicators then those registered by the apps."""
    resultat = {}
    for axe in AXES:
        fournisseurs = ([INTEGRES[axe]] if axe in INTEGRES else []) + FOURNISSEURS.get(axe, [])
        lignes = []
        for fournisseur in fournisseurs:
            lignes.extend(fournisseur(r))
        if r.p.masquer:
            lignes = [
                {**ligne, "valeur": masquer_personnes(ligne["valeur"])}
                if ligne.get("personnes")
                else ligne
                for ligne in lignes
            ]
        resultat[axe] = lignes
    return resultat
