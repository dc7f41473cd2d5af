"""Results of a diagnostic: scores per theme, strengths, priorities, comparison, spread.

A theme's score is the mean level (1–4) of its answered criteria; the overall score is
the mean of the theme scores (each theme weighs the same, whatever its number of
criteria). Everything is computed in Python from three queries.
"""

from dataclasses import dataclass, field
from statistics import mean

from django.db.models import Prefetch

from .models import Critere, Evaluation, NiveauEchelle, ReponseAvis, Theme

SEUIL_FORCE = 3  # a criterion at level 3 or 4 is a strength
SEUIL_PRIORITE = 2  # a criterion at level 1 or 2 is a priority
NOMBRE_MIS_EN_AVANT = 5
ANONYMAT_AU_DELA_DE = 2  # members' answers are shown without names beyond this count


@dataclass
class LigneCritere:
    critere: Critere
    evaluation: Evaluation | None

    @property
    def niveau(self) -> int | None:
        return self.evaluation.niveau if self.evaluation else None


@dataclass
class ResultatTheme:
    numero: int
    theme: Theme
    lignes: list[LigneCritere]

    @property
    def nb_criteres(self) -> int:
        return len(self.lignes)

    @property
    def nb_evalues(self) -> int:
        return sum(1 for ligne in self.lignes if ligne.niveau)

    @property
    def score(self) -> float | None:
        niveaux = [ligne.niveau for ligne in self.lignes if ligne.niveau]
        return round(mean(niveaux), 1) if niveaux else None

    @property
    def complet(self) -> bool:
        return self.nb_evalues == self.nb_criteres


@dataclass
class Resultats:
    diagnostic: object
    themes: list[ResultatTheme]
    echelle: dict[int, NiveauEchelle] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(t.nb_criteres for t in self.themes)

    @property
    def evalues(self) -> int:
        return sum(t.nb_evalues for t in self.themes)

    @property
    def progression(self) -> int:
        return round(100 * self.evalues / self.total) if self.total else 0

    @property
    def complet(self) -> bool:
        return self.total > 0 and self.evalues == self.total

    @property
    def score_global(self) -> float | None:
        scores = [t.score for t in self.themes if t.score is not None]
        return round(mean(scores), 1) if scores else None

    def _lignes(self):
        for t in self.themes:
            for ligne in t.lignes:
                if ligne.niveau:
                    yield t, ligne

    @property
    def forces(self) -> list[tuple[ResultatTheme, LigneCritere]]:
        lignes = [(t, li) for t, li in self._lignes() if li.niveau >= SEUIL_FORCE]
        lignes.sort(key=lambda tl: (-tl[1].niveau, tl[0].numero, tl[1].critere.ordre))
        return lignes[:NOMBRE_MIS_EN_AVANT]

    @property
    def priorites(self) -> list[tuple[ResultatTheme, LigneCritere]]:
        """The weakest criteria: where an axis of improvement is most useful."""
        lignes = [(t, li) for t, li in self._lignes() if li.niveau <= SEUIL_PRIORITE]
        lignes.sort(key=lambda tl: (tl[1].niveau, tl[0].numero, tl[1].critere.ordre))
        return lignes[:NOMBRE_MIS_EN_AVANT]

    @property
    def themes_forts(self) -> list[ResultatTheme]:
        notes = [t for t in self.themes if t.score is not None and t.score >= SEUIL_FORCE]
        return sorted(notes, key=lambda t: -t.score)[:3]

    @property
    def themes_prioritaires(self) -> list[ResultatTheme]:
        notes = [t for t in self.themes if t.score is not None and t.score < SEUIL_FORCE]
        return sorted(notes, key=lambda t: t.score)[:3]

    def theme(self, theme_id: int) -> ResultatTheme | None:
        return next((t for t in self.themes if t.theme.pk == theme_id), None)


def structure(referentiel) -> list[Theme]:
    """Themes of a referential version with their criteria (2 queries)."""
    return list(
        Theme.objects.filter(referentiel=referentiel).prefetch_related(
            Prefetch("criteres", queryset=Critere.objects.order_by("ordre", "pk"))
        )
    )


def echelle(referentiel) -> dict[int, NiveauEchelle]:
    return {n.niveau: n for n in NiveauEchelle.objects.filter(referentiel=referentiel)}


def resultats(diagnostic, *, avec_echelle: bool = False) -> Resultats:
    themes = structure(diagnostic.referentiel_id)
    evaluations = {e.critere_id: e for e in Evaluation.objects.filter(diagnostic=diagnostic)}
    lignes = [
        ResultatTheme(
            numero=i,
            theme=theme,
            lignes=[LigneCritere(c, evaluations.get(c.pk)) for c in theme.criteres.all()],
        )
        for i, theme in enumerate(themes, start=1)
    ]
    return Resultats(
        diagnostic=diagnostic,
        themes=lignes,
        echelle=echelle(diagnostic.referentiel_id) if avec_echelle else {},
    )


@dataclass
class LigneComparaison:
    numero: int
    titre: str
    avant: float | None
    apres: float | None

    @property
    def ecart(self) -> float | None:
        if self.avant is None or self.apres is None:
            return None
        return round(self.apres - self.avant, 1)


def comparer(avant: Resultats, apres: Resultats) -> list[LigneComparaison]:
    """Theme by theme, matched by code (the two may use different referential versions)."""
    par_code_avant = {t.theme.code: t for t in avant.themes}
    lignes = []
    vus = set()
    for t in apres.themes:
        ancien = par_code_avant.get(t.theme.code)
        vus.add(t.theme.code)
        lignes.append(LigneComparaison(0, t.theme.titre, ancien.score if ancien else None, t.score))
    for t in avant.themes:
        if t.theme.code not in vus:
            lignes.append(LigneComparaison(0, t.theme.titre, t.score, None))
    for i, ligne in enumerate(lignes, start=1):
        ligne.numero = i
    return lignes


@dataclass
class Ecart:
    """The spread of members' answers on one criterion."""

    nombre: int = 0
    repartition: dict[int, int] = field(default_factory=dict)
    nominatives: list[tuple[str, int | None, str]] = field(default_factory=list)
    commentaires: list[str] = field(default_factory=list)
    anonyme: bool = True

    @property
    def minimum(self):
        niveaux = [n for n, c in self.repartition.items() if c]
        return min(niveaux) if niveaux else None

    @property
    def maximum(self):
        niveaux = [n for n, c in self.repartition.items() if c]
        return max(niveaux) if niveaux else None

    @property
    def moyenne(self) -> float | None:
        total = sum(self.repartition.values())
        if not total:
            return None
        return round(sum(n * c for n, c in self.repartition.items()) / total, 1)

    @property
    def barres(self) -> list[tuple[int, int]]:
        return [(n, self.repartition.get(n, 0)) for n in (1, 2, 3, 4)]


def ecarts(diagnostic) -> tuple[int, dict[int, Ecart]]:
    """Members' sent answers per criterion: (number of members who answered, spread).

    With more than two respondents, answers and comments are shown without names (and
    comments sorted, so their order does not betray who wrote them).
    """
    reponses = list(
        ReponseAvis.objects.filter(avis__diagnostic=diagnostic, avis__envoye_le__isnull=False)
        .select_related("avis__personne")
        .order_by("avis__personne__last_name", "avis__personne__first_name", "avis_id")
    )
    repondants = len({r.avis_id for r in reponses})
    anonyme = repondants > ANONYMAT_AU_DELA_DE
    resultat: dict[int, Ecart] = {}
    for r in reponses:
        ecart = resultat.setdefault(r.critere_id, Ecart(anonyme=anonyme))
        if r.niveau:
            ecart.nombre += 1
            ecart.repartition[r.niveau] = ecart.repartition.get(r.niveau, 0) + 1
        if anonyme:
            if r.commentaire.strip():
                ecart.commentaires.append(r.commentaire.strip())
        else:
            ecart.nominatives.append((str(r.avis.personne), r.niveau, r.commentaire.strip()))
    for ecart in resultat.values():
        ecart.repartition = {n: ecart.repartition.get(n, 0) for n in (1, 2, 3, 4)}
        ecart.commentaires.sort()
    return repondants, resultat
