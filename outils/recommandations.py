"""Recommendations from the diagnostic: what to read, follow, attend and whom to call.

The rule, in one place:
- the diagnostic is the organisation's latest *completed* one;
- its weak criteria are `analyse.Resultats.priorites`: level ≤ 2 (`SEUIL_PRIORITE`), the
  lowest first, then in the referential's order, at most 5 (`NOMBRE_MIS_EN_AVANT`) — the
  same ones the diagnostic page offers as axes in one click;
- for each, from the criterion's tags (`Critere.ressources`, `.lecons`, `.specialites`) and
  its theme's HR thematique, at most `PAR_TYPE` of each kind:
  - published resources the viewer may open (`Ressource.objects.visibles_par`), so
    members-only ones only for people the library shows them to;
  - published lessons of the MOOC modules the viewer may read;
  - upcoming sessions on the theme's thematique that a pilot of the organisation may
    register to (`Seance.objects.ouvertes_a`: not cancelled, not started) and that the
    viewer may see (`visibles_par`);
  - coaches in the pool today (the directory's `pour_annuaire`) with a tagged specialty,
    the most matching specialties first; only what the directory shows about them;
- minus what the pilot already dealt with (`SuggestionTraitee`: dismissed, or turned into
  an action).

Reads take a constant number of queries, whatever the data. Writes (dismiss, restore,
turn into an action) go through `save()`/`delete()` so the space's history records them.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, OuterRef, Subquery
from django.urls import reverse

from accompagnateurs.models import Accompagnateur
from parcours.models import Membre, Seance

from . import analyse, services
from .enums import TypeSuggestion
from .models import Action, Axe, Critere, Diagnostic, SuggestionTraitee
from .vitrine.models import Lecon, Module, Progression, Ressource

PAR_TYPE = 3
SEANCES_MAX = 60  # upcoming sessions read at most, over all the weak criteria's themes
ECARTEES_MAX = 100
ORDRE_TYPES = [
    TypeSuggestion.RESSOURCE,
    TypeSuggestion.LECON,
    TypeSuggestion.SEANCE,
    TypeSuggestion.ACCOMPAGNATEUR,
]


@dataclass
class Suggestion:
    type: str
    critere: Critere
    objet: object

    @property
    def type_libelle(self) -> str:
        return TypeSuggestion(self.type).label

    @property
    def objet_id(self) -> int:
        return self.objet.pk

    @property
    def titre(self) -> str:
        if self.type == TypeSuggestion.ACCOMPAGNATEUR:
            return str(self.objet.user)
        return self.objet.titre

    @property
    def lien(self) -> str:
        if self.type == TypeSuggestion.SEANCE:
            return reverse("parcours:seance", kwargs={"pk": self.objet.pk})
        if self.type == TypeSuggestion.ACCOMPAGNATEUR:
            return reverse("accompagnateurs:profil", kwargs={"pk": self.objet.pk})
        return self.objet.get_absolute_url()

    @property
    def titre_action(self) -> str:
        if self.type == TypeSuggestion.RESSOURCE:
            texte = f"Lire et mettre en pratique « {self.objet.titre} »"
        elif self.type == TypeSuggestion.LECON:
            texte = f"Suivre la leçon du MOOC « {self.objet.titre} »"
        elif self.type == TypeSuggestion.SEANCE:
            texte = f"Participer à la séance « {self.objet.titre} » du {self.objet.date:%d/%m/%Y}"
        else:
            texte = f"Contacter {self.objet.user} pour un appui sur ce critère"
        return texte[:300]


@dataclass
class CritereRecommande:
    numero_theme: int
    critere: Critere
    niveau: int
    suggestions: list[Suggestion] = field(default_factory=list)
    actions: list[SuggestionTraitee] = field(default_factory=list)

    def par_type(self) -> list[tuple[str, list[Suggestion]]]:
        groupes = defaultdict(list)
        for s in self.suggestions:
            groupes[s.type].append(s)
        return [(TypeSuggestion(t).label, groupes[t]) for t in ORDRE_TYPES if groupes[t]]


@dataclass
class Recommandations:
    diagnostic: Diagnostic | None
    criteres: list[CritereRecommande] = field(default_factory=list)
    ecartees: list[SuggestionTraitee] = field(default_factory=list)

    @property
    def nombre(self) -> int:
        return sum(len(c.suggestions) for c in self.criteres)

    def trouver(self, critere_pk: int, type: str, objet_pk: int) -> Suggestion | None:
        for c in self.criteres:
            if c.critere.pk == critere_pk:
                return next(
                    (s for s in c.suggestions if s.type == type and s.objet_id == objet_pk), None
                )
        return None


def diagnostic_de_reference(organisation) -> Diagnostic | None:
    return (
        Diagnostic.objects.filter(organisation=organisation)
        .termines()
        .select_related("referentiel")
        .order_by("-termine_le", "-cree_le", "-pk")
        .first()
    )


def _seances_ouvertes(organisation, user):
    """Upcoming sessions a pilot of the organisation may register to and `user` may see."""
    from apes_rh.models import User

    pilotes = User.objects.filter(
        pk__in=Membre.objects.actifs()
        .pilotes()
        .filter(organisation=organisation)
        .values("personne")
    )
    ouvertes = Seance.objects.none()
    for pilote in pilotes:
        ouvertes = ouvertes | Seance.objects.ouvertes_a(pilote)
    return ouvertes.filter(pk__in=Seance.objects.visibles_par(user).values("pk"))


def _suggestions_par_critere(organisation, user, criteres: list[Critere]) -> dict:
    """critere id → list of Suggestion (all kinds, best first, not yet capped)."""
    ids = [c.pk for c in criteres]
    par_pk = {c.pk: c for c in criteres}
    resultat: dict[int, list[Suggestion]] = defaultdict(list)

    ressources = Ressource.objects.visibles_par(user).publiees()
    for lien in (
        Critere.ressources.through.objects.filter(critere_id__in=ids, ressource__in=ressources)
        .select_related("ressource")
        .order_by("-ressource__date_publication", "ressource_id")
    ):
        resultat[lien.critere_id].append(
            Suggestion(TypeSuggestion.RESSOURCE, par_pk[lien.critere_id], lien.ressource)
        )

    lecons = Lecon.objects.publiees().filter(module__in=Module.objects.visibles_par(user))
    for lien in (
        Critere.lecons.through.objects.filter(critere_id__in=ids, lecon__in=lecons)
        .select_related("lecon__module")
        .order_by("lecon__module__ordre", "lecon__ordre", "lecon_id")
    ):
        resultat[lien.critere_id].append(
            Suggestion(TypeSuggestion.LECON, par_pk[lien.critere_id], lien.lecon)
        )

    thematiques = defaultdict(list)  # thematique id → criteria of themes mapped to it
    for c in criteres:
        if c.theme.thematique_id:
            thematiques[c.theme.thematique_id].append(c)
    if thematiques:
        vues = set()
        for lien in (
            Seance.thematiques.through.objects.filter(
                thematique_id__in=list(thematiques),
                seance__in=_seances_ouvertes(organisation, user),
            )
            .select_related("seance__parcours", "seance__communaute")
            .order_by("seance__date", "seance__heure_debut", "seance_id")[:SEANCES_MAX]
        ):
            for c in thematiques[lien.thematique_id]:
                if (c.pk, lien.seance_id) not in vues:
                    vues.add((c.pk, lien.seance_id))
                    resultat[c.pk].append(Suggestion(TypeSuggestion.SEANCE, c, lien.seance))

    specialites = defaultdict(set)  # critere id → specialty ids
    for critere_id, specialite_id in Critere.specialites.through.objects.filter(
        critere_id__in=ids
    ).values_list("critere_id", "specialite_id"):
        specialites[critere_id].add(specialite_id)
    toutes = set().union(*specialites.values()) if specialites else set()
    if toutes:
        coachs = list(
            Accompagnateur.objects.pour_annuaire()
            .filter(pk__in=Accompagnateur.objects.filter(specialites__in=toutes).values("pk"))
            .order_by("user__last_name", "user__first_name", "pk")
        )
        for critere_id, voulues in specialites.items():
            notes = []
            for coach in coachs:
                communes = sum(1 for s in coach.specialites.all() if s.pk in voulues)
                if communes:
                    notes.append((-communes, coach))
            for _, coach in sorted(notes, key=lambda n: n[0]):
                resultat[critere_id].append(
                    Suggestion(TypeSuggestion.ACCOMPAGNATEUR, par_pk[critere_id], coach)
                )
    return resultat


def recommandations(organisation, user) -> Recommandations:
    """What the latest completed diagnostic suggests to `organisation`, as `user` may see it."""
    diagnostic = diagnostic_de_reference(organisation)
    if diagnostic is None:
        return Recommandations(diagnostic=None)
    faibles = analyse.resultats(diagnostic).priorites
    if not faibles:
        return Recommandations(diagnostic=diagnostic)
    criteres = [ligne.critere for _, ligne in faibles]
    traitees = list(
        SuggestionTraitee.objects.filter(organisation=organisation, critere__in=criteres)
        .select_related("action", "critere")
        .order_by("-traitee_le", "-pk")
    )
    deja = {(t.critere_id, t.type, t.objet_id) for t in traitees}
    suggestions = _suggestions_par_critere(organisation, user, criteres)
    lignes = []
    for resultat_theme, ligne in faibles:
        recommande = CritereRecommande(resultat_theme.numero, ligne.critere, ligne.niveau)
        comptes = defaultdict(int)
        for s in suggestions.get(ligne.critere.pk, []):
            if (s.critere.pk, s.type, s.objet_id) in deja or comptes[s.type] >= PAR_TYPE:
                continue
            comptes[s.type] += 1
            recommande.suggestions.append(s)
        recommande.actions = [
            t for t in traitees if t.critere_id == ligne.critere.pk and not t.est_ecartee
        ]
        lignes.append(recommande)
    return Recommandations(
        diagnostic=diagnostic,
        criteres=lignes,
        ecartees=[t for t in traitees if t.est_ecartee][:ECARTEES_MAX],
    )


# --------------------------------------------------------------------------- writes


def _auteur(instance, auteur):
    instance._history_user = auteur
    return instance


def suggestion_ecarter(*, organisation, suggestion: Suggestion, auteur) -> SuggestionTraitee:
    """Hide a suggestion for the organisation (idempotent)."""
    cle = {
        "organisation": organisation,
        "critere": suggestion.critere,
        "type": suggestion.type,
        "objet_id": suggestion.objet_id,
    }
    existante = SuggestionTraitee.objects.filter(**cle).first()
    if existante is not None:
        return existante
    traitee = SuggestionTraitee(**cle, titre=suggestion.titre[:300], traitee_par=auteur)
    try:
        with transaction.atomic():
            _auteur(traitee, auteur).save()
    except IntegrityError:  # the same click twice at once
        return SuggestionTraitee.objects.get(**cle)
    return traitee


def suggestion_restaurer(*, traitee: SuggestionTraitee, auteur) -> None:
    """Show a dismissed suggestion again (one turned into an action stays with its action)."""
    if not traitee.est_ecartee:
        raise ValidationError("Cette suggestion est devenue une action : elle reste au plan.")
    _auteur(traitee, auteur).delete()


def _axe_du_critere(*, organisation, diagnostic, critere, auteur) -> Axe:
    """The plan's axis for this criterion, else for its theme, else a new one (one click)."""
    axes = Axe.objects.filter(plan__organisation=organisation).order_by("ordre", "cree_le", "pk")
    return (
        axes.filter(critere=critere).first()
        or axes.filter(theme=critere.theme).first()
        or services.axe_depuis_critere(diagnostic=diagnostic, critere=critere, auteur=auteur)
    )


def _ressources_mobilisees(suggestion: Suggestion) -> str:
    # A lesson and a resource are linked on the action (FK, pin); the others by their address.
    texte = f"{suggestion.type_libelle} : {suggestion.titre}"
    if suggestion.type in (TypeSuggestion.SEANCE, TypeSuggestion.ACCOMPAGNATEUR):
        texte += f" — {suggestion.lien}"
    return texte


def suggestion_en_action(
    *, organisation, diagnostic, suggestion: Suggestion, niveau: int | None, auteur
) -> tuple[Action, bool]:
    """Turn a suggestion into an action of the plan, once. Returns (action, created).

    A second call (double POST) finds the first action instead of making another one.
    """
    cle = {
        "organisation": organisation,
        "critere": suggestion.critere,
        "type": suggestion.type,
        "objet_id": suggestion.objet_id,
    }
    existante = SuggestionTraitee.objects.filter(**cle).select_related("action").first()
    if existante is not None and existante.action is not None:
        return existante.action, False
    critere = suggestion.critere
    try:
        with transaction.atomic():
            if existante is not None:  # dismissed, then chosen after all
                _auteur(existante, auteur).delete()
            axe = _axe_du_critere(
                organisation=organisation, diagnostic=diagnostic, critere=critere, auteur=auteur
            )
            constat = f" (niveau {niveau})" if niveau else ""
            action = services.action_creer(
                organisation=organisation,
                auteur=auteur,
                axe=axe,
                titre=suggestion.titre_action,
                description=(
                    f"Suggestion du diagnostic « {diagnostic.titre} » pour le critère "
                    f"« {critere.intitule} »{constat}."
                ),
                theme=critere.theme,
                echeance=suggestion.objet.date
                if suggestion.type == TypeSuggestion.SEANCE
                else None,
                ressources=_ressources_mobilisees(suggestion),
                origine=f"Recommandation du diagnostic « {diagnostic.titre} »"[:200],
                lecon=suggestion.objet if suggestion.type == TypeSuggestion.LECON else None,
            )
            if suggestion.type == TypeSuggestion.RESSOURCE:
                from .vitrine.services import epingle_ajouter

                epingle_ajouter(
                    ressource=suggestion.objet,
                    organisation=organisation,
                    par=auteur,
                    note=f"Recommandation pour « {critere.intitule} »"[:300],
                    action=action,
                )
            traitee = SuggestionTraitee(
                **cle, titre=suggestion.titre[:300], action=action, traitee_par=auteur
            )
            _auteur(traitee, auteur).save()
    except IntegrityError:  # the same click twice at once: the other one won
        return SuggestionTraitee.objects.select_related("action").get(**cle).action, False
    return action, True


# --------------------------------------------------------------------------- MOOC on actions


def avec_lecon_terminee(actions):
    """Annotate actions with how many current members of the organisation finished their
    lesson (`lecon_terminee_par`) and when last (`lecon_terminee_le`): no extra query."""
    membres = Membre.objects.actifs().filter(organisation=OuterRef(OuterRef("plan__organisation")))
    terminees = (
        Progression.objects.filter(
            lecon=OuterRef("lecon"),
            terminee_le__isnull=False,
            personne__in=membres.values("personne"),
        )
        .order_by()
        .values("lecon")
    )
    return actions.annotate(
        lecon_terminee_par=Subquery(terminees.annotate(n=Count("pk")).values("n")[:1]),
        lecon_terminee_le=Subquery(terminees.annotate(d=Max("terminee_le")).values("d")[:1]),
    )


def lecon_terminee(action: Action) -> Action:
    """Set `lecon_terminee_par` / `lecon_terminee_le` on one action (one query if it has a
    lesson), as `avec_lecon_terminee` does for a list."""
    action.lecon_terminee_par, action.lecon_terminee_le = None, None
    if action.lecon_id:
        action.lecon_terminee_par, action.lecon_terminee_le = (
            avec_lecon_terminee(Action.objects.filter(pk=action.pk))
            .values_list("lecon_terminee_par", "lecon_terminee_le")
            .get()
        )
    return action
