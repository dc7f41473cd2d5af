"""Referentials and the benchmark's accounts, created in the benchmark database (in-process).

One person per role for the page measurements, tied to the same objects at 1× and 100×
(the programme's first copy keeps the demo's names), and a crowd of people for the load test.
"""

import datetime
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.contrib.auth.hashers import make_password
from django.db import transaction

PROGRAMME = Path(__file__).resolve().parent.parent / "apes_rh" / "demo" / "programme.yaml"
MOT_DE_PASSE = "bench-apes-rh-2026"
ORGANISATION = "Élevages sans Frontières"
COACH = "pierre-henri.roussel@example.org"
PARCOURS = "MEL-2019"
COMMUNAUTE = "VIRTUELLE-2020"
FINANCEUR = "MEL"
DEBUT = datetime.date(2019, 1, 1)


@dataclass
class Monde:
    """The people and objects the measured pages are about."""

    users: dict = field(default_factory=dict)  # role → User (None for anonyme)
    organisation: object = None
    parcours: object = None
    seance: object = None
    communaute: object = None
    accompagnateur: object = None
    financeur: object = None
    reseau: object = None
    totp: dict = field(default_factory=dict)  # user pk → TOTP secret
    theme: dict | None = None  # URL arguments of a vitrine theme page
    lecon: dict | None = None  # URL arguments of a public MOOC lesson


@transaction.atomic
def charger_referentiels() -> None:
    """Territories and funders with their perimeters (what `manage.py demo` loads first)."""
    from apes_rh.models import Financeur, Territoire

    programme = yaml.safe_load(PROGRAMME.read_text(encoding="utf-8"))
    for t in programme["territoires"]:
        Territoire.objects.update_or_create(code=t["code"], defaults={"nom": t["nom"]})
    for f in programme["financeurs"]:
        financeur, _ = Financeur.objects.update_or_create(
            code=f["code"], defaults={"nom": f["nom"]}
        )
        financeur.territoires.set(Territoire.objects.filter(code__in=f["perimetre"]))
    _contenus_vitrine()


def _contenus_vitrine() -> None:
    """The vitrine's seeded content (themes, MOOC), as `manage.py demo` loads it."""
    try:
        from outils.vitrine.contenus import charger_mooc, charger_themes
    except ImportError:
        return
    charger_themes()
    charger_mooc()


def _pages_vitrine(monde) -> None:
    try:
        from outils.vitrine.models import Module, ThemeVitrine
    except ImportError:
        return
    theme = ThemeVitrine.objects.order_by("pk").first()
    if theme is not None:
        monde.theme = {"slug": theme.slug}
    module = Module.objects.filter(public=True).order_by("pk").first()
    lecon = module.lecons.order_by("ordre").first() if module else None
    if lecon is not None:
        monde.lecon = {"code": module.code, "pk": lecon.pk}


_HASH = None


def _hash() -> str:
    global _HASH
    if _HASH is None:
        _HASH = make_password(MOT_DE_PASSE)
    return _HASH


def _personne(email: str, prenom: str, nom: str, **fields):
    from allauth.account.models import EmailAddress

    from apes_rh.models import User

    user, _ = User.objects.update_or_create(
        email=email,
        defaults={
            "first_name": prenom,
            "last_name": nom,
            "password": _hash(),
            "is_active": True,
            **fields,
        },
    )
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"primary": True, "verified": True}
    )
    return user


def _totp(user, monde: Monde) -> None:
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).delete()
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    monde.totp[user.pk] = secret


def _membre(user, organisation, role) -> None:
    from parcours.models import Membre

    Membre.objects.get_or_create(
        personne=user, organisation=organisation, role=role, defaults={"debut": DEBUT}
    )


def _organisation(nom: str):
    from apes_rh.models import Territoire
    from parcours.models import Organisation

    organisation = Organisation.objects.filter(nom=nom).first()
    if organisation is None:  # no import: an organisation of its own
        organisation = Organisation.objects.create(
            nom=nom, territoire=Territoire.objects.get(code="MEL"), commune="Lille"
        )
    return organisation


def _accompagnateur(email: str):
    from accompagnateurs.models import Accompagnateur

    coach = Accompagnateur.objects.select_related("user").filter(user__email=email).first()
    if coach is None:
        user = _personne(email, "Pierre-Henri", "Roussel")
        coach = Accompagnateur.objects.create(user=user, structure="Le Germoir", entree=DEBUT)
    else:
        # The fresh row: a stale password hash would void the session (auth hash check).
        coach.user = _personne(email, coach.user.first_name, coach.user.last_name)
    return coach


@transaction.atomic
def preparer_monde() -> Monde:
    """One person per role, attached to the same objects whatever the data size."""
    from apes_rh.models import Financeur
    from communautes.models import Communaute, ContactPartenaire, ReseauPartenaire
    from parcours.enums import RoleMembre
    from parcours.models import Parcours, Seance

    monde = Monde()
    monde.organisation = _organisation(ORGANISATION)
    monde.parcours = Parcours.objects.filter(code=PARCOURS).first()
    monde.communaute = Communaute.objects.filter(code=COMMUNAUTE).first()
    monde.seance = (
        Seance.objects.filter(parcours=monde.parcours).order_by("date", "pk").first()
        if monde.parcours
        else None
    )
    monde.accompagnateur = _accompagnateur(COACH)
    monde.financeur = Financeur.objects.get(code=FINANCEUR)
    monde.reseau, _ = ReseauPartenaire.objects.get_or_create(
        code="MRES", defaults={"nom": "Maison régionale de l'environnement et des solidarités"}
    )

    chargee = _personne("chargee@bench.example", "Camille", "Martin", equipe=True)
    _totp(chargee, monde)
    pilote = _personne("pilote@bench.example", "Inès", "Lefebvre")
    _membre(pilote, monde.organisation, RoleMembre.PILOTE)
    membre = _personne("membre@bench.example", "Hugo", "Dubois")
    _membre(membre, monde.organisation, RoleMembre.MEMBRE)
    financeur = _personne("financeur@bench.example", "Sophie", "Leroy", financeur=monde.financeur)
    partenaire = _personne("partenaire@bench.example", "Julien", "Mercier")
    ContactPartenaire.objects.get_or_create(reseau=monde.reseau, personne=partenaire)
    _pages_vitrine(monde)
    monde.users = {
        "anonyme": None,
        "membre": membre,
        "pilote": pilote,
        "accompagnateur": monde.accompagnateur.user,
        "chargee": chargee,
        "financeur": financeur,
        "partenaire": partenaire,
    }
    return monde


# Mix of the 50 simulated people of the load test (anonymous visitors need no account).
FOULE = {
    "anonyme": 8,
    "membre": 8,
    "pilote": 10,
    "accompagnateur": 8,
    "chargee": 6,
    "financeur": 6,
    "partenaire": 4,
}


@transaction.atomic
def preparer_foule(monde: Monde, foule: dict[str, int] = FOULE) -> list[tuple[str, str, str]]:
    """Accounts of the load test: (role, email, TOTP secret or "")."""
    from accompagnateurs.models import Accompagnateur
    from apes_rh.models import Financeur
    from communautes.models import ContactPartenaire
    from parcours.enums import RoleMembre

    # Pilots (as co-pilots) and members of the measured organisation, so that every page of
    # their journeys (organisation page, follow-up space) is theirs.
    gens = [("anonyme", "", "")] * foule.get("anonyme", 0)
    for i in range(foule.get("pilote", 0)):
        user = _personne(f"pilote{i}@charge.example", "Pilote", f"n°{i}")
        _membre(user, monde.organisation, RoleMembre.COPILOTE)
        gens.append(("pilote", user.email, ""))
    for i in range(foule.get("membre", 0)):
        user = _personne(f"membre{i}@charge.example", "Membre", f"n°{i}")
        _membre(user, monde.organisation, RoleMembre.MEMBRE)
        gens.append(("membre", user.email, ""))
    coaches = list(Accompagnateur.objects.select_related("user").order_by("pk"))
    for i in range(foule.get("accompagnateur", 0)):
        if i < len(coaches):
            user = coaches[i].user
            _personne(user.email, user.first_name, user.last_name)
        else:
            user = _personne(f"coach{i}@charge.example", "Coach", f"n°{i}")
            Accompagnateur.objects.create(user=user, structure="Charge", entree=DEBUT)
        gens.append(("accompagnateur", user.email, ""))
    for i in range(foule.get("chargee", 0)):
        user = _personne(f"chargee{i}@charge.example", "Chargée", f"n°{i}", equipe=True)
        _totp(user, monde)
        gens.append(("chargee", user.email, monde.totp[user.pk]))
    financeurs = list(Financeur.objects.order_by("code"))
    for i in range(foule.get("financeur", 0)):
        user = _personne(
            f"financeur{i}@charge.example",
            "Financeur",
            f"n°{i}",
            financeur=financeurs[i % len(financeurs)],
        )
        gens.append(("financeur", user.email, ""))
    for i in range(foule.get("partenaire", 0)):
        user = _personne(f"partenaire{i}@charge.example", "Partenaire", f"n°{i}")
        ContactPartenaire.objects.get_or_create(reseau=monde.reseau, personne=user)
        gens.append(("partenaire", user.email, ""))
    return gens
