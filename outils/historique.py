"""The change history of a space (django-simple-history), with before/after of each field.

`journal(organisation)` is one UNION query over the historical tables of the space,
newest first, ready to paginate; `entrees(rows)` turns one page of it into readable
entries with a bounded number of queries (two per kind of object on the page, plus one
per kind of related object named in the changes).
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import OuterRef, Q, Subquery, Value
from django.template.defaultfilters import date as format_date
from django.urls import reverse

from .models import (
    Action,
    Axe,
    Commentaire,
    Critere,
    Diagnostic,
    Evaluation,
    Indicateur,
    PieceJointe,
    PlanAmelioration,
    SuggestionTraitee,
    Suivi,
    Theme,
)
from .vitrine.models import Lecon

# Fields that say nothing to a reader (bookkeeping) or that the entry's title already gives.
CHAMPS_MASQUES = {
    "id",
    "cree_le",
    "cree_par",
    "modifie_le",
    "modifie_par",
    "ajoutee_le",
    "ajoutee_par",
    "fichier",
    "plan",
    "organisation",
    "diagnostic",
    "suivi",
    "terminee_le",
    "referentiel",
    "objet_id",
    "traitee_le",
    "traitee_par",
}

TYPES_HISTORIQUE = {"+": "Création", "~": "Modification", "-": "Suppression"}


@dataclass(frozen=True)
class Source:
    cle: str
    modele: type[models.Model]
    libelle: str


SOURCES = [
    Source("diagnostic", Diagnostic, "Diagnostic"),
    Source("evaluation", Evaluation, "Évaluation d'un critère"),
    Source("axe", Axe, "Axe"),
    Source("action", Action, "Action"),
    Source("commentaire", Commentaire, "Commentaire"),
    Source("suivi", Suivi, "Suivi"),
    Source("indicateur", Indicateur, "Indicateur"),
    Source("piece", PieceJointe, "Pièce jointe"),
    # Created: dismissed or turned into an action; deleted: proposed again.
    Source("suggestion", SuggestionTraitee, "Recommandation traitée"),
]
PAR_CLE = {s.cle: s for s in SOURCES}


def _filtres(organisation) -> dict[str, Q]:
    """Which historical rows belong to the space (deleted objects included)."""
    plans = PlanAmelioration.objects.filter(organisation=organisation).values("pk")
    diagnostics = Diagnostic.history.filter(organisation_id=organisation.pk).values("id")
    actions = Action.history.filter(plan_id__in=plans).values("id")
    suivis = Suivi.history.filter(organisation_id=organisation.pk).values("id")
    return {
        "diagnostic": Q(organisation_id=organisation.pk),
        "evaluation": Q(diagnostic_id__in=diagnostics),
        "axe": Q(plan_id__in=plans),
        "action": Q(plan_id__in=plans),
        "commentaire": Q(action_id__in=actions),
        "suivi": Q(organisation_id=organisation.pk),
        "indicateur": Q(suivi_id__in=suivis),
        "piece": Q(suivi_id__in=suivis),
        "suggestion": Q(organisation_id=organisation.pk),
    }


def journal(organisation, *, cles: list[str] | None = None):
    """(history_id, history_date, source) rows of the space's history, newest first."""
    filtres = _filtres(organisation)
    requetes = [
        s.modele.history.filter(filtres[s.cle])
        .annotate(source=Value(s.cle, output_field=models.CharField()))
        .values_list("history_id", "history_date", "source")
        .order_by()
        for s in SOURCES
        if not cles or s.cle in cles
    ]
    if not requetes:
        return Diagnostic.history.none().values_list("history_id", "history_date")
    premiere, *autres = requetes
    return premiere.union(*autres, all=True).order_by("-history_date", "-history_id")


@dataclass
class Changement:
    champ: str
    avant: str
    apres: str


@dataclass
class Entree:
    source: Source
    type: str
    date: object
    auteur: str
    objet: str
    changements: list[Changement] = field(default_factory=list)
    lien: str | None = None
    raison: str = ""  # e.g. made from the pilots' weekly e-mail (outils/liens.py)

    @property
    def type_libelle(self) -> str:
        return TYPES_HISTORIQUE.get(self.type, self.type)


def _champs(modele):
    return [
        f
        for f in modele._meta.concrete_fields
        if f.name not in CHAMPS_MASQUES and not f.primary_key
    ]


class _Noms:
    """Names of the related objects mentioned by the changes, fetched once per model."""

    MODELES = {
        "responsable": get_user_model,
        "auteur": get_user_model,
        "theme": lambda: Theme,
        "critere": lambda: Critere,
        "axe": lambda: Axe,
        "action": lambda: Action,
        "lecon": lambda: Lecon,
    }

    def __init__(self):
        self.ids: dict[str, set[int]] = {}
        self.noms: dict[str, dict[int, str]] = {}

    def noter(self, champ: str, valeur):
        if valeur is not None and champ in self.MODELES:
            self.ids.setdefault(self._modele_cle(champ), set()).add(valeur)

    @staticmethod
    def _modele_cle(champ):
        return "user" if champ in ("responsable", "auteur") else champ

    def charger(self):
        for cle, ids in self.ids.items():
            modele = self.MODELES["responsable" if cle == "user" else cle]()
            self.noms[cle] = {o.pk: str(o) for o in modele.objects.filter(pk__in=ids)}

    def nom(self, champ: str, valeur) -> str:
        if valeur is None:
            return "—"
        return self.noms.get(self._modele_cle(champ), {}).get(valeur, "(supprimé)")


def _valeur(champ, valeur, noms: _Noms) -> str:
    if champ.is_relation:
        return noms.nom(champ.name, valeur)
    if valeur is None or valeur == "":
        return "—"
    if champ.choices:
        return str(dict(champ.flatchoices).get(valeur, valeur))
    if isinstance(champ, models.DateTimeField):
        return format_date(valeur, "d/m/Y H:i")
    if isinstance(champ, models.DateField):
        return format_date(valeur, "d/m/Y")
    if isinstance(champ, models.BooleanField):
        return "oui" if valeur else "non"
    return str(valeur).replace(".", ",") if isinstance(champ, models.DecimalField) else str(valeur)


def _brut(record, champ):
    return getattr(record, champ.attname)


def _titre(source: Source, record, noms: _Noms) -> str:
    cle = source.cle
    if cle == "evaluation":
        return f"Critère « {noms.nom('critere', record.critere_id)} »"
    if cle == "commentaire":
        return f"Commentaire sur « {noms.nom('action', record.action_id)} »"
    if cle == "suivi":
        return f"Suivi du {format_date(record.date, 'd/m/Y')}"
    if cle == "indicateur":
        return f"Indicateur « {record.libelle} »"
    if cle == "piece":
        return f"Pièce jointe « {record.nom} »"
    return f"{source.libelle} « {record.titre} »"


def _lien(source: Source, record, organisation_pk: int, existants: dict) -> str | None:
    if record.id not in existants.get(source.cle, set()):
        return None
    if source.cle == "action":
        return reverse("outils:action", kwargs={"pk": organisation_pk, "action_pk": record.id})
    if source.cle == "diagnostic":
        return reverse(
            "outils:diagnostic", kwargs={"pk": organisation_pk, "diagnostic_pk": record.id}
        )
    if source.cle == "suivi":
        return reverse("outils:suivi_detail", kwargs={"pk": organisation_pk, "suivi_pk": record.id})
    return None


def entrees(lignes, organisation_pk: int) -> list[Entree]:
    """Readable entries for one page of `journal()` rows (or for one object's records)."""
    par_source: dict[str, list[int]] = {}
    for history_id, _date, cle in lignes:
        par_source.setdefault(cle, []).append(history_id)

    records: dict[tuple[str, int], object] = {}
    precedents: dict[tuple[str, int], object] = {}
    existants: dict[str, set[int]] = {}
    noms = _Noms()
    for cle, ids in par_source.items():
        source = PAR_CLE[cle]
        historique = source.modele.history
        precedent = (
            historique.filter(id=OuterRef("id"), history_id__lt=OuterRef("history_id"))
            .order_by("-history_id")
            .values("history_id")[:1]
        )
        lus = list(
            historique.filter(history_id__in=ids)
            .annotate(precedent_id=Subquery(precedent))
            .select_related("history_user")
        )
        anciens = {
            r.history_id: r
            for r in historique.filter(
                history_id__in=[r.precedent_id for r in lus if r.precedent_id]
            )
        }
        for r in lus:
            records[(cle, r.history_id)] = r
            if r.precedent_id:
                precedents[(cle, r.history_id)] = anciens.get(r.precedent_id)
            for champ in _champs(source.modele):
                if champ.is_relation:
                    noms.noter(champ.name, _brut(r, champ))
                    if r.precedent_id and anciens.get(r.precedent_id):
                        noms.noter(champ.name, _brut(anciens[r.precedent_id], champ))
        if cle in ("action", "diagnostic", "suivi"):
            existants[cle] = set(
                source.modele.objects.filter(pk__in={r.id for r in lus}).values_list(
                    "pk", flat=True
                )
            )
    noms.charger()

    resultat = []
    for history_id, _date, cle in lignes:
        source = PAR_CLE[cle]
        record = records.get((cle, history_id))
        if record is None:
            continue
        avant = precedents.get((cle, history_id))
        changements = []
        if record.history_type != "-":
            for champ in _champs(source.modele):
                nouveau = _brut(record, champ)
                ancien = _brut(avant, champ) if avant is not None else None
                if avant is not None and ancien == nouveau:
                    continue
                if avant is None and nouveau in (None, ""):
                    continue
                changements.append(
                    Changement(
                        champ=str(champ.verbose_name).capitalize(),
                        avant=_valeur(champ, ancien, noms) if avant is not None else "—",
                        apres=_valeur(champ, nouveau, noms),
                    )
                )
            if record.history_type == "~" and not changements:
                continue  # a save that changed nothing visible
        resultat.append(
            Entree(
                source=source,
                type=record.history_type,
                date=record.history_date,
                auteur=str(record.history_user) if record.history_user else "",
                objet=_titre(source, record, noms),
                changements=changements,
                lien=_lien(source, record, organisation_pk, existants),
                raison=record.history_change_reason or "",
            )
        )
    return resultat


def historique_objet(instance, organisation_pk: int) -> list[Entree]:
    """Every change of one object, newest first."""
    cle = next(s.cle for s in SOURCES if isinstance(instance, s.modele))
    lignes = [
        (h, d, cle)
        for h, d in instance.history.order_by("-history_date", "-history_id").values_list(
            "history_id", "history_date"
        )
    ]
    return entrees(lignes, organisation_pk)
