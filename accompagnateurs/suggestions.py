"""Which coaches to suggest for a mission: matching first, then the lightest current load.

Score (higher first):
- +3 the coach declared the mission's theme among their HR themes;
- +2 one of the coach's specialties shares a key word with the mission's theme;
- +1 per need of the organisation (see `besoins_organisation`) the coach covers, up to 3;
- +1 the coach covers the organisation's territory.
Ties are broken by the current load (in-progress missions, then half-days still to do on them),
so that missions spread fairly across the pool.
"""

import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from apes_rh.models import Thematique

from .enums import StatutDemiJournee
from .models import Accompagnateur, DemiJournee, Mission

# --- Hook for the improvement plan -------------------------------------------------------------
# The improvement plan (schéma d'amélioration) lives in `outils`, an app above this one. It
# registers, from its AppConfig.ready(), a function organisation → ids of the HR themes of the
# plan's open actions:
#
#     from accompagnateurs.suggestions import register_plan_amelioration_provider
#     register_plan_amelioration_provider(lambda organisation: [...thematique ids...])
#
PlanProvider = Callable[[object], Iterable[int]]
_plan_providers: list[PlanProvider] = []


def register_plan_amelioration_provider(provider: PlanProvider) -> PlanProvider:
    if provider not in _plan_providers:
        _plan_providers.append(provider)
    return provider


def thematiques_du_plan_amelioration(organisation) -> set[int]:
    """HOOK: ids of the themes of the organisation's improvement plan (empty until `outils`
    registers a provider)."""
    ids: set[int] = set()
    for provider in _plan_providers:
        ids.update(provider(organisation))
    return ids


def besoins_organisation(organisation) -> set[int]:
    """Themes the organisation needs: its improvement plan, and the themes of its past
    half-days and missions."""
    passees = (
        DemiJournee.objects.filter(organisation=organisation, thematique__isnull=False)
        .exclude(statut=StatutDemiJournee.BROUILLON)
        .values_list("thematique_id", flat=True)
    )
    missions = Mission.objects.filter(organisation=organisation).values_list(
        "thematique_id", flat=True
    )
    return set(passees) | set(missions) | thematiques_du_plan_amelioration(organisation)


# --- Matching ---------------------------------------------------------------------------------

MOTS_VIDES = {
    "travail",
    "gestion",
    "demarche",
    "progres",
    "salaries",
    "salariees",
    "secteur",
    "ressources",
    "humaines",
    "accompagnement",
    "dirigeant",
}


def _sans_accents(texte: str) -> str:
    decompose = unicodedata.normalize("NFKD", texte.lower())
    return "".join(c for c in decompose if not unicodedata.combining(c))


def mots_cles(texte: str) -> set[str]:
    mots = "".join(c if c.isalnum() else " " for c in _sans_accents(texte)).split()
    return {m for m in mots if len(m) >= 6 and m not in MOTS_VIDES}


@dataclass
class Suggestion:
    accompagnateur: Accompagnateur
    score: int = 0
    raisons: list[str] = field(default_factory=list)
    missions_en_cours: int = 0
    demi_journees_a_venir: int = 0

    @property
    def cle_tri(self):
        return (
            -self.score,
            self.missions_en_cours,
            self.demi_journees_a_venir,
            self.accompagnateur.user.last_name.lower(),
        )


def charges_actuelles() -> dict[int, tuple[int, int]]:
    """coach id → (in-progress missions, half-days of budget not yet used on them)."""
    charges: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for m in Mission.objects.en_cours().avec_budget():
        reste = max(0, m.budget_total - m.consommees)
        for pk in (m.accompagnateur_id, m.co_accompagnateur_id):
            if pk:
                charges[pk][0] += 1
                charges[pk][1] += reste
    return {pk: (c[0], c[1]) for pk, c in charges.items()}


def suggerer_accompagnateurs(*, organisation, thematique=None, le=None) -> list[Suggestion]:
    """Coaches in the pool, best match first, then the least loaded."""
    besoins = besoins_organisation(organisation)
    if thematique is not None:
        besoins.discard(thematique.pk)
    noms_besoins = dict(Thematique.objects.filter(pk__in=besoins).values_list("pk", "nom"))
    mots_theme = mots_cles(thematique.nom) if thematique is not None else set()
    charges = charges_actuelles()
    resultat = []
    coaches = (
        Accompagnateur.objects.actifs(le)
        .select_related("user")
        .prefetch_related("specialites", "thematiques", "territoires")
    )
    for coach in coaches:
        s = Suggestion(coach)
        s.missions_en_cours, s.demi_journees_a_venir = charges.get(coach.pk, (0, 0))
        themes = {t.pk for t in coach.thematiques.all()}
        mots_specialites = {sp.nom: mots_cles(sp.nom) for sp in coach.specialites.all()}
        if thematique is not None and thematique.pk in themes:
            s.score += 3
            s.raisons.append(f"Thématique « {thematique.nom} »")
        if mots_theme:
            for nom, mots in mots_specialites.items():
                if mots & mots_theme:
                    s.score += 2
                    s.raisons.append(f"Spécialité « {nom} »")
                    break
        couverts = 0
        for pk, nom in sorted(noms_besoins.items(), key=lambda kv: kv[1]):
            mots_besoin = mots_cles(nom)
            if pk in themes or any(m & mots_besoin for m in mots_specialites.values()):
                couverts += 1
                s.raisons.append(f"Besoin de l'organisation : {nom}")
                if couverts == 3:
                    break
        s.score += couverts
        if any(t.pk == organisation.territoire_id for t in coach.territoires.all()):
            s.score += 1
            s.raisons.append("Couvre le territoire")
        resultat.append(s)
    resultat.sort(key=lambda s: s.cle_tri)
    return resultat
