"""Reminders: what is sent, to whom, and the guarantee that it goes out at most once.

Each kind of reminder has a code (`seance`, `demi_journees`, …). A *collector* turns a day into
the e-mails due that day (`Envoi`: recipient, occasion, template, context). `envoyer()` sends
them with the at-most-once guarantee: before sending, the decision is recorded in the database
under the unique key (kind, occasion, recipient), in the same transaction as the check of the
person's preferences. A second run, a retried task, a beat that fires twice or a worker that
crashes after sending all find the row and send nothing. A failed send is marked as such and
retried by the next run.

Other apps plug their reminders in from AppConfig.ready():

    from apes_rh.rappels import ACTIONS_PILOTES, register_collecteur
    register_collecteur(ACTIONS_PILOTES, mes_envois)  # mes_envois(aujourdhui) -> [Envoi, ...]

Their templates include `emails/rappel_pied.txt` / `.html` (link to the preferences page).
"""

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldError
from django.db import IntegrityError, transaction
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from .enums import Role
from .rapports.enums import StatutEnvoi

logger = logging.getLogger(__name__)

SEANCES = "seances"
DEMI_JOURNEES = "demi_journees"
VALIDATION = "validation"
ACTIONS_PILOTES = "actions_pilotes"
QUESTIONNAIRES = "questionnaires"

JOURS_AVANT_SEANCE = 2  # J-2 by default (setting RAPPEL_SEANCE_JOURS)


@dataclass(frozen=True)
class TypeRappel:
    code: str
    libelle: str
    description: str
    roles: frozenset | None = None  # None: everyone may receive it
    integre: bool = True  # built in here; otherwise active once a collector is registered


TYPES: dict[str, TypeRappel] = {}
COLLECTEURS: dict[str, list[Callable]] = defaultdict(list)
ATTENTES_VALIDATION: list[Callable] = []


def register_rappel(code, libelle, description, roles=None, *, integre=False) -> TypeRappel:
    type_ = TypeRappel(code, libelle, description, frozenset(roles) if roles else None, integre)
    TYPES.setdefault(code, type_)
    return TYPES[code]


def register_collecteur(code: str, collecteur: Callable) -> None:
    """`collecteur(aujourdhui: date) -> Iterable[Envoi]` for the reminder `code`."""
    if code not in TYPES:
        raise LookupError(f"Rappel inconnu : {code}")
    if collecteur not in COLLECTEURS[code]:
        COLLECTEURS[code].append(collecteur)


def register_attente_validation(fonction: Callable) -> None:
    """`fonction() -> list[(libellé, nombre, url)]`: other items the team's digest lists."""
    if fonction not in ATTENTES_VALIDATION:
        ATTENTES_VALIDATION.append(fonction)


register_rappel(
    SEANCES,
    "Rappel des séances",
    "Deux jours avant une séance à laquelle vous êtes inscrit·e : l'horaire, le lieu ou le "
    "lien de visio, et l'invitation à ajouter à votre agenda.",
    integre=True,
)
register_rappel(
    DEMI_JOURNEES,
    "Saisie mensuelle des demi-journées",
    "Au début de chaque mois, un rappel de saisir les demi-journées du mois écoulé.",
    {Role.ACCOMPAGNATEUR},
    integre=True,
)
register_rappel(
    VALIDATION,
    "Résumé des éléments à valider",
    "Chaque lundi, ce qui attend une validation de l'équipe (demi-journées soumises…).",
    {Role.CHARGEE},
    integre=True,
)
register_rappel(
    ACTIONS_PILOTES,
    "Actions à échéance",
    "Chaque lundi, les actions du schéma d'amélioration en retard ou à échéance dans la semaine.",
    {Role.PILOTE},
)
register_rappel(
    QUESTIONNAIRES,
    "Questionnaires de satisfaction",
    "Après une séance, un court questionnaire pour donner votre avis.",
    # Sent by communautes.services with its own unique key (the reminder depends on it); it
    # honours this preference through `personnes_sans`.
    integre=True,
)


def types_actifs() -> list[TypeRappel]:
    return [t for t in TYPES.values() if t.integre or COLLECTEURS.get(t.code)]


def types_pour(user) -> list[TypeRappel]:
    """The reminders this person may receive, given their roles."""
    from .roles import roles_of

    roles = roles_of(user)
    return [t for t in types_actifs() if t.roles is None or t.roles & roles]


@dataclass
class Envoi:
    destinataire: object
    occasion: str
    gabarit: str  # template prefix for apes_rh.emails.send_templated
    contexte: dict = field(default_factory=dict)
    pieces_jointes: list = field(default_factory=list)


@dataclass
class Bilan:
    envoyes: int = 0
    deja_envoyes: int = 0
    refuses: int = 0  # the person chose not to receive this reminder
    echecs: int = 0

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def lien_absolu(nom: str, defaut: str = "tableau_de_bord", **kwargs) -> str:
    try:
        chemin = reverse(nom, kwargs=kwargs or None)
    except NoReverseMatch:
        chemin = reverse(defaut)
    return settings.SITE_URL.rstrip("/") + chemin


def lien_preferences() -> str:
    return lien_absolu("rapports:preferences_rappels")


def _reserver(code: str, envoi: Envoi):
    """Records the decision to send; None when already sent or not wanted."""
    from .models import EnvoiRappel, PreferenceRappel

    with transaction.atomic():
        if PreferenceRappel.objects.filter(
            personne=envoi.destinataire, type=code, recevoir=False
        ).exists():
            return "refuse"
        cle = {"type": code, "occasion": envoi.occasion, "destinataire": envoi.destinataire}
        try:
            with transaction.atomic():
                return EnvoiRappel.objects.create(**cle, statut=StatutEnvoi.EN_COURS)
        except IntegrityError:
            # Already decided. Only a send that failed is tried again (claimed atomically).
            repris = EnvoiRappel.objects.filter(**cle, statut=StatutEnvoi.ECHEC).update(
                statut=StatutEnvoi.EN_COURS, erreur="", cree_le=timezone.now()
            )
            return EnvoiRappel.objects.get(**cle) if repris else None


def envoyer(code: str, envois: Iterable[Envoi]) -> Bilan:
    """Sends each e-mail at most once per (kind, occasion, recipient)."""
    from . import emails
    from .models import EnvoiRappel

    bilan = Bilan()
    envois = [e for e in envois if e.destinataire.is_active and e.destinataire.email]
    if not envois:
        return bilan
    # A first look in bulk avoids a transaction per already-sent reminder.
    deja = set(
        EnvoiRappel.objects.filter(type=code, occasion__in={e.occasion for e in envois})
        .exclude(statut=StatutEnvoi.ECHEC)
        .values_list("occasion", "destinataire_id")
    )
    preferences = lien_preferences()
    for envoi in envois:
        if (envoi.occasion, envoi.destinataire.pk) in deja:
            bilan.deja_envoyes += 1
            continue
        reserve = _reserver(code, envoi)
        if reserve == "refuse":
            bilan.refuses += 1
            continue
        if reserve is None:
            bilan.deja_envoyes += 1
            continue
        contexte = {
            "personne": envoi.destinataire,
            "lien_preferences": preferences,
            "type_rappel": TYPES.get(code),
            **envoi.contexte,
        }
        try:
            emails.send_templated(
                envoi.gabarit,
                [envoi.destinataire.email],
                contexte,
                attachments=envoi.pieces_jointes,
            )
        except Exception as exc:  # SMTP errors vary by backend: record, retry next run
            logger.exception("Rappel %s non envoyé à %s", code, envoi.destinataire.pk)
            EnvoiRappel.objects.filter(pk=reserve.pk).update(
                statut=StatutEnvoi.ECHEC, erreur=str(exc)[:1000]
            )
            bilan.echecs += 1
            continue
        EnvoiRappel.objects.filter(pk=reserve.pk).update(
            statut=StatutEnvoi.ENVOYE, envoye_le=timezone.now()
        )
        bilan.envoyes += 1
    return bilan


def executer(code: str, aujourdhui: dt.date | None = None) -> Bilan:
    """Runs every collector of `code` for `aujourdhui` (today in Europe/Paris by default)."""
    aujourdhui = aujourdhui or timezone.localdate()
    collecteurs = list(COLLECTEURS.get(code, []))
    if code in COLLECTEURS_INTEGRES:
        collecteurs.insert(0, COLLECTEURS_INTEGRES[code])
    bilan = Bilan()
    for collecteur in collecteurs:
        partiel = envoyer(code, collecteur(aujourdhui))
        for cle, valeur in partiel.as_dict().items():
            setattr(bilan, cle, getattr(bilan, cle) + valeur)
    return bilan


# -- built-in collectors ------------------------------------------------------------------------


def ics_seance(seance) -> bytes:
    """The session's event as the registration and change e-mails and the private feed
    carry it (same UID, current SEQUENCE), so calendars update it instead of adding a copy."""
    from parcours import calendrier

    return calendrier.ics_seance(seance, avec_acces=True)


def collecter_seances(aujourdhui: dt.date) -> list[Envoi]:
    """People registered to a session in the next J days (J-2 by default): a late
    registration or a missed run still gets its reminder, once."""
    from parcours.enums import StatutParticipation
    from parcours.models import Participation

    jours = getattr(settings, "RAPPEL_SEANCE_JOURS", JOURS_AVANT_SEANCE)
    participations = (
        Participation.objects.filter(
            statut=StatutParticipation.INSCRIT,
            seance__annulee=False,
            seance__date__gt=aujourdhui,
            seance__date__lte=aujourdhui + dt.timedelta(days=jours),
            # A joint event's workshops: its own reminder covers the day (one e-mail).
            seance__atelier__isnull=True,
        )
        .select_related("personne", "seance", "seance__parcours", "seance__communaute")
        .order_by("seance__date", "pk")
    )
    ics: dict[int, bytes] = {}
    envois = []
    for p in participations:
        seance = p.seance
        if seance.pk not in ics:
            ics[seance.pk] = ics_seance(seance)
        envois.append(
            Envoi(
                destinataire=p.personne,
                occasion=f"seance-{seance.pk}-{seance.date:%Y%m%d}",
                gabarit="emails/rappel_seance",
                contexte={"seance": seance, "dans": (seance.date - aujourdhui).days},
                pieces_jointes=[("seance.ics", ics[seance.pk], "text/calendar")],
            )
        )
    return envois


def collecter_demi_journees(aujourdhui: dt.date) -> list[Envoi]:
    """Coaches of the pool, early in the month: record last month's half-days."""
    from accompagnateurs.enums import StatutDemiJournee
    from accompagnateurs.models import Accompagnateur, DemiJournee

    fin = aujourdhui.replace(day=1) - dt.timedelta(days=1)
    debut = fin.replace(day=1)
    du_mois = DemiJournee.objects.filter(
        accompagnateur=OuterRef("pk"), date__gte=debut, date__lte=fin
    )
    en_attente = DemiJournee.objects.filter(
        accompagnateur=OuterRef("pk"),
        statut__in=[StatutDemiJournee.BROUILLON, StatutDemiJournee.RENVOYEE],
    )
    coachs = (
        Accompagnateur.objects.dans_le_pool(debut, aujourdhui)
        .filter(user__is_active=True)
        .select_related("user")
        .annotate(
            saisies=Coalesce(
                Subquery(
                    du_mois.order_by()
                    .values("accompagnateur")
                    .annotate(s=Sum("demi_journees"))
                    .values("s")[:1],
                    output_field=IntegerField(),
                ),
                0,
            ),
            brouillons=Coalesce(
                Subquery(
                    en_attente.order_by()
                    .values("accompagnateur")
                    .annotate(n=Count("pk"))
                    .values("n")[:1],
                    output_field=IntegerField(),
                ),
                0,
            ),
        )
    )
    lien = lien_absolu("accompagnateurs:demi_journees", "accompagnateurs:tableau")
    return [
        Envoi(
            destinataire=c.user,
            occasion=f"mois-{debut:%Y-%m}",
            gabarit="emails/rappel_demi_journees",
            contexte={
                "mois": debut,
                "saisies": c.saisies,
                "brouillons": c.brouillons,
                "lien": lien,
            },
        )
        for c in coachs
    ]


# What else waits for the team, in the apps below the reports (read only, counted).
AUTRES_ATTENTES = [
    (
        "accompagnateurs",
        "Candidature",
        {"statut": "recue"},
        "Candidatures à l'AMI à examiner",
        "accompagnateurs:appels_equipe",
    ),
    (
        "communautes",
        "DemandeAdhesion",
        {"statut": "en_attente"},
        "Demandes pour rejoindre une communauté",
        "communautes:demandes",
    ),
    (
        "outils",
        "DemandeAdhesion",
        {"statut": "nouvelle"},
        "Demandes pour rejoindre la démarche",
        "vitrine:demandes",
    ),
    (
        "outils",
        "Ressource",
        {"statut": "proposee"},
        "Ressources proposées à relire",
        "vitrine:ressources_propositions",
    ),
]


def elements_a_valider() -> list[dict]:
    """What waits for the team: submitted half-days, and what other apps register."""
    from accompagnateurs.enums import StatutDemiJournee
    from accompagnateurs.models import DemiJournee

    soumises = DemiJournee.objects.filter(statut=StatutDemiJournee.SOUMISE)
    elements = [
        {
            "libelle": "Demi-journées soumises par les accompagnateurs·trices",
            "nombre": soumises.count(),
            "lien": lien_absolu("accompagnateurs:validation", "equipe_tableau"),
        }
    ]
    for app_label, modele, filtres, libelle, url in AUTRES_ATTENTES:
        try:
            nombre = apps.get_model(app_label, modele).objects.filter(**filtres).count()
        except (LookupError, FieldError) as exc:  # an app not installed, or reshaped
            logger.warning("Résumé de l'équipe : %s.%s ignoré (%s)", app_label, modele, exc)
            continue
        elements.append(
            {"libelle": libelle, "nombre": nombre, "lien": lien_absolu(url, "equipe_tableau")}
        )
    for fonction in ATTENTES_VALIDATION:
        for libelle, nombre, lien in fonction():
            elements.append({"libelle": libelle, "nombre": nombre, "lien": lien})
    return [e for e in elements if e["nombre"]]


def collecter_validation(aujourdhui: dt.date) -> list[Envoi]:
    """The team's weekly digest of what waits for validation (nothing waiting: no e-mail)."""
    from accompagnateurs.enums import StatutDemiJournee
    from accompagnateurs.models import DemiJournee

    from .models import User

    elements = elements_a_valider()
    if not elements:
        return []
    plus_anciennes = list(
        DemiJournee.objects.filter(statut=StatutDemiJournee.SOUMISE)
        .select_related("accompagnateur__user", "organisation")
        .order_by("date", "pk")[:15]
    )
    annee, semaine, _ = aujourdhui.isocalendar()
    return [
        Envoi(
            destinataire=user,
            occasion=f"semaine-{annee}-W{semaine:02d}",
            gabarit="emails/rappel_validation",
            contexte={"elements": elements, "demi_journees": plus_anciennes},
        )
        for user in User.objects.filter(equipe=True, is_active=True)
    ]


COLLECTEURS_INTEGRES = {
    SEANCES: collecter_seances,
    DEMI_JOURNEES: collecter_demi_journees,
    VALIDATION: collecter_validation,
}

# The periodic tasks (created by migration apes_rh 0003 and `manage.py planifier_rappels`).
# Beat works in UTC; each task decides with the Europe/Paris date.
PLANNING = [
    {
        "name": "Rappels des séances (J-2)",
        "task": "apes_rh.rappels_seances",
        "crontab": {"minute": "0", "hour": "6"},
    },
    {
        "name": "Rappel mensuel de saisie des demi-journées",
        "task": "apes_rh.rappel_demi_journees",
        # Days 1 to 5: a missed run is caught up, the occasion (the month) is sent once.
        "crontab": {"minute": "0", "hour": "7", "day_of_month": "1-5"},
    },
    {
        "name": "Résumé hebdomadaire des éléments à valider",
        "task": "apes_rh.digest_validation",
        "crontab": {"minute": "30", "hour": "6", "day_of_week": "1-2"},
    },
    {
        "name": "Résumé hebdomadaire des actions à échéance (pilotes)",
        "task": "apes_rh.digest_actions_pilotes",
        "crontab": {"minute": "0", "hour": "6", "day_of_week": "1-2"},
    },
    {
        "name": "Questionnaires de satisfaction après les séances",
        "task": "apes_rh.questionnaires_satisfaction",
        "crontab": {"minute": "0", "hour": "9"},
    },
    # Periodic tasks of the apps below (their own sending logic), planned here with the rest.
    {
        "name": "Questionnaires de satisfaction des séances (communautés)",
        "task": "communautes.tasks.questionnaires",
        "interval": {"every": 1, "period": "hours"},
    },
    {
        "name": "Rappel des brouillons de demi-journées (accompagnateurs)",
        "task": "accompagnateurs.tasks.rappeler_brouillons",
        "crontab": {"minute": "30", "hour": "7", "day_of_week": "1"},
    },
    {
        # Planned by migration parcours 0005 too (an existing database gets it on migrate).
        "name": "Alerte : organisations absentes à deux séances consécutives",
        "task": "parcours.alerte_absences",
        "crontab": {"minute": "15", "hour": "7"},
    },
    {
        "name": "Purge des dossiers d'export de l'espace de suivi",
        "task": "outils.tasks.purger_exports",
        "crontab": {"minute": "0", "hour": "3"},
    },
    {
        "name": "Enquêtes de suivi à 3 et 6 mois (pilotes)",
        "task": "outils.tasks.enquetes_suivi",
        # Daily; a survey missed one day is created and sent the next (outils/enquetes.py).
        "crontab": {"minute": "15", "hour": "8"},
    },
    {
        "name": "Relance des productions en attente (service indisponible)",
        "task": "apes_rh.relancer_taches",
        "interval": {"every": 5, "period": "minutes"},
    },
]


def planifier(PeriodicTask, CrontabSchedule, IntervalSchedule) -> list[str]:
    """Creates or updates the periodic tasks (idempotent); model classes are given so that
    the data migration can pass its historical models."""
    faits = []
    for p in PLANNING:
        defaults = {"task": p["task"], "enabled": True}
        if "crontab" in p:
            crontab = {"minute": "*", "hour": "*", "day_of_week": "*", "day_of_month": "*"}
            crontab.update(p["crontab"])
            schedule, _ = CrontabSchedule.objects.get_or_create(
                **crontab, month_of_year="*", timezone="UTC"
            )
            defaults.update(crontab=schedule, interval=None)
        else:
            schedule, _ = IntervalSchedule.objects.get_or_create(**p["interval"])
            defaults.update(interval=schedule, crontab=None)
        tache, cree = PeriodicTask.objects.get_or_create(name=p["name"], defaults=defaults)
        if not cree:
            # Keep the team's enabled/disabled choice; restore the schedule and the task name.
            for cle, valeur in defaults.items():
                if cle != "enabled":
                    setattr(tache, cle, valeur)
            tache.save()
        faits.append(p["name"])
    return faits


def resume_envois(queryset) -> dict:
    """Counts per kind and status, for the team's page."""
    lignes = queryset.order_by().values("type", "statut").annotate(n=Count("pk"))
    resume: dict = defaultdict(dict)
    for ligne in lignes:
        resume[ligne["type"]][ligne["statut"]] = ligne["n"]
    return dict(resume)


def personnes_sans(code: str, champ: str = "pk"):
    """Queryset filter: people who did not opt out of `code` (`champ`: the path to the
    person, e.g. "personne" to filter registrations)."""
    from .models import PreferenceRappel

    refus = PreferenceRappel.objects.filter(type=code, recevoir=False).values("personne_id")
    return ~Q(**{f"{champ}__in": refus})
