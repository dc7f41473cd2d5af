"""Reads of the pool's activity: per coach over a period, and one coach's statement.

Binôme rule: a record appears in both coaches' rows, but pool totals count it once.
Collective half-days are the agenda sessions a coach facilitated (not re-typed), with the
definition of the activity report (`Seance.objects.comptant_comme_collectives()`);
plus collective half-days recorded by hand and validated.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q

from parcours.models import Seance

from .enums import NatureDemiJournee, StatutMission
from .models import Accompagnateur, DemiJournee, Mission


def seances_animees(user_ids=None):
    """Sessions facilitated that count as collective half-days."""
    qs = Seance.objects.comptant_comme_collectives()
    if user_ids is not None:
        qs = qs.filter(animateurs__in=user_ids)
    return qs


@dataclass
class LigneActivite:
    accompagnateur: Accompagnateur
    missions: int = 0
    individuelles: int = 0  # validated individual half-days, as main coach or binôme
    dont_binome: int = 0
    collectives: int = 0  # sessions facilitated + validated collective records
    seances: int = 0
    organisations: int = 0
    thematiques: list[tuple[str, int]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.individuelles + self.collectives


@dataclass
class Totaux:
    missions: int = 0
    individuelles: int = 0
    collectives: int = 0
    seances: int = 0
    organisations: int = 0
    accompagnateurs: int = 0


def activite_pool(du: date, au: date) -> tuple[list[LigneActivite], Totaux]:
    """One row per coach in the pool (or active) during [du, au], and totals counted once."""
    records = list(
        DemiJournee.objects.validees()
        .periode(du, au)
        .values(
            "pk",
            "nature",
            "accompagnateur_id",
            "co_accompagnateur_id",
            "organisation_id",
            "thematique__nom",
            "demi_journees",
        )
    )
    animations = list(
        Seance.animateurs.through.objects.filter(
            seance__in=seances_animees().filter(date__gte=du, date__lte=au)
        ).values("user_id", "seance_id", "seance__demi_journees")
    )
    missions = list(
        Mission.objects.exclude(statut=StatutMission.ANNULEE)
        .chevauchant(du, au)
        .values("pk", "accompagnateur_id", "co_accompagnateur_id", "organisation_id")
    )
    actifs = {r["accompagnateur_id"] for r in records} | {
        r["co_accompagnateur_id"] for r in records if r["co_accompagnateur_id"]
    }
    coaches = list(
        Accompagnateur.objects.filter(
            Q(pk__in=Accompagnateur.objects.dans_le_pool(du, au).values("pk"))
            | Q(pk__in=actifs)
            | Q(user_id__in={a["user_id"] for a in animations})
        ).select_related("user")
    )
    lignes = {c.pk: LigneActivite(c) for c in coaches}
    par_user = {c.user_id: lignes[c.pk] for c in coaches}
    organisations = defaultdict(set)
    themes = defaultdict(Counter)
    totaux = Totaux()
    orgs_pool = set()
    for r in records:
        coachs = [r["accompagnateur_id"]] + (
            [r["co_accompagnateur_id"]] if r["co_accompagnateur_id"] else []
        )
        individuel = r["nature"] == NatureDemiJournee.INDIVIDUEL
        if individuel:
            totaux.individuelles += r["demi_journees"]
        else:
            totaux.collectives += r["demi_journees"]
        orgs_pool.add(r["organisation_id"])
        for pk in coachs:
            ligne = lignes.get(pk)
            if ligne is None:
                continue
            if individuel:
                ligne.individuelles += r["demi_journees"]
                if r["co_accompagnateur_id"]:
                    ligne.dont_binome += r["demi_journees"]
            else:
                ligne.collectives += r["demi_journees"]
            organisations[pk].add(r["organisation_id"])
            if r["thematique__nom"]:
                themes[pk][r["thematique__nom"]] += r["demi_journees"]
    seances_vues = set()
    for a in animations:
        ligne = par_user.get(a["user_id"])
        if ligne is not None:
            ligne.collectives += a["seance__demi_journees"]
            ligne.seances += 1
        if a["seance_id"] not in seances_vues:
            seances_vues.add(a["seance_id"])
            totaux.collectives += a["seance__demi_journees"]
    totaux.seances = len(seances_vues)
    for m in missions:
        orgs_pool.add(m["organisation_id"])
        for pk in (m["accompagnateur_id"], m["co_accompagnateur_id"]):
            if pk in lignes:
                lignes[pk].missions += 1
                organisations[pk].add(m["organisation_id"])
    totaux.missions = len(missions)
    totaux.organisations = len(orgs_pool)
    for pk, ligne in lignes.items():
        ligne.organisations = len(organisations[pk])
        ligne.thematiques = themes[pk].most_common(3)
    resultat = sorted(
        lignes.values(),
        key=lambda lg: (-lg.total, lg.accompagnateur.user.last_name.lower()),
    )
    totaux.accompagnateurs = len(resultat)
    return resultat, totaux


@dataclass
class LigneReleve:
    date: date
    nature: str
    intitule: str
    thematique: str
    demi_journees: int
    role: str
    mission: str
    notes: str = ""


def releve_accompagnateur(profil: Accompagnateur, du: date, au: date) -> list[LigneReleve]:
    """A coach's validated activity over the period: what a freelance coach attaches to an
    invoice. Binôme records appear with their full count and the partner's name."""
    lignes = []
    records = (
        DemiJournee.objects.validees()
        .periode(du, au)
        .pour_accompagnateur(profil)
        .select_related(
            "organisation",
            "thematique",
            "mission__thematique",
            "accompagnateur__user",
            "co_accompagnateur__user",
        )
        .order_by("date", "pk")
    )
    for dj in records:
        if dj.co_accompagnateur_id is None:
            role = "Seul·e"
        elif dj.accompagnateur_id == profil.pk:
            role = f"Binôme avec {dj.co_accompagnateur.user}"
        else:
            role = f"Binôme avec {dj.accompagnateur.user} (relevé de sa part)"
        lignes.append(
            LigneReleve(
                date=dj.date,
                nature=dj.get_nature_display(),
                intitule=dj.organisation.nom,
                thematique=dj.thematique.nom if dj.thematique else "",
                demi_journees=dj.demi_journees,
                role=role,
                mission=str(dj.mission.thematique) if dj.mission else "",
                notes=dj.notes,
            )
        )
    seances = (
        seances_animees([profil.user_id])
        .filter(date__gte=du, date__lte=au)
        .select_related("parcours", "communaute")
        .prefetch_related("thematiques")
        .order_by("date", "pk")
        .distinct()
    )
    for s in seances:
        cadre = s.parcours or s.communaute
        lignes.append(
            LigneReleve(
                date=s.date,
                nature=f"Séance : {s.get_type_display()}",
                intitule=f"{s.titre}" + (f" ({cadre})" if cadre else ""),
                thematique=", ".join(t.nom for t in s.thematiques.all()),
                demi_journees=s.demi_journees,
                role="Animation",
                mission="",
            )
        )
    lignes.sort(key=lambda lg: lg.date)
    return lignes
