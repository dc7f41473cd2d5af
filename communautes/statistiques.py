"""Aggregates of communities: activity figures, themes over time, satisfaction.

Everything here is counts and averages: no bulle note, no shared content, no name ever
leaves these functions (they feed pages, the activity report and exports).
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Max, Q, Sum
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils import timezone

from apes_rh.models import Thematique
from parcours.enums import StatutParticipation, TypeSeance
from parcours.models import Participation, Seance

from .models import ReponseQuestionnaire, seances_comptant_demi_journees


def activite_communaute(
    communaute, du: datetime.date | None = None, au: datetime.date | None = None
) -> dict:
    """Figures of a community for the activity report (DESIGN §5).

    participants: distinct people present at one of its sessions (workshops included);
    demi_journees_collectives: its sessions except `information` and workshops (a joint
    event's workshops run inside the event's half-days).
    """
    seances = Seance.objects.filter(communaute=communaute, annulee=False)
    if du:
        seances = seances.filter(date__gte=du)
    if au:
        seances = seances.filter(date__lte=au)
    participants = (
        Participation.objects.filter(seance__in=seances, statut=StatutParticipation.PRESENT)
        .values("personne")
        .distinct()
        .count()
    )
    demi = seances_comptant_demi_journees(seances).aggregate(n=Sum("demi_journees"))["n"] or 0
    par_type = dict(
        seances.filter(atelier__isnull=True).values_list("type").annotate(n=Count("pk")).order_by()
    )
    return {
        "code": communaute.code,
        "participants": participants,
        "demi_journees_collectives": demi,
        "seances_par_type": par_type,
        "bulles_tenues": par_type.get(TypeSeance.BULLE_DIALOGUE, 0),
    }


def bulles_tenues(seances) -> list[dict]:
    """What anyone may know of bulles: that they took place, their date, attendance count."""
    return list(
        seances.filter(type=TypeSeance.BULLE_DIALOGUE, annulee=False)
        .annotate(
            presents=Count(
                "participations", filter=Q(participations__statut=StatutParticipation.PRESENT)
            )
        )
        .values("pk", "date", "presents")
        .order_by("date")
    )


# --- Themes over time (inline SVG chart) ----------------------------------------------


@dataclass
class Graphique:
    largeur: int
    hauteur: int
    colonnes: list = field(default_factory=list)  # [{x, libelle}]
    lignes: list = field(default_factory=list)  # [{y, libelle, points: [{x, r, n, periode}]}]
    max_n: int = 0

    @property
    def vide(self) -> bool:
        return not self.lignes


def themes_dans_le_temps(communaute) -> Graphique:
    """Themes addressed by a community's sessions, by half-year: a bubble grid.

    One aggregated query (theme × year × month), so the cost does not grow with sessions.
    """
    lien = Seance.thematiques.through
    rows = (
        lien.objects.filter(seance__communaute=communaute, seance__annulee=False)
        .annotate(annee=ExtractYear("seance__date"), mois=ExtractMonth("seance__date"))
        .values("thematique_id", "annee", "mois")
        .annotate(n=Count("pk"))
        .order_by()
    )
    comptes: dict[tuple[int, tuple[int, int]], int] = {}
    periodes: set[tuple[int, int]] = set()
    themes: set[int] = set()
    for r in rows:
        periode = (r["annee"], 1 if r["mois"] <= 6 else 2)
        cle = (r["thematique_id"], periode)
        comptes[cle] = comptes.get(cle, 0) + r["n"]
        periodes.add(periode)
        themes.add(r["thematique_id"])
    if not comptes:
        return Graphique(largeur=0, hauteur=0)
    # Contiguous half-years from the first to the last, so gaps show.
    debut, fin = min(periodes), max(periodes)
    suite = []
    annee, semestre = debut
    while (annee, semestre) <= fin:
        suite.append((annee, semestre))
        annee, semestre = (annee, 2) if semestre == 1 else (annee + 1, 1)
    noms = dict(Thematique.objects.filter(pk__in=themes).values_list("pk", "nom"))
    ordre = sorted(themes, key=lambda t: noms.get(t, ""))
    marge_gauche, marge_haut, pas_x, pas_y = 230, 40, 64, 34
    max_n = max(comptes.values())
    g = Graphique(
        largeur=marge_gauche + pas_x * len(suite) + 20,
        hauteur=marge_haut + pas_y * len(ordre) + 10,
        max_n=max_n,
    )
    for i, (a, s) in enumerate(suite):
        g.colonnes.append({"x": marge_gauche + pas_x * i + pas_x // 2, "libelle": f"S{s} {a}"})
    for j, theme in enumerate(ordre):
        y = marge_haut + pas_y * j + pas_y // 2
        points = []
        for i, (a, s) in enumerate(suite):
            n = comptes.get((theme, (a, s)), 0)
            if n:
                rayon = 4 + round(10 * (n / max_n) ** 0.5)
                points.append(
                    {
                        "x": marge_gauche + pas_x * i + pas_x // 2,
                        "r": rayon,
                        "n": n,
                        "periode": f"S{s} {a}",
                    }
                )
        libelle = noms.get(theme, "")
        g.lignes.append(
            {
                "y": y,
                "libelle": libelle if len(libelle) <= 34 else libelle[:33] + "…",
                "titre": libelle,
                "points": points,
                "total": sum(p["n"] for p in points),
            }
        )
    return g


# --- Satisfaction ------------------------------------------------------------------------


def satisfaction_seance(seance) -> dict:
    reponses = ReponseQuestionnaire.objects.filter(seance=seance)
    synthese = reponses.aggregate(nombre=Count("pk"), utilite_moyenne=Avg("utilite"))
    repartition = dict(reponses.values_list("utilite").annotate(n=Count("pk")).order_by())
    synthese["repartition"] = [
        {"note": note, "n": repartition.get(note, 0)} for note in range(1, 6)
    ]
    synthese["maximum"] = max([1, *repartition.values()])
    return synthese


def satisfaction_par_communaute(seances=None) -> list[dict]:
    qs = ReponseQuestionnaire.objects.filter(seance__communaute__isnull=False)
    if seances is not None:
        qs = qs.filter(seance__in=seances)
    return list(
        qs.values("seance__communaute", "seance__communaute__nom", "seance__communaute__code")
        .annotate(
            reponses=Count("pk"),
            seances=Count("seance", distinct=True),
            utilite_moyenne=Avg("utilite"),
        )
        .order_by("seance__communaute__nom")
    )


def satisfaction_par_thematique(communaute=None) -> list[dict]:
    """Each answer counts for every theme of its session."""
    qs = ReponseQuestionnaire.objects.filter(seance__thematiques__isnull=False)
    if communaute is not None:
        qs = qs.filter(seance__communaute=communaute)
    else:
        qs = qs.filter(seance__communaute__isnull=False)
    return list(
        qs.values("seance__thematiques", "seance__thematiques__nom")
        .annotate(reponses=Count("pk"), utilite_moyenne=Avg("utilite"))
        .order_by("-utilite_moyenne", "seance__thematiques__nom")
    )


def themes_suggeres(communaute=None, limite: int = 10) -> dict:
    """Next themes: what participants ask for, most asked first, with when each was last
    addressed and whether a session on it is already planned."""
    reponses = ReponseQuestionnaire.objects.all()
    seances = Seance.objects.filter(annulee=False)
    if communaute is not None:
        reponses = reponses.filter(seance__communaute=communaute)
        seances = seances.filter(communaute=communaute)
    else:
        reponses = reponses.filter(seance__communaute__isnull=False)
        seances = seances.filter(communaute__isnull=False)
    demandes = list(
        reponses.filter(thematique_souhaitee__isnull=False)
        .values("thematique_souhaitee", "thematique_souhaitee__nom")
        .annotate(demandes=Count("pk"))
        .order_by("-demandes", "thematique_souhaitee__nom")[:limite]
    )
    ids = [d["thematique_souhaitee"] for d in demandes]
    aujourd_hui = timezone.localdate()
    derniers = dict(
        seances.filter(thematiques__in=ids, date__lt=aujourd_hui)
        .values_list("thematiques")
        .annotate(d=Max("date"))
        .order_by()
    )
    prevus = set(
        seances.filter(thematiques__in=ids, date__gte=aujourd_hui).values_list(
            "thematiques", flat=True
        )
    )
    suggestions = [
        {
            "thematique_id": d["thematique_souhaitee"],
            "nom": d["thematique_souhaitee__nom"],
            "demandes": d["demandes"],
            "derniere_seance": derniers.get(d["thematique_souhaitee"]),
            "deja_prevue": d["thematique_souhaitee"] in prevus,
        }
        for d in demandes
    ]
    # Planned themes go last: the suggestion is what is asked and not yet on the agenda.
    suggestions.sort(key=lambda s: (s["deja_prevue"], -s["demandes"], s["nom"]))
    libres = list(
        reponses.exclude(theme_souhaite="")
        .values_list("theme_souhaite", flat=True)
        .order_by("-repondu_le", "-pk")[:limite]
    )
    return {"thematiques": suggestions, "libres": libres}
