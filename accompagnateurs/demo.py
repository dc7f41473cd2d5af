"""Demo data of the coach pool, on top of the imported 2019–2021 programme. Idempotent.

Coaches exist by e-mail after the import (apes_rh/demo/accompagnateurs.csv); they are created
here if missing. Adds: HR themes and territories on profiles (for the directory and the
suggestions), missions for a few imported organisations, draft / submitted / returned half-days,
an open call for interest with one application, and the notes of the 2021 yearly review.
"""

import csv
import datetime
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from apes_rh.models import Territoire, Thematique, User
from apes_rh.stockage import stockage_prive
from parcours.models import Organisation, Seance

from .enums import StatutDemiJournee
from .models import (
    Accompagnateur,
    AppelAManifestation,
    BilanAnnuel,
    Candidature,
    DemiJournee,
    Mission,
    Specialite,
)
from .suggestions import mots_cles

CSV = Path(settings.BASE_DIR) / "apes_rh" / "demo" / "accompagnateurs.csv"
MARQUE = "[démo]"

# organisation, theme, main coach, binôme, budget, records (days ago, half-days, status, notes)
MISSIONS = [
    (  # the demo coach account (see apes_rh/management/commands/demo.py)
        "Les Jardins de Moulins",
        "Organisation du travail et fiches de poste",
        "pierre-henri.roussel@example.org",
        "jean-bernard.becquart@example.org",
        4,
        [
            (9, 1, StatutDemiJournee.SOUMISE, "Atelier fiches de poste avec l'équipe."),
            (1, 1, StatutDemiJournee.BROUILLON, "Relecture des fiches de poste."),
        ],
    ),
    (
        "Ludothèque La Toupie",
        "Recrutement et intégration",
        "ludovic.carlier@example.org",
        None,
        4,
        [
            (20, 1, StatutDemiJournee.SOUMISE, "Définition du poste d'animateur·trice."),
            (6, 1, StatutDemiJournee.BROUILLON, "Préparation des entretiens de recrutement."),
        ],
    ),
    (
        "Maillage",
        "Management et posture de direction",
        "beatrice.boutin@example.org",
        "martin.boutry@example.org",
        6,
        [
            (30, 2, StatutDemiJournee.VALIDEE, "Atelier de l'équipe de direction."),
            (12, 2, StatutDemiJournee.SOUMISE, "Entretiens individuels avec les cadres."),
            (3, 1, StatutDemiJournee.BROUILLON, "Restitution au bureau."),
        ],
    ),
    (
        "Dunes Insertion",
        "Conditions de travail et qualité de vie au travail",
        "nathalie.vandamme@example.org",
        None,
        3,
        [
            (15, 2, StatutDemiJournee.VALIDEE, "Diagnostic des risques psychosociaux."),
            (8, 1, StatutDemiJournee.RENVOYEE, "Plan d'action QVT."),
        ],
    ),
    (
        "Les Fourmis Vertes",
        "Fonction employeur et obligations légales",
        "jean-bernard.becquart@example.org",
        None,
        2,
        [(2, 1, StatutDemiJournee.BROUILLON, "Registre du personnel et affichages obligatoires.")],
    ),
]

THEMES_PAR_COACH = {
    "ludovic.carlier@example.org": ["Recrutement et intégration"],
    "beatrice.boutin@example.org": [
        "Management et posture de direction",
        "Coopération et intelligence collective",
    ],
    "martin.boutry@example.org": [
        "Gouvernance et relation salarié·es / administrateur·trices",
        "Coopération et intelligence collective",
    ],
    "nathalie.vandamme@example.org": [
        "Conditions de travail et qualité de vie au travail",
        "Dialogue et parole des salarié·es",
    ],
    "jean-bernard.becquart@example.org": ["Fonction employeur et obligations légales"],
    "philippe.bochu@example.org": ["Management et posture de direction"],
}


def _date(valeur: str):
    return datetime.date.fromisoformat(valeur) if valeur else None


def _coachs(stdout) -> dict[str, Accompagnateur]:
    coachs = {}
    with CSV.open(encoding="utf-8-sig", newline="") as fichier:
        for row in csv.DictReader(fichier):
            email = row["email"].strip().lower()
            user, _ = User.objects.get_or_create(
                email=email,
                defaults={"first_name": row["prenom"], "last_name": row["nom"]},
            )
            profil, cree = Accompagnateur.objects.get_or_create(
                user=user,
                defaults={
                    "structure": row["structure"],
                    "entree": _date(row["entree"]),
                    "sortie": _date(row["sortie"]),
                },
            )
            if cree:
                stdout.write(f"  accompagnateur·trice créé·e : {email}")
            noms = [s.strip() for s in row["specialites"].split("|") if s.strip()]
            if noms and not profil.specialites.exists():
                profil.specialites.set([Specialite.objects.get_or_create(nom=n)[0] for n in noms])
            coachs[email] = profil
    return coachs


def _enrichir_profils(coachs):
    themes = list(Thematique.objects.all())
    territoires = list(Territoire.objects.all())
    for i, (email, profil) in enumerate(sorted(coachs.items())):
        if not profil.thematiques.exists():
            choisis = set(THEMES_PAR_COACH.get(email, []))
            mots = set().union(*(mots_cles(s.nom) for s in profil.specialites.all()))
            choisis |= {t.nom for t in themes if mots & mots_cles(t.nom)}
            profil.thematiques.set([t for t in themes if t.nom in choisis])
        if territoires and not profil.territoires.exists():
            profil.territoires.set([territoires[i % len(territoires)]])
        if not profil.accroche:
            specialites = ", ".join(s.nom.lower() for s in profil.specialites.all()[:2])
            profil.accroche = f"J'accompagne les structures de l'ESS : {specialites}."
            profil.disponibilite = "Deux demi-journées par mois."
            profil.save(update_fields=["accroche", "disponibilite"])


def _missions(coachs, stdout):
    today = timezone.localdate()
    equipe = User.objects.filter(equipe=True).order_by("pk").first()
    for nom_org, nom_theme, principal, binome, budget, releves in MISSIONS:
        organisation = Organisation.objects.filter(nom=nom_org).first()
        if organisation is None or principal not in coachs:
            stdout.write(f"  (organisation absente, mission ignorée : {nom_org})")
            continue
        theme, _ = Thematique.objects.get_or_create(nom=nom_theme)
        mission, cree = Mission.objects.get_or_create(
            organisation=organisation,
            thematique=theme,
            accompagnateur=coachs[principal],
            defaults={
                "objectif": f"{MARQUE} Appui individuel : {nom_theme.lower()}.",
                "co_accompagnateur": coachs.get(binome) if binome else None,
                "budget_demi_journees": budget,
                "debut": today - datetime.timedelta(days=45),
                "creee_par": equipe,
            },
        )
        if cree:
            stdout.write(f"  mission : {organisation} — {theme}")
        for jours, n, statut, notes in releves:
            DemiJournee.objects.get_or_create(
                accompagnateur=coachs[principal],
                organisation=organisation,
                mission=mission,
                notes=notes,
                defaults={
                    "date": today - datetime.timedelta(days=jours),
                    "demi_journees": n,
                    "thematique": theme,
                    "statut": statut,
                    "co_accompagnateur": coachs.get(binome) if binome else None,
                    "commentaire_equipe": "Merci de préciser les actions décidées."
                    if statut == StatutDemiJournee.RENVOYEE
                    else "",
                    "soumise_le": timezone.now() if statut != StatutDemiJournee.BROUILLON else None,
                },
            )


def _ami(stdout):
    today = timezone.localdate()
    appel, cree = AppelAManifestation.objects.get_or_create(
        titre="AMI 2022 : rejoindre le pool d'accompagnateurs·trices RH",
        defaults={
            "description": "L'Apes renforce son pool de consultant·es RH pour accompagner les "
            "associations et coopératives des Hauts-de-France : appuis individuels, séances "
            "collectives, communautés apprenantes. Profils recherchés : RH et ESS, "
            "particulièrement sur le Dunkerquois et l'Arrageois.",
            "ouverture": today - datetime.timedelta(days=7),
            "cloture": today + datetime.timedelta(days=30),
        },
    )
    if cree:
        stdout.write("  appel à manifestation d'intérêt ouvert")
    if not appel.candidatures.exists():
        nom = "candidatures/demo-cv-lea-fontaine.pdf"
        if not stockage_prive().exists(nom):
            from django.core.files.base import ContentFile

            nom = stockage_prive().save(nom, ContentFile(b"%PDF-1.4\n% CV de demonstration\n"))
        candidature = Candidature.objects.create(
            appel=appel,
            prenom="Léa",
            nom="Fontaine",
            email="lea.fontaine@example.org",
            structure="Fontaine Conseil RH",
            experience_ess="Huit ans d'accompagnement de SIAE et de centres sociaux.",
            references="Fédération des centres sociaux du Nord ; chantier d'insertion Les Jardins.",
            cv=nom,
            cv_nom="CV Léa Fontaine.pdf",
        )
        candidature.specialites.set(Specialite.objects.filter(nom__in=["Généraliste RH", "ESS"]))


def _bilan(coachs, stdout):
    seance, _ = Seance.objects.get_or_create(
        ref="BILAN-POOL-2021",
        defaults={
            "titre": "Bilan annuel du pool d'accompagnateurs·trices 2021",
            # An internal meeting of the pool, not support to organisations: `information`
            # keeps it out of the collective half-days of the activity report.
            "type": "information",
            "date": datetime.date(2021, 12, 9),
            "lieu": "Apes, Lille",
        },
    )
    if not seance.animateurs.exists():
        seance.animateurs.set(
            [c.user for e, c in coachs.items() if e.startswith(("jean-bernard", "beatrice"))]
        )
    _, cree = BilanAnnuel.objects.get_or_create(
        seance=seance,
        defaults={
            "notes": "Trois années de démarche : 64 demi-journées d'appui individuel et 74 "
            "demi-journées collectives. Les binômes ont été appréciés sur les sujets de "
            "gouvernance ; la saisie des demi-journées au fil de l'eau reste à améliorer.",
            "decisions": "Saisir les demi-journées dans la semaine.\nOuvrir un AMI en 2022 "
            "pour couvrir le Dunkerquois.\nUne demi-journée d'échange de pratiques par "
            "trimestre.",
        },
    )
    if cree:
        stdout.write("  compte rendu du bilan annuel 2021")


@transaction.atomic
def charger(stdout) -> None:
    stdout.write("Pool d'accompagnateurs·trices :")
    coachs = _coachs(stdout)
    _enrichir_profils(coachs)
    _missions(coachs, stdout)
    _ami(stdout)
    _bilan(coachs, stdout)
