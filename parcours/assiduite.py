"""Attendance (assiduité): rates per person, per organisation and per parcours, and the alert
of an organisation that missed the last two sessions of its parcours.

Definitions (the same for every figure and for the alert):

- A session *counts* when it was held and its attendance taken: not cancelled, dated today or
  earlier, not a bulle de dialogue (who takes part in a bulle is known to its facilitators
  only, DESIGN §2: it stays out of every figure shown to others), and at least one participant
  recorded present or absent. "Excused" alone does not make attendance taken: it may be
  recorded before the session.
- On a counted session a registration is *present*, *absent* or *excused*; one still
  "registered" (not ticked) counts nowhere, never as an absence. The waiting list and
  cancelled registrations count nowhere either.
- Attendance rate = present / (present + absent), as a whole percentage; None when nothing is
  counted yet. Excused absences are left out of the rate (the person warned, the team can plan
  with it) and shown beside it.
- Per person: their participations; per organisation: the participations recorded under that
  organisation; per parcours: the participations on the sessions of that parcours.

Every function runs a constant number of queries (aggregates with `Count(filter=…)`).
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from .enums import StatutInscription, StatutParticipation, TypeSeance
from .models import Inscription, Participation, Seance

# Kind of reminder (apes_rh.rappels) of the team's alert.
ALERTE_ABSENCES = "absences_consecutives"
# Only pairs whose later session is this recent raise an alert: a first run, or a parcours
# that ended long ago, does not bring up old gaps.
RECENCE = datetime.timedelta(days=45)

POINTES = (StatutParticipation.PRESENT, StatutParticipation.ABSENT)


@dataclass(frozen=True)
class Assiduite:
    presents: int = 0
    absents: int = 0
    excuses: int = 0

    @property
    def taux(self) -> int | None:
        total = self.presents + self.absents
        return round(100 * self.presents / total) if total else None

    @property
    def comptees(self) -> int:
        return self.presents + self.absents + self.excuses


AGREGATS = {
    "presents": Count("pk", filter=Q(statut=StatutParticipation.PRESENT)),
    "absents": Count("pk", filter=Q(statut=StatutParticipation.ABSENT)),
    "excuses": Count("pk", filter=Q(statut=StatutParticipation.EXCUSE)),
}


def seances_comptees(aujourdhui: datetime.date | None = None):
    """Sessions held, attendance taken, not bulles (see the module's definitions)."""
    aujourdhui = aujourdhui or timezone.localdate()
    pointage = Participation.objects.filter(seance=OuterRef("pk"), statut__in=POINTES)
    return (
        Seance.objects.filter(annulee=False, date__lte=aujourdhui)
        .exclude(type=TypeSeance.BULLE_DIALOGUE)
        .filter(Exists(pointage))
    )


def participations_comptees(aujourdhui: datetime.date | None = None):
    return Participation.objects.filter(
        seance__in=seances_comptees(aujourdhui).values("pk"),
        statut__in=(*POINTES, StatutParticipation.EXCUSE),
    )


def _assiduite(participations) -> Assiduite:
    return Assiduite(**participations.aggregate(**AGREGATS))


def assiduite_personne(personne, aujourdhui=None) -> Assiduite:
    return _assiduite(participations_comptees(aujourdhui).filter(personne=personne))


def assiduite_organisation(organisation, aujourdhui=None) -> Assiduite:
    return _assiduite(participations_comptees(aujourdhui).filter(organisation=organisation))


def assiduite_parcours(parcours, aujourdhui=None) -> Assiduite:
    return _assiduite(participations_comptees(aujourdhui).filter(seance__parcours=parcours))


def assiduite_par_organisation(parcours, aujourdhui=None) -> dict[int, Assiduite]:
    """{organisation id: attendance on the sessions of `parcours`}, in one query."""
    lignes = (
        participations_comptees(aujourdhui)
        .filter(seance__parcours=parcours, organisation__isnull=False)
        .order_by()
        .values("organisation")
        .annotate(**AGREGATS)
    )
    return {
        ligne.pop("organisation"): Assiduite(**ligne)  # type: ignore[arg-type]
        for ligne in lignes
    }


# --- Alert: two consecutive sessions missed -------------------------------------------------


@dataclass(frozen=True)
class AbsencesConsecutives:
    """`seances`: the two most recent counted sessions of the parcours since the organisation
    enrolled, the older first; no one of the organisation was present at either (excused
    or absent alike: nobody came)."""

    inscription: Inscription
    seances: tuple

    @property
    def organisation(self):
        return self.inscription.organisation

    @property
    def parcours(self):
        return self.inscription.parcours

    @property
    def occasion(self) -> str:
        """Once per organisation and pair of sessions (apes_rh.rappels' unique key)."""
        premiere, seconde = self.seances
        return f"absences-o{self.organisation.pk}-s{premiere.pk}-s{seconde.pk}"

    @property
    def lien(self) -> str:
        return settings.SITE_URL.rstrip("/") + reverse("parcours:parcours", args=[self.parcours.pk])


def organisations_absentes(aujourdhui: datetime.date | None = None) -> list:
    """Enrolled organisations (not archived) that missed the two most recent counted
    sessions of their parcours held since they enrolled, the later one within `RECENCE`.
    Three queries whatever the number of parcours, organisations and sessions."""
    aujourdhui = aujourdhui or timezone.localdate()
    comptees = seances_comptees(aujourdhui).filter(parcours__isnull=False)
    recents = comptees.filter(date__gte=aujourdhui - RECENCE).values("parcours_id")
    seances = list(
        comptees.filter(parcours_id__in=recents).order_by("-date", "-heure_debut", "-pk")
    )
    if not seances:
        return []
    par_parcours: dict[int, list] = {}
    for seance in seances:
        par_parcours.setdefault(seance.parcours_id, []).append(seance)
    inscriptions = list(
        Inscription.objects.filter(
            statut=StatutInscription.INSCRITE,
            parcours_id__in=par_parcours,
            organisation__archivee=False,
        )
        .select_related("organisation", "parcours")
        .order_by("organisation__nom", "parcours__nom")
    )
    presentes = set(
        Participation.objects.filter(
            seance__in=[s.pk for s in seances],
            statut=StatutParticipation.PRESENT,
            organisation__isnull=False,
        ).values_list("seance_id", "organisation_id")
    )
    absences = []
    for inscription in inscriptions:
        depuis = [s for s in par_parcours[inscription.parcours_id] if s.date >= inscription.date]
        if len(depuis) < 2 or depuis[0].date < aujourdhui - RECENCE:
            continue
        seconde, premiere = depuis[0], depuis[1]
        if any((s.pk, inscription.organisation_id) in presentes for s in (premiere, seconde)):
            continue
        absences.append(AbsencesConsecutives(inscription, (premiere, seconde)))
    return absences


def collecter_alertes_absences(aujourdhui: datetime.date) -> list:
    """The team (chargées de mission) is told once per organisation and pair of sessions."""
    from apes_rh.models import User
    from apes_rh.rappels import Envoi

    absences = organisations_absentes(aujourdhui)
    if not absences:
        return []
    equipe = list(User.objects.filter(equipe=True, is_active=True))
    return [
        Envoi(
            destinataire=personne,
            occasion=absence.occasion,
            gabarit="parcours/emails/alerte_absences",
            contexte={"absence": absence},
        )
        for absence in absences
        for personne in equipe
    ]


def panneau_absences() -> list[dict]:
    """The team's dashboard list "Organisations absentes à deux séances consécutives"."""
    return [
        {
            "libelle": f"{a.organisation.nom} — {a.parcours}",
            "detail": "absente le {} et le {}".format(*(f"{s.date:%d/%m/%Y}" for s in a.seances)),
            "url": reverse("parcours:parcours", args=[a.parcours.pk]),
        }
        for a in organisations_absentes()
    ]
