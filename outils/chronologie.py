"""The timeline of an organisation's approach — what a new pilot reads first.

Gathers, newest first: diagnostics begun and completed, plan changes (axes and actions
added or removed, action status changes), follow-up entries, collective sessions
attended, validated individual support, and pilot handovers. A fixed number of
queries, whatever the amount of history.
"""

import datetime
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone

from accompagnateurs.enums import NatureDemiJournee
from accompagnateurs.models import DemiJournee
from apes_rh.cache import memoiser
from parcours.enums import StatutParticipation
from parcours.models import Membre, Participation

from .enums import StatutAction
from .models import Action, Axe, Diagnostic, PlanAmelioration, Suivi

TYPES = {
    "diagnostic": "Diagnostic",
    "plan": "Schéma d'amélioration",
    "suivi": "Suivi opérationnel",
    "seance": "Séance collective",
    "appui": "Appui individuel",
    "pilotage": "Pilotage",
    "enquete": "Enquête de suivi",
}
ROLES_PILOTAGE = {str(r) for r in Membre.ROLES_PILOTAGE}
LIBELLES_STATUT = dict(StatutAction.choices)


@dataclass
class Evenement:
    date: datetime.date
    type: str
    titre: str
    detail: str = ""
    lien: str | None = None
    moment: datetime.datetime | None = field(default=None, repr=False)

    @property
    def type_libelle(self) -> str:
        return TYPES[self.type]

    def cle(self):
        moment = self.moment or datetime.datetime.combine(
            self.date, datetime.time.min, tzinfo=datetime.UTC
        )
        return (self.date, moment)


def _jour(moment: datetime.datetime) -> datetime.date:
    return timezone.localdate(moment)


def _diagnostics(organisation, pk):
    for d in Diagnostic.objects.filter(organisation=organisation).only(
        "pk", "titre", "cree_le", "termine_le", "statut", "organisation_id"
    ):
        lien = reverse("outils:diagnostic", kwargs={"pk": pk, "diagnostic_pk": d.pk})
        yield Evenement(
            _jour(d.cree_le), "diagnostic", f"Diagnostic commencé : {d.titre}", "", lien, d.cree_le
        )
        if d.termine_le:
            yield Evenement(
                _jour(d.termine_le),
                "diagnostic",
                f"Diagnostic terminé : {d.titre}",
                "",
                lien,
                d.termine_le,
            )


def _plan(organisation, pk):
    plans = PlanAmelioration.objects.filter(organisation=organisation).values("pk")
    for h in (
        Axe.history.filter(plan_id__in=plans)
        .exclude(history_type="~")
        .select_related("history_user")
    ):
        verbe = "Nouvel axe" if h.history_type == "+" else "Axe retiré"
        yield Evenement(
            _jour(h.history_date), "plan", f"{verbe} : {h.titre}", _par(h), None, h.history_date
        )
    precedent: dict[int, str] = {}
    for h in (
        Action.history.filter(plan_id__in=plans)
        .select_related("history_user")
        .order_by("id", "history_date", "history_id")
    ):
        lien = reverse("outils:action", kwargs={"pk": pk, "action_pk": h.id})
        if h.history_type == "+":
            yield Evenement(
                _jour(h.history_date),
                "plan",
                f"Nouvelle action : {h.titre}",
                _par(h),
                lien,
                h.history_date,
            )
        elif h.history_type == "-":
            yield Evenement(
                _jour(h.history_date),
                "plan",
                f"Action supprimée : {h.titre}",
                _par(h),
                None,
                h.history_date,
            )
        elif precedent.get(h.id) not in (None, h.statut):
            yield Evenement(
                _jour(h.history_date),
                "plan",
                f"Action « {h.titre} » : {LIBELLES_STATUT.get(precedent[h.id], precedent[h.id])}"
                f" → {LIBELLES_STATUT.get(h.statut, h.statut)}",
                _par(h),
                lien,
                h.history_date,
            )
        precedent[h.id] = h.statut


def _par(h) -> str:
    auteur = f"par {h.history_user}" if h.history_user_id and h.history_user else ""
    raison = getattr(h, "history_change_reason", "") or ""  # e.g. from the weekly e-mail
    return ", ".join(p for p in (auteur, raison) if p)


def _suivis(organisation, pk):
    for s in Suivi.objects.filter(organisation=organisation).select_related("action"):
        titre = f"Suivi : {s.action.titre}" if s.action else "Entrée de suivi"
        extrait = s.realise if len(s.realise) <= 160 else s.realise[:157].rstrip() + "…"
        lien = reverse("outils:suivi_detail", kwargs={"pk": pk, "suivi_pk": s.pk})
        yield Evenement(s.date, "suivi", titre, extrait, lien, s.cree_le)


def _seances(organisation):
    par_seance: dict[int, list] = {}
    for p in (
        Participation.objects.filter(organisation=organisation, statut=StatutParticipation.PRESENT)
        .select_related("seance", "personne")
        .order_by("seance__date", "seance_id")
    ):
        par_seance.setdefault(p.seance_id, []).append(p)
    for participations in par_seance.values():
        seance = participations[0].seance
        noms = ", ".join(sorted(str(p.personne) for p in participations))
        yield Evenement(
            seance.date,
            "seance",
            f"Séance suivie : {seance.titre}",
            f"{seance.get_type_display()} — présent·es : {noms}",
        )


def _appuis(organisation):
    for d in (
        DemiJournee.objects.validees()
        .filter(organisation=organisation, nature=NatureDemiJournee.INDIVIDUEL)
        .select_related("accompagnateur__user", "co_accompagnateur__user", "thematique")
    ):
        coachs = str(d.accompagnateur)
        if d.co_accompagnateur_id:
            coachs += f" et {d.co_accompagnateur}"
        nombre = f"{d.demi_journees} demi-journée{'s' if d.demi_journees > 1 else ''}"
        theme = f" — {d.thematique}" if d.thematique_id else ""
        yield Evenement(
            d.date, "appui", f"Appui individuel : {nombre} avec {coachs}", theme.lstrip(" —")
        )


def _pilotage(organisation):
    """Pilot handovers, from the members' rows and their history (role changes)."""
    aujourdhui = timezone.localdate()
    etat: dict[int, tuple[bool, datetime.date | None]] = {}
    for h in (
        Membre.history.filter(organisation_id=organisation.pk)
        .select_related("personne")
        .order_by("id", "history_date", "history_id")
    ):
        personne = str(h.personne) if h.personne else "Une personne"
        libelle = "co-pilote" if h.role == "copilote" else "pilote"
        pilote = h.role in ROLES_PILOTAGE
        avant = etat.get(h.id)
        if h.history_type == "+":
            if pilote:
                yield Evenement(h.debut, "pilotage", f"{personne} devient {libelle}")
            if pilote and h.fin and h.fin <= aujourdhui:
                yield Evenement(h.fin, "pilotage", f"{personne} n'est plus {libelle}")
        elif h.history_type == "~" and avant is not None:
            etait_pilote, ancienne_fin = avant
            jour = _jour(h.history_date)
            if pilote and not etait_pilote:
                yield Evenement(
                    jour, "pilotage", f"{personne} devient {libelle}", "", None, h.history_date
                )
            elif etait_pilote and not pilote:
                yield Evenement(
                    jour, "pilotage", f"{personne} n'est plus pilote", "", None, h.history_date
                )
            elif pilote and h.fin and h.fin != ancienne_fin and h.fin <= aujourdhui:
                yield Evenement(h.fin, "pilotage", f"{personne} n'est plus {libelle}")
        elif h.history_type == "-" and avant is not None and avant[0] and not avant[1]:
            yield Evenement(
                _jour(h.history_date),
                "pilotage",
                f"{personne} n'est plus pilote",
                "",
                None,
                h.history_date,
            )
        etat[h.id] = (pilote, h.fin)


def _enquetes(organisation):
    """Answered follow-up surveys (outils/enquetes.py)."""
    from .enquetes import evenements_chronologie

    yield from evenements_chronologie(
        organisation,
        lambda jour, titre, detail, moment: Evenement(jour, "enquete", titre, detail, None, moment),
    )


def chronologie(organisation, *, types: set[str] | None = None) -> list[Evenement]:
    """The organisation's timeline, newest first. It reads seven sources and their history:
    computed once per version of the data (and per day: some labels depend on today)."""
    cle = f"chronologie:{organisation.pk}:{','.join(sorted(types or ()))}:{timezone.localdate()}"
    return memoiser(cle, lambda: _calculer(organisation, types))


def _calculer(organisation, types: set[str] | None) -> list[Evenement]:
    pk = organisation.pk
    sources = {
        "diagnostic": lambda: _diagnostics(organisation, pk),
        "plan": lambda: _plan(organisation, pk),
        "suivi": lambda: _suivis(organisation, pk),
        "seance": lambda: _seances(organisation),
        "appui": lambda: _appuis(organisation),
        "pilotage": lambda: _pilotage(organisation),
        "enquete": lambda: _enquetes(organisation),
    }
    evenements = []
    for cle, source in sources.items():
        if types and cle not in types:
            continue
        evenements.extend(source())
    evenements.sort(key=Evenement.cle, reverse=True)
    return evenements
