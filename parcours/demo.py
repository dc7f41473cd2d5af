"""Demo data of the parcours app: a live agenda on top of the imported 2019–2021 programme.

`charger(stdout)` is run by `manage.py demo` after the import. It is idempotent: sessions
are keyed by their `ref` and their dates move with today, so running it again later keeps
them upcoming. Organisations and people come from the imported dataset (looked up by name
and e-mail; created when missing so the demo also works with `--sans-import`). No e-mail
is sent: rows are written directly, not through the registration services.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from apes_rh.models import Territoire, Thematique, User

from .enums import EtapeParcours, RoleMembre, StatutInscription, StatutParticipation, TypeSeance
from .models import Inscription, Membre, Organisation, Parcours, Participation, Seance

COACH = "pierre-henri.roussel@example.org"
COACH_2 = "anne-catherine.delvinquiere@example.org"
PILOTE_DEMO = "pilote@demo.apes-hdf.org"
MEMBRE_DEMO = "membre@demo.apes-hdf.org"

# (organisation, commune, [(e-mail, first name, last name)]) — from participations.csv
PERSONNES = [
    (
        "Élevages sans Frontières",
        "Lille",
        [
            ("adele.flament@elevages-sans-frontieres.example", "Adèle", "Flament"),
            ("damien.leroy@elevages-sans-frontieres.example", "Damien", "Leroy"),
        ],
    ),
    (
        "Ludothèque La Toupie",
        "Roubaix",
        [
            ("baptiste.delattre@ludotheque-la-toupie.example", "Baptiste", "Delattre"),
            ("chloe.marechal@ludotheque-la-toupie.example", "Chloé", "Maréchal"),
        ],
    ),
    (
        "Atelier Vélo du Pile",
        "Roubaix",
        [("benoit.bouchez@atelier-velo-du-pile.example", "Benoît", "Bouchez")],
    ),
    (
        "Énergies Citoyennes Métropole",
        "Villeneuve-d'Ascq",
        [("chloe.lambert@energies-citoyennes-metropole.example", "Chloé", "Lambert")],
    ),
    (
        "Grdr Hauts-de-France",
        "Lille",
        [("caroline.petit@grdr-hauts-de-france.example", "Caroline", "Petit")],
    ),
    (
        "Les Jardins de Moulins",
        "Lille",
        [("kevin.dufour@les-jardins-de-moulins.example", "Kévin", "Dufour")],
    ),
]


def _jour(jours: int, semaine: int | None = None) -> datetime.date:
    """A date `jours` from today, moved to the given weekday (0 = Monday) if asked."""
    date = timezone.localdate() + datetime.timedelta(days=jours)
    if semaine is not None:
        date += datetime.timedelta(days=(semaine - date.weekday()) % 7)
    return date


def _jour_ouvre_precedent(date: datetime.date) -> datetime.date:
    date -= datetime.timedelta(days=1)
    while date.weekday() >= 5:
        date -= datetime.timedelta(days=1)
    return date


def _personne(email: str, first_name: str = "", last_name: str = "") -> User:
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(email=email, first_name=first_name, last_name=last_name)
    return user


def _organisation(nom: str, commune: str, territoire: Territoire) -> Organisation:
    organisation = Organisation.objects.filter(nom=nom).first()
    if organisation is None:
        organisation = Organisation.objects.create(nom=nom, commune=commune, territoire=territoire)
    return organisation


def _membre(personne: User, organisation: Organisation, role=RoleMembre.MEMBRE) -> None:
    if not Membre.objects.actifs().filter(personne=personne, organisation=organisation).exists():
        Membre.objects.create(
            personne=personne,
            organisation=organisation,
            role=role,
            debut=timezone.localdate() - datetime.timedelta(days=400),
        )


def _thematique(nom: str) -> Thematique | None:
    return Thematique.objects.filter(nom__istartswith=nom).first()


def _seance(ref: str, *, animateurs=(), thematique: str = "", **valeurs) -> Seance:
    valeurs.setdefault("annulee", False)
    seance, _ = Seance.objects.update_or_create(ref=ref, defaults=valeurs)
    if seance.heure_debut and seance.heure_fin and not seance.demi_journees_forcees:
        seance.demi_journees = Seance.demi_journees_pour(seance.heure_debut, seance.heure_fin)
        seance.save(update_fields=["demi_journees"])
    seance.animateurs.set([a for a in animateurs if a])
    theme = _thematique(thematique) if thematique else None
    if theme:
        seance.thematiques.set([theme])
    return seance


def _inscrire(seance: Seance, personnes, organisations: dict, statut=StatutParticipation.INSCRIT):
    for personne in personnes:
        Participation.objects.get_or_create(
            seance=seance,
            personne=personne,
            defaults={"statut": statut, "organisation": organisations.get(personne.pk)},
        )


@transaction.atomic
def charger(stdout) -> None:
    mel, _ = Territoire.objects.get_or_create(
        code="MEL", defaults={"nom": "Métropole Européenne de Lille"}
    )
    coach = _personne(COACH, "Pierre-Henri", "Roussel")
    coach_2 = User.objects.filter(email__iexact=COACH_2).first()

    # People of the imported organisations, and the demo accounts.
    organisation_de: dict[int, Organisation] = {}
    personnes: list[User] = []
    organisations: list[Organisation] = []
    for nom, commune, gens in PERSONNES:
        organisation = _organisation(nom, commune, mel)
        organisations.append(organisation)
        for email, prenom, nom_famille in gens:
            personne = _personne(email, prenom, nom_famille)
            _membre(personne, organisation)
            organisation_de[personne.pk] = organisation
            personnes.append(personne)
    demo = [u for u in User.objects.filter(email__in=[PILOTE_DEMO, MEMBRE_DEMO]).order_by("email")]
    for user in demo:
        adhesion = Membre.objects.actifs().filter(personne=user).select_related("organisation")
        if adhesion.exists():
            organisation_de[user.pk] = adhesion.first().organisation

    # A current parcours on the MEL, so that the parcours pages and "open to me" are alive.
    today = timezone.localdate()
    debut = today - datetime.timedelta(days=45)
    parcours, _ = Parcours.objects.update_or_create(
        code="MEL-DEMO",
        defaults={
            "nom": "Parcours territorial MEL (démonstration)",
            "territoire": mel,
            "debut": debut,
            "fin": debut + datetime.timedelta(days=365),
            "autorite_partenaire": "Métropole Européenne de Lille",
            "description": "Une cohorte de la métropole lilloise : demi-journées collectives, "
            "co-développement et appuis individuels, sur un an.",
            "capacite": 10,
            "diagnostic_debut": debut,
            "diagnostic_fin": debut + datetime.timedelta(days=90),
            "schema_debut": debut + datetime.timedelta(days=91),
            "schema_fin": debut + datetime.timedelta(days=210),
            "suivi_debut": debut + datetime.timedelta(days=211),
            "suivi_fin": debut + datetime.timedelta(days=365),
            "candidatures_ouvertes": True,
        },
    )
    parcours.accompagnateurs.set([u for u in (coach, coach_2) if u])
    for i, organisation in enumerate(organisations[:5]):
        Inscription.objects.get_or_create(
            parcours=parcours,
            organisation=organisation,
            defaults={
                "statut": StatutInscription.INSCRITE,
                "date": debut,
                "etape": EtapeParcours.SCHEMA if i < 2 else EtapeParcours.DIAGNOSTIC,
            },
        )

    lieu = "Apes, 235 boulevard Paul Painlevé, 59000 Lille"
    visio = "https://visio.apes-hdf.org/demarche-progres-rh"
    h = datetime.time
    dans_le_parcours = [p for p in personnes if organisation_de[p.pk] in organisations[:5]] + [
        u for u in demo if organisation_de.get(u.pk) in organisations[:5]
    ]

    # The last working day: attendance still to be taken (the coach's attendance sheet).
    hier = _seance(
        "MEL-DEMO-01",
        titre="Diagnostic partagé : où en sont nos pratiques RH ?",
        type=TypeSeance.COLLECTIF_PARCOURS,
        parcours=parcours,
        date=_jour_ouvre_precedent(today),
        heure_debut=h(9, 30),
        heure_fin=h(12, 30),
        lieu=lieu,
        ville="Lille",
        capacite=16,
        animateurs=[coach],
        thematique="Fonction employeur",
    )
    _inscrire(hier, dans_le_parcours, organisation_de)

    prochaine = _seance(
        "MEL-DEMO-02",
        titre="Recruter et intégrer : construire son parcours d'accueil",
        type=TypeSeance.COLLECTIF_PARCOURS,
        parcours=parcours,
        date=_jour(8, semaine=1),
        heure_debut=h(9, 30),
        heure_fin=h(12, 30),
        lieu=lieu,
        ville="Lille",
        lien_visio=visio,
        capacite=16,
        animateurs=[coach],
        thematique="Recrutement",
    )
    _inscrire(prochaine, dans_le_parcours[:6], organisation_de)

    # A small co-development group, full, with a waiting list.
    codev = _seance(
        "MEL-DEMO-03",
        titre="Atelier de co-développement : manager sans être « le chef »",
        type=TypeSeance.CODEVELOPPEMENT,
        parcours=parcours,
        date=_jour(22, semaine=3),
        heure_debut=h(14, 0),
        heure_fin=h(17, 0),
        lieu="Maison des associations, 72 rue Royale, 59000 Lille",
        ville="Lille",
        capacite=4,
        animateurs=[coach_2 or coach],
        thematique="Management",
    )
    _inscrire(codev, dans_le_parcours[:4], organisation_de)
    _inscrire(codev, dans_le_parcours[4:6], organisation_de, statut=StatutParticipation.ATTENTE)

    # Open regional events, on the public agenda.
    info = _seance(
        "APES-DEMO-INFO",
        titre="Réunion d'information : la démarche progrès RH",
        type=TypeSeance.INFORMATION,
        date=_jour(15, semaine=3),
        heure_debut=h(10, 0),
        heure_fin=h(11, 30),
        lien_visio=visio,
        ville="En visio",
        capacite=40,
        publique=True,
        animateurs=[coach],
        description="Une heure et demie pour découvrir la démarche : parcours territoriaux, "
        "communautés apprenantes, outils. Ouverte à toutes les structures de l'ESS.",
    )
    _inscrire(info, personnes[-3:], organisation_de)
    rencontre = _seance(
        "APES-DEMO-QVT",
        titre="Rencontre thématique : qualité de vie et conditions de travail",
        type=TypeSeance.RENCONTRE_THEMATIQUE,
        date=_jour(36, semaine=1),
        heure_debut=h(9, 0),
        heure_fin=h(17, 0),
        lieu="Maison régionale de l'environnement et des solidarités, 23 rue Gosselet, Lille",
        ville="Lille",
        capacite=60,
        publique=True,
        animateurs=[u for u in (coach, coach_2) if u],
        thematique="Conditions de travail",
    )
    _inscrire(rencontre, personnes[:3], organisation_de)

    stdout.write(
        f"Agenda de démonstration : parcours {parcours.code} ({len(organisations[:5])} "
        f"organisations) et 5 séances, dont 2 ouvertes dans l'agenda public."
    )
