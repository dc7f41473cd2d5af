"""Demo data of communities and partner networks (run by `manage.py demo`). Idempotent.

Builds on the imported 2019–2021 programme (communities VIRTUELLE-2020, PARTENARIALE-2020,
CAVM-COMMUNAUTE-2021, VIRTUELLE-2021 and their sessions; created here when missing).
Nothing is added inside 2019–2021 that a report counts (no session, no attendance): the
new sessions (an upcoming bulle, a co-development, a joint event with workshops) are
dated around today, so the programme's key figures stay as published.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from apes_rh.models import Thematique, User
from parcours.enums import StatutParticipation, TypeSeance
from parcours.models import Membre, Participation, Seance

from .enums import EtapeCodev, NatureNoteBulle, RoleReseau
from .models import (
    ActionCodeveloppement,
    AppuiThematique,
    Atelier,
    BulleDialogue,
    Codeveloppement,
    Communaute,
    CoOrganisation,
    EnvoiQuestionnaire,
    EtapeCodeveloppement,
    MembreCommunaute,
    NoteBulle,
    Repondant,
    ReponseQuestionnaire,
    ReseauPartenaire,
    RessourceCommunaute,
    RoleReseauPartenaire,
)

COMMUNAUTES = [
    (
        "VIRTUELLE-2020",
        "Communauté apprenante virtuelle 2020",
        "virtuelle",
        "Née en mai 2020 pour traverser la crise sanitaire : des séances collectives en visio "
        "(« manager en temps de crise », 13 demi-journées), des bulles de dialogue entre "
        "dirigeant·es et des ateliers de co-développement.",
    ),
    (
        "PARTENARIALE-2020",
        "Communauté partenariale 2020 (réseaux thématiques)",
        "partenariale",
        "Des rencontres co-organisées avec les réseaux thématiques : MRES, Fédération des "
        "centres sociaux, URIOPSS, COORACE, Maisons des associations.",
    ),
    (
        "CAVM-COMMUNAUTE-2021",
        "Communauté apprenante territoriale Valenciennes Métropole 2021",
        "territoriale",
        "Le parcours CAVM continué en communauté : coopération, développement des "
        "compétences, équilibre entre opérationnel et gouvernance.",
    ),
    (
        "VIRTUELLE-2021",
        "Communauté apprenante virtuelle 2021",
        "virtuelle",
        "Séances thématiques en visio, bulles de dialogue et co-développement, ouvertes à "
        "toutes les structures de l'ESS des Hauts-de-France.",
    ),
]

RESEAUX = [
    (
        "MRES",
        "Maison régionale de l'environnement et des solidarités",
        "https://www.mres-asso.org",
        [
            (RoleReseau.CONTRIBUTEUR, datetime.date(2020, 6, 1), None, "Co-anime les rencontres"),
            (RoleReseau.BENEFICIAIRE, datetime.date(2020, 6, 1), None, "Ses associations membres"),
        ],
    ),
    (
        "FCS",
        "Fédération des centres sociaux Nord-Pas de Calais",
        "",
        [
            (
                RoleReseau.PRESTATAIRE,
                datetime.date(2020, 10, 1),
                datetime.date(2020, 12, 31),
                "Journée annuelle RH (100 dirigeant·es, 4 ateliers)",
            ),
            (RoleReseau.CONTRIBUTEUR, datetime.date(2020, 10, 1), None, "Gestion de crise"),
            (RoleReseau.BENEFICIAIRE, datetime.date(2020, 10, 1), None, "Centres sociaux"),
        ],
    ),
    (
        "URIOPSS",
        "URIOPSS Hauts-de-France",
        "",
        [(RoleReseau.CONTRIBUTEUR, datetime.date(2020, 11, 1), None, "Dialogue social")],
    ),
    (
        "COORACE",
        "COORACE",
        "",
        [
            (RoleReseau.CONTRIBUTEUR, datetime.date(2020, 11, 1), None, "Co-développement"),
            (RoleReseau.BENEFICIAIRE, datetime.date(2020, 11, 1), None, "Encadrant·es de SIAE"),
        ],
    ),
    (
        "MDA",
        "Maisons des associations (MDA)",
        "",
        [
            (
                RoleReseau.BENEFICIAIRE,
                datetime.date(2021, 1, 1),
                None,
                "Relais vers les petites associations",
            )
        ],
    ),
]

# Imported 2020 partnership sessions → the networks that co-organised them.
COORGANISATIONS = {
    "PART20-01": ["MRES"],
    "PART20-02": ["MRES"],
    "PART20-03": ["MRES"],
    "PART20-04": ["MRES"],
    "PART20-05": ["FCS"],
    "PART20-06": ["URIOPSS"],
    "PART20-07": ["COORACE"],
    "PART20-08": ["FCS"],
}

FACILITATRICE_BULLES = "anne-catherine.delvinquiere@example.org"
COACH_DEMO = "pierre-henri.roussel@example.org"
PILOTE_DEMO = "pilote@demo.apes-hdf.org"
MEMBRE_DEMO = "membre@demo.apes-hdf.org"

ETAPES_CODEV = {
    EtapeCodev.EXPOSE: "Inès dirige une association de 9 salarié·es. Les fiches de poste datent "
    "de la création ; deux départs ont montré que personne ne savait qui faisait quoi.",
    EtapeCodev.CLARIFICATION: "Qui a écrit les fiches actuelles ? Les salarié·es ont-ils été "
    "associés ? Quelle articulation avec les entretiens professionnels ?",
    EtapeCodev.CONTRAT: "Comment réécrire les fiches de poste avec l'équipe, sans y passer "
    "l'année, et en faire un outil vivant ?",
    EtapeCodev.CONSULTATION: "Partir des activités réelles (une semaine d'observation) ; "
    "écrire à deux (salarié·e et responsable) ; relire en réunion d'équipe ; relier aux "
    "entretiens professionnels ; s'appuyer sur le modèle de l'Apes.",
    EtapeCodev.SYNTHESE: "Inès retient la co-écriture en binôme et un calendrier court. "
    "Son plan d'action figure ci-dessous.",
    EtapeCodev.APPRENTISSAGES: "Une fiche de poste est un outil de dialogue avant d'être un "
    "document ; l'équipe s'approprie ce qu'elle écrit.",
}

ACTIONS_CODEV = [
    ("Lister les activités réelles de chaque poste avec l'équipe", 1, 30),
    ("Co-écrire les fiches de poste en binôme salarié·e / responsable", 1, 75),
    ("Relier les fiches aux entretiens professionnels de l'automne", 2, 120),
]


def _dans(jours: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=jours)


def _personne(email: str) -> User | None:
    return User.objects.filter(email=email).first()


def _communautes(stdout) -> dict[str, Communaute]:
    resultat = {}
    for code, nom, type_, description in COMMUNAUTES:
        communaute, cree = Communaute.objects.get_or_create(
            code=code, defaults={"nom": nom, "type": type_}
        )
        if not communaute.description:
            communaute.description = description
            communaute.save(update_fields=["description"])
        resultat[code] = communaute
        if cree:
            stdout.write(f"  communauté {code} créée (absente de l'import)")
    facilitatrice = _personne(FACILITATRICE_BULLES)
    if facilitatrice:
        for code in ("VIRTUELLE-2020", "VIRTUELLE-2021", "CAVM-COMMUNAUTE-2021"):
            resultat[code].animateurs.add(facilitatrice)
    # The 2021 communities are closed to show requests; 2020 ones stay open.
    Communaute.objects.filter(code="CAVM-COMMUNAUTE-2021").update(ouverte=False)
    return resultat


def _membres(communautes) -> int:
    """Everyone who attended a community's sessions is a member of it."""
    avant = MembreCommunaute.objects.count()
    lignes = (
        Participation.objects.filter(seance__communaute__in=communautes.values())
        .exclude(statut=StatutParticipation.ANNULE)
        .values_list("seance__communaute", "personne", "organisation")
        .order_by("seance__date")
    )
    vus, nouveaux = set(), []
    for communaute_id, personne_id, organisation_id in lignes:
        if (communaute_id, personne_id) in vus:
            continue
        vus.add((communaute_id, personne_id))
        nouveaux.append(
            MembreCommunaute(
                communaute_id=communaute_id,
                personne_id=personne_id,
                organisation_id=organisation_id,
                depuis=datetime.date(2020, 5, 1),
            )
        )
    for email in (PILOTE_DEMO, MEMBRE_DEMO):
        personne = _personne(email)
        if personne:
            membre = Membre.objects.actifs().filter(personne=personne).first()
            nouveaux.append(
                MembreCommunaute(
                    communaute=communautes["VIRTUELLE-2021"],
                    personne=personne,
                    organisation=membre.organisation if membre else None,
                )
            )
    MembreCommunaute.objects.bulk_create(nouveaux, ignore_conflicts=True)
    return MembreCommunaute.objects.count() - avant


def _reseaux() -> dict[str, ReseauPartenaire]:
    resultat = {}
    for code, nom, site, roles in RESEAUX:
        reseau, _ = ReseauPartenaire.objects.get_or_create(code=code, defaults={"nom": nom})
        if site and not reseau.site_web:
            reseau.site_web = site
            reseau.save(update_fields=["site_web"])
        for role, debut, fin, note in roles:
            RoleReseauPartenaire.objects.get_or_create(
                reseau=reseau, role=role, debut=debut, defaults={"fin": fin, "note": note}
            )
        resultat[code] = reseau
    return resultat


def _formats_importes() -> None:
    """Give every community session its format (without changing what it counts)."""
    seances = Seance.objects.filter(communaute__isnull=False)
    BulleDialogue.objects.bulk_create(
        [BulleDialogue(seance=s) for s in seances.filter(type=TypeSeance.BULLE_DIALOGUE)],
        ignore_conflicts=True,
    )
    Codeveloppement.objects.bulk_create(
        [Codeveloppement(seance=s) for s in seances.filter(type=TypeSeance.CODEVELOPPEMENT)],
        ignore_conflicts=True,
    )
    AppuiThematique.objects.bulk_create(
        [
            AppuiThematique(seance=s, theme=s.titre.split(" : ", 1)[-1][:200])
            for s in seances.filter(
                type__in=(TypeSeance.APPUI_COLLECTIF, TypeSeance.RENCONTRE_THEMATIQUE)
            )
        ],
        ignore_conflicts=True,
    )


def _seance(ref, **defaults) -> tuple[Seance, bool]:
    thematiques = defaults.pop("thematiques", [])
    animateurs = defaults.pop("animateurs", [])
    seance, cree = Seance.objects.get_or_create(ref=ref, defaults=defaults)
    if cree:
        seance.thematiques.set(Thematique.objects.filter(nom__in=thematiques))
        seance.animateurs.set([a for a in animateurs if a])
    return seance, cree


def _participants(communaute, exclure=(), nombre=6) -> list[User]:
    ids = list(
        MembreCommunaute.objects.filter(communaute=communaute, personne__is_active=True)
        .exclude(personne__email__in=exclure)
        .order_by("personne__email")
        .values_list("personne_id", flat=True)[:nombre]
    )
    return list(User.objects.filter(pk__in=ids).order_by("email"))


def _inscrire(seance, personnes, statut) -> None:
    for personne in personnes:
        membre = Membre.objects.actifs().filter(personne=personne).first()
        Participation.objects.get_or_create(
            seance=seance,
            personne=personne,
            defaults={"statut": statut, "organisation": membre.organisation if membre else None},
        )


def _bulle_a_venir(communautes) -> Seance:
    virtuelle = communautes["VIRTUELLE-2021"]
    facilitatrice = _personne(FACILITATRICE_BULLES) or _personne(COACH_DEMO)
    seance, _ = _seance(
        "DEMO-BULLE-01",
        titre="Bulle de dialogue des dirigeant·es : tenir la barre en période d'incertitude",
        type=TypeSeance.BULLE_DIALOGUE,
        date=_dans(10),
        heure_debut=datetime.time(9, 30),
        heure_fin=datetime.time(12, 0),
        lien_visio="https://visio.example.org/bulle-dirigeantes",
        capacite=BulleDialogue.LIMITE_PAR_DEFAUT,
        communaute=virtuelle,
        description="Un cercle de pairs confidentiel entre dirigeant·es : chacun·e apporte une "
        "situation, le groupe écoute, questionne, partage son expérience.",
        thematiques=["Management et posture de direction"],
        animateurs=[facilitatrice],
    )
    bulle, _ = BulleDialogue.objects.get_or_create(seance=seance)
    pilote = _personne(PILOTE_DEMO)
    personnes = ([pilote] if pilote else []) + _participants(
        virtuelle, exclure=[PILOTE_DEMO, MEMBRE_DEMO], nombre=5
    )
    _inscrire(seance, personnes, StatutParticipation.INSCRIT)
    if not bulle.notes.exists():
        NoteBulle.objects.create(
            bulle=bulle,
            auteur=facilitatrice,
            nature=NatureNoteBulle.PARTAGE,
            texte="Pour préparer la bulle : pensez à une situation récente où vous avez dû "
            "décider seul·e. Nous prendrons 20 minutes par situation.",
            lien="https://www.apes-hdf.org",
        )
        if personnes:
            NoteBulle.objects.create(
                bulle=bulle,
                auteur=personnes[0],
                texte="Je voudrais parler de la place du bureau dans les décisions "
                "d'organisation du travail : où s'arrête le rôle des administrateur·trices ?",
            )
    return seance


def _codev(communautes) -> Seance:
    virtuelle = communautes["VIRTUELLE-2021"]
    coach = _personne(FACILITATRICE_BULLES) or _personne(COACH_DEMO)
    seance, _ = _seance(
        "DEMO-CODEV-01",
        titre="Atelier de co-développement : réécrire les fiches de poste avec l'équipe",
        type=TypeSeance.CODEVELOPPEMENT,
        date=_dans(-14),
        heure_debut=datetime.time(14, 0),
        heure_fin=datetime.time(17, 0),
        lien_visio="https://visio.example.org/codev",
        capacite=8,
        communaute=virtuelle,
        thematiques=["Organisation du travail et fiches de poste"],
        animateurs=[coach],
    )
    codev, _ = Codeveloppement.objects.get_or_create(seance=seance)
    pilote = _personne(PILOTE_DEMO)
    autres = _participants(virtuelle, exclure=[PILOTE_DEMO, MEMBRE_DEMO], nombre=5)
    _inscrire(seance, ([pilote] if pilote else []) + autres, StatutParticipation.PRESENT)
    if pilote and codev.client_id is None:
        membre = Membre.objects.actifs().pilotes().filter(personne=pilote).first()
        codev.client = pilote
        codev.organisation_client = membre.organisation if membre else None
        codev.problematique = "Comment réécrire nos fiches de poste avec l'équipe ?"
        codev.save()
    for etape, contenu in ETAPES_CODEV.items():
        EtapeCodeveloppement.objects.get_or_create(
            codev=codev, etape=etape, defaults={"contenu": contenu, "modifiee_par": coach}
        )
    if not codev.actions.exists():
        for ordre, (titre, priorite, jours) in enumerate(ACTIONS_CODEV, start=1):
            ActionCodeveloppement.objects.create(
                codev=codev, titre=titre, priorite=priorite, echeance=_dans(jours), ordre=ordre
            )
    return seance


def _evenement_commun(communautes, reseaux) -> Seance:
    """A federation's annual HR day with 4 workshops (sub-sessions)."""
    partenariale = communautes["PARTENARIALE-2020"]
    animateurs = [
        _personne(e)
        for e in (
            "audrey.parage-boistel@example.org",
            "cecile.decool-guerin@example.org",
            "jean-paul.moutiez@example.org",
            "philippe.bochu@example.org",
        )
    ]
    evenement, _ = _seance(
        "DEMO-FCS-JOURNEE",
        titre="Fédération des centres sociaux : journée annuelle RH",
        type=TypeSeance.RENCONTRE_THEMATIQUE,
        date=_dans(45),
        heure_debut=datetime.time(9, 0),
        heure_fin=datetime.time(17, 0),
        demi_journees=2,
        lieu="Centre social Lazare Garreau, Lille",
        capacite=120,
        communaute=partenariale,
        description="La journée RH annuelle des centres sociaux : une plénière le matin, "
        "quatre ateliers l'après-midi. Les ateliers ont lieu pendant la journée : ils ne "
        "comptent pas de demi-journées en plus.",
        thematiques=[
            "Fonction employeur et obligations légales",
            "Développement des compétences",
            "Conditions de travail et qualité de vie au travail",
            "Égalité femmes-hommes et diversité",
        ],
        animateurs=[a for a in animateurs if a],
    )
    AppuiThematique.objects.get_or_create(
        seance=evenement, defaults={"theme": "Prendre soin des équipes et de la fonction employeur"}
    )
    for code in ("FCS", "MRES"):
        CoOrganisation.objects.get_or_create(seance=evenement, reseau=reseaux[code])
    ateliers = [
        (
            "Atelier 1 : les obligations de l'employeur en 10 questions",
            "Fonction employeur et obligations légales",
        ),
        (
            "Atelier 2 : entretiens professionnels et plan de formation",
            "Développement des compétences",
        ),
        (
            "Atelier 3 : prévenir l'usure professionnelle",
            "Conditions de travail et qualité de vie au travail",
        ),
        ("Atelier 4 : l'égalité femmes-hommes au quotidien", "Égalité femmes-hommes et diversité"),
    ]
    personnes = _participants(partenariale, nombre=24)
    _inscrire(evenement, personnes, StatutParticipation.INSCRIT)
    for i, (titre, theme) in enumerate(ateliers, start=1):
        atelier, _ = _seance(
            f"DEMO-FCS-JOURNEE-AT{i}",
            titre=titre,
            type=TypeSeance.RENCONTRE_THEMATIQUE,
            date=evenement.date,
            heure_debut=datetime.time(14, 0),
            heure_fin=datetime.time(16, 30),
            capacite=30,
            communaute=partenariale,
            thematiques=[theme],
            animateurs=[animateurs[i - 1]] if animateurs[i - 1] else [],
        )
        Atelier.objects.get_or_create(seance=atelier, defaults={"evenement": evenement, "ordre": i})
        _inscrire(atelier, personnes[i - 1 :: 4], StatutParticipation.INSCRIT)
    return evenement


def _coorganisations(reseaux) -> int:
    seances = {s.ref: s for s in Seance.objects.filter(ref__in=COORGANISATIONS)}
    n = 0
    for ref, codes in COORGANISATIONS.items():
        if ref in seances:
            for code in codes:
                n += CoOrganisation.objects.get_or_create(
                    seance=seances[ref], reseau=reseaux[code]
                )[1]
    return n


def _ressources(communautes) -> None:
    exemples = [
        (
            "VIRTUELLE-2020",
            "Plan de continuité d'activité : la trame",
            "https://travail-emploi.gouv.fr",
        ),
        (
            "VIRTUELLE-2021",
            "Guide d'amélioration continue des bonnes pratiques (CSESS)",
            "https://www.ess-france.org",
        ),
        ("VIRTUELLE-2021", "Télétravail : questions-réponses", "https://travail-emploi.gouv.fr"),
        (
            "PARTENARIALE-2020",
            "Centres sociaux : la démarche qualité de vie au travail",
            "https://www.centres-sociaux.fr",
        ),
    ]
    for code, titre, url in exemples:
        RessourceCommunaute.objects.get_or_create(
            communaute=communautes[code], titre=titre, defaults={"nature": "lien", "url": url}
        )


def _questionnaires(communautes) -> int:
    """Answers for past community sessions, so the satisfaction pages have something to show.

    Deterministic (seeded per session); the sending is recorded so no e-mail goes out.
    """
    themes = list(Thematique.objects.order_by("ordre", "nom"))
    if not themes:
        return 0
    retenus = [
        "Je ne suis pas seul·e face à ces questions.",
        "Des outils concrets, que je vais tester dès la semaine prochaine.",
        "Prendre le temps de poser le problème avant de chercher la solution.",
        "Les échanges avec les autres structures m'ont rassuré·e.",
        "",
    ]
    n = 0
    seances = (
        Seance.objects.filter(
            communaute__in=communautes.values(), date__lt=timezone.localdate(), annulee=False
        )
        .exclude(type=TypeSeance.INFORMATION)
        .order_by("date", "pk")
    )
    for seance in seances:
        if Repondant.objects.filter(seance=seance).exists():
            continue
        hasard = random.Random(seance.ref)
        presents = list(
            Participation.objects.filter(seance=seance, statut=StatutParticipation.PRESENT)
            .order_by("personne_id")
            .values_list("personne_id", flat=True)
        )
        EnvoiQuestionnaire.objects.bulk_create(
            [
                EnvoiQuestionnaire(
                    seance=seance, personne_id=p, nature="envoi", envoye_le=timezone.now()
                )
                for p in presents
            ],
            ignore_conflicts=True,
        )
        repondants = [p for p in presents if hasard.random() < 0.6]
        Repondant.objects.bulk_create([Repondant(seance=seance, personne_id=p) for p in repondants])
        ReponseQuestionnaire.objects.bulk_create(
            [
                ReponseQuestionnaire(
                    seance=seance,
                    utilite=hasard.choices([2, 3, 4, 5], weights=[1, 3, 6, 5])[0],
                    retenu=hasard.choice(retenus),
                    thematique_souhaitee=hasard.choice(themes) if hasard.random() < 0.7 else None,
                    repondu_le=seance.date + datetime.timedelta(days=hasard.randint(1, 5)),
                )
                for _ in repondants
            ]
        )
        n += len(repondants)
    return n


def charger(stdout) -> None:
    with transaction.atomic():
        communautes = _communautes(stdout)
        nouveaux_membres = _membres(communautes)
        reseaux = _reseaux()
        coorg = _coorganisations(reseaux)
        _bulle_a_venir(communautes)
        _codev(communautes)
        _evenement_commun(communautes, reseaux)
        _ressources(communautes)
        _formats_importes()
        reponses = _questionnaires(communautes)
    stdout.write(
        f"Communautés : {len(communautes)} communautés, {nouveaux_membres} nouveaux membres, "
        f"{len(reseaux)} réseaux partenaires, {coorg} co-organisations, "
        f"{reponses} réponses aux questionnaires ; bulle à venir, co-développement et "
        "journée commune avec 4 ateliers prêts."
    )
