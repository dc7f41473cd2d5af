"""The ledger of funding lines (`Financement`): allocated / planned / used half-days.

Definitions, for each line (and for what is charged to no line, shown to the team as
"non imputé"):

- **alloué**: the line's budgets of individual and of collective half-days.
- **utilisé**, the same figures as the activity report (DESIGN §5), split by line:
  - individual: `demi_journees` of *validated individual* half-days (`DemiJournee`) charged to
    the line (validated means held);
  - collective: `demi_journees` of the sessions charged to the line that count as collective
    (`Seance.objects.comptant_comme_collectives()`: every type except `information`, joint
    events' workshops excluded), not cancelled, dated on or before today (held).
  Recorded half-days of nature "collectif" are not counted: the report counts collective
  support through the sessions only, and the ledger must add up to the report.
- **prévu** (still to be consumed):
  - collective: the same sessions, not cancelled, dated after today (scheduled);
  - individual: for each mission *en cours* charged to the line, what remains of its budget
    (`budget + approved overrun − validated half-days of the mission`, never below 0).
    Half-days already recorded but not validated are part of that remainder.
- **par mois**: used individual, used collective and planned collective half-days by month
  (missions have no month: their remainder is only in the totals).

With a period (`du`, `au`, as for a report) sessions and half-days are restricted to their
date in the period, and only the missions overlapping it are planned; then the sums over the
lines plus "non imputé" equal the report's figures for the same period (tests/core/
test_financements.py). Every figure comes from three aggregate queries, whatever the volume.

The ledger counts half-days, never people: the funders' "< 3" rule does not apply to it.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Case, F, IntegerField, Q, Sum, Value, When
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.formats import date_format

from .rapports.calculs import en_date

SEUIL_ALERTE = 0.9  # "bientôt épuisée" from 90 % of the allocation used or planned

ALERTE_EPUISEE = "bientot_epuisee"
ALERTE_DEPASSEE = "depassee"
LIBELLES_ALERTE = {
    ALERTE_EPUISEE: "Ligne bientôt épuisée",
    ALERTE_DEPASSEE: "Ligne dépassée",
}


@dataclass
class Mois:
    mois: dt.date
    individuelles: int = 0
    collectives: int = 0
    collectives_prevues: int = 0

    def as_dict(self) -> dict:
        return {
            "mois": self.mois.isoformat(),
            "libelle": date_format(self.mois, "F Y"),  # frozen with the report, in French
            "individuelles": self.individuelles,
            "collectives": self.collectives,
            "collectives_prevues": self.collectives_prevues,
        }


@dataclass
class Compte:
    """One line of the ledger (or the "non imputé" remainder when `financement` is None)."""

    financement: object = None
    alloue_individuelles: int = 0
    alloue_collectives: int = 0
    utilise_individuelles: int = 0
    utilise_collectives: int = 0
    prevu_individuelles: int = 0
    prevu_collectives: int = 0
    par_mois: dict = field(default_factory=dict)

    def _mois(self, valeur) -> Mois:
        cle = en_date(valeur)
        if cle not in self.par_mois:
            self.par_mois[cle] = Mois(cle)
        return self.par_mois[cle]

    @property
    def mois(self) -> list[Mois]:
        return [self.par_mois[m] for m in sorted(self.par_mois)]

    @property
    def reste_individuelles(self) -> int:
        return self.alloue_individuelles - self.utilise_individuelles - self.prevu_individuelles

    @property
    def reste_collectives(self) -> int:
        return self.alloue_collectives - self.utilise_collectives - self.prevu_collectives

    @property
    def alerte(self) -> str:
        """`depassee` when used + planned exceeds an allocation, `bientot_epuisee` from 90 %
        of it, else "" (the worst of the individual and collective budgets)."""
        if self.financement is None:
            return ""
        niveaux = [
            _niveau(
                self.alloue_individuelles, self.utilise_individuelles + self.prevu_individuelles
            ),
            _niveau(self.alloue_collectives, self.utilise_collectives + self.prevu_collectives),
        ]
        if ALERTE_DEPASSEE in niveaux:
            return ALERTE_DEPASSEE
        if ALERTE_EPUISEE in niveaux:
            return ALERTE_EPUISEE
        return ""

    @property
    def alerte_libelle(self) -> str:
        return LIBELLES_ALERTE.get(self.alerte, "")

    def as_dict(self) -> dict:
        """For frozen reports (JSON) and exports."""
        f = self.financement
        return {
            "financement": str(f) if f else "Non imputé",
            "financeur": f.financeur.code if f else None,
            "annee": f.annee if f else None,
            "convention": f.convention if f else None,
            "alloue_individuelles": self.alloue_individuelles,
            "alloue_collectives": self.alloue_collectives,
            "utilise_individuelles": self.utilise_individuelles,
            "utilise_collectives": self.utilise_collectives,
            "prevu_individuelles": self.prevu_individuelles,
            "prevu_collectives": self.prevu_collectives,
            "alerte": self.alerte_libelle,
            "mois": [m.as_dict() for m in self.mois],
        }


def _niveau(alloue: int, consomme: int) -> str:
    if consomme > alloue:
        return ALERTE_DEPASSEE
    if consomme and consomme >= alloue * SEUIL_ALERTE:
        return ALERTE_EPUISEE
    return ""


@dataclass
class GrandLivre:
    comptes: list[Compte]
    non_impute: Compte | None  # only when asked (the team's views)

    @property
    def total(self) -> Compte:
        total = Compte()
        for c in [*self.comptes, *([self.non_impute] if self.non_impute else [])]:
            for nom in (
                "alloue_individuelles",
                "alloue_collectives",
                "utilise_individuelles",
                "utilise_collectives",
                "prevu_individuelles",
                "prevu_collectives",
            ):
                setattr(total, nom, getattr(total, nom) + getattr(c, nom))
        return total


def grand_livre(
    financements,
    *,
    du: dt.date | None = None,
    au: dt.date | None = None,
    non_impute: bool = False,
    aujourd_hui: dt.date | None = None,
) -> GrandLivre:
    """The ledger of `financements` (an iterable of `Financement`, financeur loaded), and of
    what is charged to no line when `non_impute`. Three queries (see the module docstring)."""
    from accompagnateurs.enums import NatureDemiJournee, StatutDemiJournee
    from accompagnateurs.models import DemiJournee, Mission
    from communautes.models import seances_comptant_demi_journees
    from parcours.models import Seance

    aujourd_hui = aujourd_hui or timezone.localdate()
    comptes = {f.pk: Compte(f, f.budget_individuel, f.budget_collectif) for f in financements}
    reste = Compte() if non_impute else None
    cles = list(comptes)
    q_lignes = Q(financement_id__in=cles)
    if non_impute:
        q_lignes |= Q(financement__isnull=True)

    def compte(financement_id) -> Compte | None:
        return reste if financement_id is None else comptes.get(financement_id)

    def periode(qs, champ="date"):
        if du:
            qs = qs.filter(**{f"{champ}__gte": du})
        if au:
            qs = qs.filter(**{f"{champ}__lte": au})
        return qs

    seances = seances_comptant_demi_journees(
        periode(Seance.objects.filter(q_lignes, annulee=False)).comptant_comme_collectives()
    )
    tenue = Case(When(date__lte=aujourd_hui, then=Value(1)), default=Value(0))
    for ligne in (
        seances.annotate(m=TruncMonth("date"), tenue=tenue)
        .order_by()
        .values("financement_id", "m", "tenue")
        .annotate(dj=Sum("demi_journees"))
    ):
        c = compte(ligne["financement_id"])
        if c is None:
            continue
        mois = c._mois(ligne["m"])
        if ligne["tenue"]:
            c.utilise_collectives += ligne["dj"]
            mois.collectives += ligne["dj"]
        else:
            c.prevu_collectives += ligne["dj"]
            mois.collectives_prevues += ligne["dj"]

    demi_journees = periode(DemiJournee.objects.validees().individuelles().filter(q_lignes))
    for ligne in (
        demi_journees.annotate(m=TruncMonth("date"))
        .order_by()
        .values("financement_id", "m")
        .annotate(dj=Sum("demi_journees"))
    ):
        c = compte(ligne["financement_id"])
        if c is not None:
            c.utilise_individuelles += ligne["dj"]
            c._mois(ligne["m"]).individuelles += ligne["dj"]

    missions = Mission.objects.en_cours().filter(q_lignes)
    if du and au:
        missions = missions.chevauchant(du, au)
    validees = Q(
        demi_journees__statut=StatutDemiJournee.VALIDEE,
        demi_journees__nature=NatureDemiJournee.INDIVIDUEL,
    )
    for financement_id, budget, consommees in (
        missions.order_by()
        .annotate(
            budget=F("budget_demi_journees") + F("depassement_accorde"),
            consommees=Coalesce(
                Sum("demi_journees__demi_journees", filter=validees), 0, output_field=IntegerField()
            ),
        )
        .values_list("financement_id", "budget", "consommees")
    ):
        c = compte(financement_id)
        if c is not None:
            c.prevu_individuelles += max(0, budget - consommees)

    return GrandLivre(list(comptes.values()), reste)


def compte_de(financement, **kwargs) -> Compte:
    """The ledger of one line."""
    return grand_livre([financement], **kwargs).comptes[0]


def financements_du_rapport(du: dt.date, au: dt.date, perimetre) -> list[dict]:
    """The ledger section of a funder's report: its own lines, restricted to the period,
    those of a year in the period or with half-days in it. Empty without a funder (the
    team's territory reports)."""
    from .models import Financement

    if not perimetre.financeur_id:
        return []
    lignes = Financement.objects.filter(financeur_id=perimetre.financeur_id).order_by(
        "annee", "convention"
    )
    return [
        c.as_dict()
        for c in grand_livre(lignes, du=du, au=au).comptes
        if du.year <= c.financement.annee <= au.year
        or c.utilise_individuelles
        or c.utilise_collectives
        or c.prevu_individuelles
        or c.prevu_collectives
    ]


def lignes_en_alerte(*, annees: int = 2) -> list[Compte]:
    """The lines of the last `annees` years that are nearly exhausted or over: the team's
    dashboard warns about them before they run out (older lines are closed)."""
    from .models import Financement

    depuis = timezone.localdate().year - annees + 1
    lignes = Financement.objects.filter(annee__gte=depuis)
    return [c for c in grand_livre(lignes).comptes if c.alerte]
