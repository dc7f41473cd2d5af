"""The activity report's figures, exactly as DESIGN §5 defines them.

Every figure comes from an aggregate query (COUNT / SUM, per-row figures as subqueries), so
the number of queries is the same whatever the volume of data. Reading of the definitions
(shared with `apes_rh/demo/verifier.py`): every figure only counts sessions and half-days
dated in the period; per parcours, an individual half-day counts when it is also between the
parcours' dates. Cancelled sessions did not happen and count nowhere; sessions of type
`information` never count as collective half-days nor as themed sessions, and the workshops
of a joint event add none (the event carries the half-days of the day).
"""

import datetime as dt

from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce, TruncMonth

from .perimetre import Perimetre, masquer_personnes
from .sections import calculer_sections, masquer_sections

CHIFFRES_CLES = {
    "accompagnateurs": "Accompagnateurs·trices spécialisé·es",
    "organisations_parcours": "Organisations en parcours territoriaux",
    "demi_journees_individuelles": "Demi-journées d'appui individuel",
    "demi_journees_collectives": "Demi-journées d'appui collectif",
    "participants_communautes": "Participant·es aux communautés apprenantes",
}
# Figures that count people: shown as "< 3" to funders below 3.
CHIFFRES_PERSONNES = {"accompagnateurs", "participants_communautes"}

PAR_PARCOURS = {
    "organisations": "Organisations inscrites",
    "demi_journees_collectives": "Demi-journées collectives",
    "organisations_appui_individuel": "Organisations en appui individuel",
    "demi_journees_individuelles": "Demi-journées individuelles",
}
PAR_COMMUNAUTE = {
    "participants": "Participant·es",
    "demi_journees_collectives": "Demi-journées collectives",
}
PAR_THEMATIQUE = {
    "seances": "Séances",
    "demi_journees_individuelles": "Demi-journées individuelles",
}


def _somme(qs, champ: str, groupe: str):
    """SUM(champ) of `qs` (already filtered on OuterRef) as a subquery annotation."""
    return Coalesce(
        Subquery(
            qs.order_by().values(groupe).annotate(s=Sum(champ)).values("s")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def _compte(qs, champ: str, groupe: str):
    """COUNT(DISTINCT champ) of `qs` as a subquery annotation."""
    return Coalesce(
        Subquery(
            qs.order_by().values(groupe).annotate(n=Count(champ, distinct=True)).values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


class Requetes:
    """The querysets behind each figure (the dashboard's lists use the same ones)."""

    def __init__(self, du: dt.date, au: dt.date, perimetre: Perimetre):
        self.du, self.au, self.p = du, au, perimetre

    def seances(self):
        from parcours.models import Seance

        return Seance.objects.filter(
            self.p.q_seance(), date__gte=self.du, date__lte=self.au, annulee=False
        )

    def seances_collectives(self):
        """Sessions whose half-days count: not `information`, and not the workshops of a
        joint event (the event carries the half-days; communautes.Atelier)."""
        from communautes.models import seances_comptant_demi_journees

        return seances_comptant_demi_journees(self.seances().comptant_comme_collectives())

    def demi_journees_individuelles(self):
        from accompagnateurs.models import DemiJournee

        return (
            DemiJournee.objects.validees()
            .individuelles()
            .filter(self.p.q_territoire("organisation__territoire_id"))
            .filter(date__gte=self.du, date__lte=self.au)
        )

    def parcours(self):
        from parcours.models import Parcours

        return Parcours.objects.chevauchant(self.du, self.au).filter(
            self.p.q_territoire("territoire_id")
        )

    def inscriptions(self):
        from parcours.enums import StatutInscription
        from parcours.models import Inscription

        return Inscription.objects.filter(
            self.p.q_territoire("parcours__territoire_id"),
            self.p.q_territoire("organisation__territoire_id"),
            statut=StatutInscription.INSCRITE,
            parcours__debut__lte=self.au,
            parcours__fin__gte=self.du,
        )

    def organisations(self):
        from parcours.models import Organisation

        return Organisation.objects.filter(
            pk__in=self.inscriptions().values("organisation_id")
        ).order_by("nom")

    def communautes(self):
        from communautes.models import Communaute

        return Communaute.objects.filter(self.p.q_communaute())

    def participations_communautes(self):
        from parcours.enums import StatutParticipation
        from parcours.models import Participation

        return Participation.objects.filter(
            self.p.q_communaute("seance__communaute__"),
            statut=StatutParticipation.PRESENT,
            seance__communaute__isnull=False,
            seance__annulee=False,
            seance__date__gte=self.du,
            seance__date__lte=self.au,
        )

    def accompagnateurs(self):
        """Coaches in the pool during the period; for a perimeter, those who worked there."""
        from accompagnateurs.models import Accompagnateur

        qs = Accompagnateur.objects.dans_le_pool(self.du, self.au)
        if not self.p.filtre:
            return qs
        dj = (
            self.demi_journees_individuelles()
            .model.objects.validees()
            .filter(
                self.p.q_territoire("organisation__territoire_id"),
                date__gte=self.du,
                date__lte=self.au,
            )
        )
        return qs.filter(
            Exists(dj.filter(accompagnateur=OuterRef("pk")))
            | Exists(dj.filter(co_accompagnateur=OuterRef("pk")))
            | Exists(self.seances().filter(animateurs=OuterRef("user_id")))
        )


def parcours_annotes(r: Requetes):
    """The parcours of the perimeter overlapping the period, with their four figures."""
    from accompagnateurs.models import DemiJournee
    from parcours.enums import StatutInscription
    from parcours.models import Inscription

    # Individual half-days of the parcours' enrolled organisations, between its dates.
    appuis = (
        DemiJournee.objects.validees()
        .individuelles()
        .filter(
            date__gte=r.du,
            date__lte=r.au,
            organisation__inscriptions__parcours=OuterRef("pk"),
            organisation__inscriptions__statut=StatutInscription.INSCRITE,
        )
        .filter(date__gte=OuterRef("debut"), date__lte=OuterRef("fin"))
    )
    groupe = "organisation__inscriptions__parcours"
    inscrites = Inscription.objects.filter(
        parcours=OuterRef("pk"), statut=StatutInscription.INSCRITE
    )
    return (
        r.parcours()
        .select_related("territoire")
        .annotate(
            nb_organisations=_compte(inscrites, "organisation", "parcours"),
            nb_demi_journees_collectives=_somme(
                r.seances_collectives().filter(parcours=OuterRef("pk")),
                "demi_journees",
                "parcours",
            ),
            nb_organisations_appui=_compte(appuis, "organisation", groupe),
            nb_demi_journees_individuelles=_somme(appuis, "demi_journees", groupe),
        )
        .order_by("debut", "code")
    )


def ligne_parcours(p) -> dict:
    return {
        "code": p.code,
        "nom": p.nom,
        "territoire": p.territoire.code,
        "organisations": p.nb_organisations,
        "demi_journees_collectives": p.nb_demi_journees_collectives,
        "organisations_appui_individuel": p.nb_organisations_appui,
        "demi_journees_individuelles": p.nb_demi_journees_individuelles,
    }


def communautes_annotees(r: Requetes):
    """The perimeter's communities with a session in the period, with their figures."""
    seances = r.seances().filter(communaute=OuterRef("pk"))
    return (
        r.communautes()
        .annotate(
            nb_participants=_compte(
                r.participations_communautes().filter(seance__communaute=OuterRef("pk")),
                "personne",
                "seance__communaute",
            ),
            nb_demi_journees_collectives=_somme(
                r.seances_collectives().filter(communaute=OuterRef("pk")),
                "demi_journees",
                "communaute",
            ),
            active=Exists(seances),
        )
        .filter(active=True)
        .order_by("code")
    )


def ligne_communaute(c, masque: bool = False) -> dict:
    participants = c.nb_participants
    return {
        "code": c.code,
        "nom": c.nom,
        "participants": masquer_personnes(participants) if masque else participants,
        "demi_journees_collectives": c.nb_demi_journees_collectives,
    }


def thematiques_annotees(r: Requetes) -> list:
    """Themes with a session (other than `information`) or an individual half-day, each with
    `nb_seances` and `nb_demi_journees`, in the themes' order.

    Two grouped queries and the list of themes: a correlated subquery per theme would scan
    every session of the period once per theme, and twice (PostgreSQL evaluates it again in
    the filter), which cost a third of a second at 100× the programme."""
    from apes_rh.models import Thematique

    seances = dict(
        r.seances_collectives()
        .filter(thematiques__isnull=False)
        .order_by()
        .values("thematiques")
        .annotate(n=Count("pk", distinct=True))
        .values_list("thematiques", "n")
    )
    demi_journees = dict(
        r.demi_journees_individuelles()
        .filter(thematique__isnull=False)
        .order_by()
        .values("thematique")
        .annotate(s=Sum("demi_journees"))
        .values_list("thematique", "s")
    )
    themes = []
    for theme in Thematique.objects.order_by("ordre", "nom"):
        theme.nb_seances = seances.get(theme.pk, 0)
        theme.nb_demi_journees = demi_journees.get(theme.pk) or 0
        if theme.nb_seances or theme.nb_demi_journees:
            themes.append(theme)
    return themes


def ligne_thematique(t) -> dict:
    return {
        "thematique": t.nom,
        "seances": t.nb_seances,
        "demi_journees_individuelles": t.nb_demi_journees,
    }


def chiffres_cles(r: Requetes) -> dict:
    """The five key figures (5 queries)."""
    return {
        "accompagnateurs": r.accompagnateurs().count(),
        "organisations_parcours": r.inscriptions().aggregate(
            n=Count("organisation", distinct=True)
        )["n"],
        "demi_journees_individuelles": r.demi_journees_individuelles().aggregate(
            n=Coalesce(Sum("demi_journees"), 0)
        )["n"],
        "demi_journees_collectives": r.seances_collectives().aggregate(
            n=Coalesce(Sum("demi_journees"), 0)
        )["n"],
        "participants_communautes": r.participations_communautes().aggregate(
            n=Count("personne", distinct=True)
        )["n"],
    }


def calculer(du: dt.date, au: dt.date, perimetre: Perimetre | None = None) -> dict:
    """The report of DESIGN §5: `periode`, `chiffres_cles`, `parcours`, `communautes`,
    `thematiques` (10 queries, whatever the volume), then the apps' sections (`sections.py`,
    e.g. `enquetes_suivi`: one aggregate query). Funder perimeters are masked."""
    perimetre = perimetre or Perimetre.tout()
    r = Requetes(du, au, perimetre)
    rapport = {
        "periode": {"du": du.isoformat(), "au": au.isoformat()},
        "chiffres_cles": chiffres_cles(r),
        "parcours": [ligne_parcours(p) for p in parcours_annotes(r)],
        "communautes": [ligne_communaute(c) for c in communautes_annotees(r)],
        "thematiques": [ligne_thematique(t) for t in thematiques_annotees(r)],
        # Keys added by the apps (sections.register_section), e.g. `enquetes_suivi`.
        **calculer_sections(r),
    }
    return masquer(rapport) if perimetre.masquer else rapport


def masquer(rapport: dict) -> dict:
    """The funder's view: every count of people below 3 becomes "< 3"."""
    rapport = {**rapport, "chiffres_cles": dict(rapport["chiffres_cles"])}
    for cle in CHIFFRES_PERSONNES:
        rapport["chiffres_cles"][cle] = masquer_personnes(rapport["chiffres_cles"][cle])
    rapport["communautes"] = [
        {**c, "participants": masquer_personnes(c["participants"])} for c in rapport["communautes"]
    ]
    return masquer_sections(rapport)


def chronologie(du: dt.date, au: dt.date, perimetre: Perimetre) -> list[dict]:
    """Per month of the period: collective and individual half-days (2 queries)."""
    r = Requetes(du, au, perimetre)
    mois: dict[dt.date, dict] = {}
    d = du.replace(day=1)
    while d <= au:
        mois[d] = {"mois": d.isoformat(), "demi_journees_collectives": 0, "seances": 0}
        mois[d]["demi_journees_individuelles"] = 0
        d = (d + dt.timedelta(days=32)).replace(day=1)
    for ligne in (
        r.seances_collectives()
        .annotate(m=TruncMonth("date"))
        .order_by()
        .values("m")
        .annotate(dj=Sum("demi_journees"), n=Count("pk"))
    ):
        cle = en_date(ligne["m"])
        if cle in mois:
            mois[cle]["demi_journees_collectives"] = ligne["dj"]
            mois[cle]["seances"] = ligne["n"]
    for ligne in (
        r.demi_journees_individuelles()
        .annotate(m=TruncMonth("date"))
        .order_by()
        .values("m")
        .annotate(dj=Sum("demi_journees"))
    ):
        cle = en_date(ligne["m"])
        if cle in mois:
            mois[cle]["demi_journees_individuelles"] = ligne["dj"]
    return list(mois.values())


def en_date(valeur) -> dt.date:
    """A date from what TruncMonth returns (date, datetime or ISO text, by database)."""
    if isinstance(valeur, dt.datetime):
        return valeur.date()
    if isinstance(valeur, str):
        return dt.date.fromisoformat(valeur[:10])
    return valeur


def donnees_completes(du: dt.date, au: dt.date, perimetre: Perimetre) -> dict:
    """Everything the funder's document shows, frozen with a generated report: the report
    of §5 plus the perimeter, the chronology, the organisations by name and each axe's
    indicators. A constant number of aggregate queries."""
    from django.utils import timezone

    from .indicateurs import indicateurs, partenaires, specialites

    r = Requetes(du, au, perimetre)
    rapport = calculer(du, au, perimetre)
    dates = {
        code: [debut.isoformat(), fin.isoformat()]
        for code, debut, fin in r.parcours().values_list("code", "debut", "fin")
    }
    organisations: dict[str, list[str]] = {}
    for code, nom in (
        r.inscriptions()
        .filter(parcours__code__in=list(dates))
        .order_by("parcours__code", "organisation__nom")
        .values_list("parcours__code", "organisation__nom")
    ):
        organisations.setdefault(code, []).append(nom)
    return {
        **rapport,
        "perimetre": perimetre.as_dict(),
        "parcours_dates": dates,
        "organisations_par_parcours": organisations,
        "chronologie": chronologie(du, au, perimetre),
        "specialites": specialites(r),
        "partenaires": partenaires(r),
        "indicateurs": indicateurs(r),
        "donnees_au": timezone.now().isoformat(),
        **ledger_du_rapport(du, au, perimetre),
    }


def ledger_du_rapport(du: dt.date, au: dt.date, perimetre: Perimetre) -> dict:
    """A funder's report carries its own funding lines' ledger over the period (DESIGN §5);
    kept apart so the other sections stay independent of it."""
    from apes_rh.financements import financements_du_rapport

    lignes = financements_du_rapport(du, au, perimetre)
    return {"financements": lignes} if lignes else {}
