"""The organisation's follow-up space: referential, diagnostic, improvement plan, follow-up.

Every model an organisation writes in its space keeps its history (django-simple-history):
the space is the memory of the approach and must survive a change of pilot. Members'
individual views (`AvisMembre`, `ReponseAvis`) are deliberately *not* historised: the
history is readable by everyone in the space and would reveal who answered what.
"""

import uuid
from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from apes_rh.stockage import stockage_prive

from .enums import (
    STATUTS_OUVERTS,
    UTILITE_CHOICES,
    ChangementLien,
    EcheanceEnquete,
    OrigineEnquete,
    PrioriteAction,
    StatutAction,
    StatutDiagnostic,
    StatutExport,
    StatutReferentiel,
    TypeSuggestion,
)

NIVEAUX = (1, 2, 3, 4)
NIVEAU_CHOICES = [(n, str(n)) for n in NIVEAUX]
CODE_REFERENTIEL_DEFAUT = "REF-RH"


# --------------------------------------------------------------------------- referential


class ReferentielQuerySet(models.QuerySet):
    def publies(self):
        return self.filter(statut=StatutReferentiel.PUBLIE)

    def courant(self, code: str = CODE_REFERENTIEL_DEFAUT):
        """The latest published version: new diagnostics use it."""
        return self.publies().filter(code=code).order_by("-version").first()


class Referentiel(models.Model):
    """One version of the HR referential. A version used by a diagnostic is frozen."""

    code = models.CharField("code", max_length=40, default=CODE_REFERENTIEL_DEFAUT)
    version = models.PositiveSmallIntegerField("version", default=1)
    titre = models.CharField("titre", max_length=200)
    description = models.TextField("description", blank=True)
    statut = models.CharField(
        "statut",
        max_length=20,
        choices=StatutReferentiel.choices,
        default=StatutReferentiel.BROUILLON,
    )
    publie_le = models.DateTimeField("publié le", null=True, blank=True)
    cree_le = models.DateTimeField("créé le", default=timezone.now)

    history = HistoricalRecords()
    objects = ReferentielQuerySet.as_manager()

    class Meta:
        verbose_name = "référentiel"
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="referentiel_version_unique"),
        ]

    def __str__(self):
        return f"{self.titre} — version {self.version}"

    @property
    def est_publie(self) -> bool:
        return self.statut == StatutReferentiel.PUBLIE

    def est_utilise(self) -> bool:
        """Diagnostics were made on it: its themes and criteria must not change any more."""
        return self.pk is not None and self.diagnostics.exists()


class NiveauEchelle(models.Model):
    """A level of the maturity scale (1–4) of a referential version: its label and meaning."""

    referentiel = models.ForeignKey(Referentiel, on_delete=models.CASCADE, related_name="echelle")
    niveau = models.PositiveSmallIntegerField("niveau", choices=NIVEAU_CHOICES)
    libelle = models.CharField("libellé", max_length=80)
    description = models.TextField("description", blank=True)

    class Meta:
        verbose_name = "niveau de l'échelle"
        verbose_name_plural = "échelle de maturité"
        ordering = ["referentiel", "niveau"]
        constraints = [
            models.UniqueConstraint(fields=["referentiel", "niveau"], name="echelle_niveau_unique"),
        ]

    def __str__(self):
        return f"{self.niveau} — {self.libelle}"


class Theme(models.Model):
    referentiel = models.ForeignKey(Referentiel, on_delete=models.CASCADE, related_name="themes")
    code = models.SlugField("code", max_length=80)
    titre = models.CharField("titre", max_length=200)
    accroche = models.TextField("accroche", blank=True)
    description = models.TextField("description", blank=True)
    ordre = models.PositiveSmallIntegerField("ordre", default=100)
    thematique = models.ForeignKey(
        "apes_rh.Thematique",
        verbose_name="thématique RH correspondante",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="themes_referentiel",
    )

    class Meta:
        verbose_name = "thème du référentiel"
        verbose_name_plural = "thèmes du référentiel"
        ordering = ["referentiel", "ordre", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["referentiel", "code"], name="theme_code_unique"),
        ]

    def __str__(self):
        return self.titre


class Critere(models.Model):
    """An observable practice, with what each level 1–4 looks like for it."""

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="criteres")
    code = models.SlugField("code", max_length=80)
    intitule = models.CharField("intitulé", max_length=300)
    ordre = models.PositiveSmallIntegerField("ordre", default=100)
    niveau_1 = models.TextField("niveau 1")
    niveau_2 = models.TextField("niveau 2")
    niveau_3 = models.TextField("niveau 3")
    niveau_4 = models.TextField("niveau 4")
    # Tags of the recommendations (outils/recommandations.py): what helps on this practice.
    # They do not change the diagnostic, so the team edits them even on a frozen version.
    ressources = models.ManyToManyField(
        "outils.Ressource",
        verbose_name="ressources conseillées",
        blank=True,
        related_name="criteres",
    )
    lecons = models.ManyToManyField(
        "outils.Lecon",
        verbose_name="leçons du MOOC conseillées",
        blank=True,
        related_name="criteres",
    )
    specialites = models.ManyToManyField(
        "accompagnateurs.Specialite",
        verbose_name="spécialités d'accompagnateurs·trices",
        blank=True,
        related_name="criteres",
    )

    class Meta:
        verbose_name = "critère"
        ordering = ["theme__ordre", "theme_id", "ordre", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["theme", "code"], name="critere_code_unique"),
        ]

    def __str__(self):
        return self.intitule

    def description_niveau(self, niveau: int) -> str:
        return getattr(self, f"niveau_{niveau}", "") if niveau in NIVEAUX else ""


# --------------------------------------------------------------------------- diagnostic


class DiagnosticQuerySet(models.QuerySet):
    def termines(self):
        return self.filter(statut=StatutDiagnostic.TERMINE)

    def en_cours(self):
        return self.filter(statut=StatutDiagnostic.EN_COURS)


class Diagnostic(models.Model):
    """An organisation's dated self-assessment on one referential version (repeatable)."""

    organisation = models.ForeignKey(
        "parcours.Organisation", on_delete=models.CASCADE, related_name="diagnostics"
    )
    referentiel = models.ForeignKey(
        Referentiel,
        verbose_name="version du référentiel",
        on_delete=models.PROTECT,
        related_name="diagnostics",
    )
    titre = models.CharField("titre", max_length=200)
    statut = models.CharField(
        "statut",
        max_length=20,
        choices=StatutDiagnostic.choices,
        default=StatutDiagnostic.EN_COURS,
    )
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="créé par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cree_le = models.DateTimeField("commencé le", default=timezone.now)
    termine_le = models.DateTimeField("terminé le", null=True, blank=True)

    history = HistoricalRecords()
    objects = DiagnosticQuerySet.as_manager()

    class Meta:
        verbose_name = "diagnostic"
        ordering = ["-cree_le", "-pk"]
        indexes = [models.Index(fields=["organisation", "-cree_le"])]

    def __str__(self):
        return self.titre

    @property
    def est_termine(self) -> bool:
        return self.statut == StatutDiagnostic.TERMINE

    @property
    def date_reference(self):
        return timezone.localdate(self.termine_le or self.cree_le)


class Evaluation(models.Model):
    """The organisation's answer on one criterion: a level, a comment, evidence."""

    diagnostic = models.ForeignKey(Diagnostic, on_delete=models.CASCADE, related_name="evaluations")
    critere = models.ForeignKey(Critere, on_delete=models.PROTECT, related_name="evaluations")
    niveau = models.PositiveSmallIntegerField(
        "niveau",
        null=True,
        blank=True,
        choices=NIVEAU_CHOICES,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
    )
    commentaire = models.TextField("commentaire", blank=True)
    preuves = models.TextField(
        "éléments de preuve",
        blank=True,
        help_text="Documents, pratiques ou exemples qui justifient le niveau choisi.",
    )
    modifie_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    modifie_le = models.DateTimeField("modifiée le", auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "évaluation d'un critère"
        verbose_name_plural = "évaluations des critères"
        constraints = [
            models.UniqueConstraint(
                fields=["diagnostic", "critere"], name="evaluation_unique_par_critere"
            ),
        ]

    def __str__(self):
        return f"{self.critere} : {self.niveau or '—'}"


class AvisMembre(models.Model):
    """A member asked for their own view of a diagnostic."""

    diagnostic = models.ForeignKey(Diagnostic, on_delete=models.CASCADE, related_name="avis")
    personne = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="avis_diagnostics"
    )
    demande_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    message = models.TextField("message", blank=True)
    demande_le = models.DateTimeField("demandé le", default=timezone.now)
    envoye_le = models.DateTimeField("envoyé le", null=True, blank=True)

    class Meta:
        verbose_name = "avis d'un membre"
        verbose_name_plural = "avis des membres"
        ordering = ["-demande_le"]
        constraints = [
            models.UniqueConstraint(fields=["diagnostic", "personne"], name="avis_unique"),
        ]

    def __str__(self):
        return f"Avis de {self.personne} sur {self.diagnostic}"

    @property
    def est_envoye(self) -> bool:
        return self.envoye_le is not None


class ReponseAvis(models.Model):
    avis = models.ForeignKey(AvisMembre, on_delete=models.CASCADE, related_name="reponses")
    critere = models.ForeignKey(Critere, on_delete=models.PROTECT, related_name="+")
    niveau = models.PositiveSmallIntegerField(
        "niveau",
        null=True,
        blank=True,
        choices=NIVEAU_CHOICES,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
    )
    commentaire = models.TextField("commentaire", blank=True)

    class Meta:
        verbose_name = "réponse d'un membre"
        constraints = [
            models.UniqueConstraint(fields=["avis", "critere"], name="reponse_avis_unique"),
        ]

    def __str__(self):
        return f"{self.critere} : {self.niveau or '—'}"


# --------------------------------------------------------------------------- plan


class PlanAmelioration(models.Model):
    """The organisation's living improvement plan (schéma d'amélioration)."""

    organisation = models.OneToOneField(
        "parcours.Organisation", on_delete=models.CASCADE, related_name="plan_amelioration"
    )
    titre = models.CharField("titre", max_length=200, default="Schéma d'amélioration")
    diagnostic = models.ForeignKey(
        Diagnostic,
        verbose_name="diagnostic de départ",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cree_le = models.DateTimeField("créé le", default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "schéma d'amélioration"
        verbose_name_plural = "schémas d'amélioration"

    def __str__(self):
        return f"{self.titre} — {self.organisation}"


class Axe(models.Model):
    """An axis of improvement: from a weak criterion of a diagnostic, or written freely."""

    plan = models.ForeignKey(PlanAmelioration, on_delete=models.CASCADE, related_name="axes")
    titre = models.CharField("titre", max_length=300)
    description = models.TextField("objectif et description", blank=True)
    theme = models.ForeignKey(
        Theme, verbose_name="thème", null=True, blank=True, on_delete=models.SET_NULL
    )
    critere = models.ForeignKey(
        Critere,
        verbose_name="critère d'origine",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="axes",
    )
    ordre = models.PositiveSmallIntegerField("ordre", default=100)
    origine = models.CharField("origine", max_length=200, blank=True)
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cree_le = models.DateTimeField("créé le", default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "axe d'amélioration"
        verbose_name_plural = "axes d'amélioration"
        ordering = ["ordre", "cree_le", "pk"]

    def __str__(self):
        return self.titre


class ActionQuerySet(models.QuerySet):
    def ouvertes(self):
        return self.filter(statut__in=STATUTS_OUVERTS)

    def en_retard(self, le=None):
        le = le or timezone.localdate()
        return self.ouvertes().filter(echeance__lt=le)

    def de_organisation(self, organisation):
        return self.filter(plan__organisation=organisation)


class Action(models.Model):
    plan = models.ForeignKey(PlanAmelioration, on_delete=models.CASCADE, related_name="actions")
    axe = models.ForeignKey(
        Axe,
        verbose_name="axe",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
    )
    titre = models.CharField("titre", max_length=300)
    description = models.TextField("description", blank=True)
    responsable = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="responsable",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions_rh",
    )
    echeance = models.DateField("échéance", null=True, blank=True)
    priorite = models.PositiveSmallIntegerField(
        "priorité", choices=PrioriteAction.choices, default=PrioriteAction.MOYENNE
    )
    statut = models.CharField(
        "statut", max_length=20, choices=StatutAction.choices, default=StatutAction.A_FAIRE
    )
    theme = models.ForeignKey(
        Theme, verbose_name="thème", null=True, blank=True, on_delete=models.SET_NULL
    )
    ressources = models.TextField(
        "ressources mobilisées",
        blank=True,
        help_text="Outils, guides, séances, accompagnement… utilisés pour cette action.",
    )
    origine = models.CharField("origine", max_length=200, blank=True)
    lecon = models.ForeignKey(
        "outils.Lecon",
        verbose_name="leçon du MOOC",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
    )
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cree_le = models.DateTimeField("créée le", default=timezone.now)
    modifie_le = models.DateTimeField("modifiée le", auto_now=True)
    terminee_le = models.DateField("terminée le", null=True, blank=True)

    history = HistoricalRecords()
    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = "action"
        ordering = ["priorite", "echeance", "pk"]
        indexes = [models.Index(fields=["plan", "statut"])]

    def __str__(self):
        return self.titre

    def save(self, *args, **kwargs):
        if self.statut == StatutAction.FAITE and not self.terminee_le:
            self.terminee_le = timezone.localdate()
        elif self.statut != StatutAction.FAITE:
            self.terminee_le = None
        super().save(*args, **kwargs)

    @property
    def est_ouverte(self) -> bool:
        return self.statut in STATUTS_OUVERTS

    @property
    def en_retard(self) -> bool:
        return bool(self.est_ouverte and self.echeance and self.echeance < timezone.localdate())


class Commentaire(models.Model):
    """A comment on an action (pilots, supporting coaches, the team)."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="commentaires")
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    texte = models.TextField("commentaire")
    cree_le = models.DateTimeField("écrit le", default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "commentaire"
        ordering = ["cree_le", "pk"]

    def __str__(self):
        return f"Commentaire de {self.auteur} sur {self.action}"


class SuggestionTraitee(models.Model):
    """A recommendation of the diagnostic the pilot dealt with: dismissed, or turned into an
    action (`action` set). Either way it leaves the list; a dismissed one can be restored,
    and one whose action is deleted comes back. The unique key makes "one click" happen
    once, even on a double POST.
    """

    organisation = models.ForeignKey(
        "parcours.Organisation", on_delete=models.CASCADE, related_name="suggestions_traitees"
    )
    critere = models.ForeignKey(
        Critere, verbose_name="critère", on_delete=models.CASCADE, related_name="+"
    )
    type = models.CharField("type", max_length=20, choices=TypeSuggestion.choices)
    objet_id = models.PositiveIntegerField("identifiant de l'objet suggéré")
    titre = models.CharField("suggestion", max_length=300)
    action = models.ForeignKey(
        "outils.Action",
        verbose_name="action créée",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    traitee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    traitee_le = models.DateTimeField("le", default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "suggestion traitée"
        verbose_name_plural = "suggestions traitées (écartées ou devenues actions)"
        ordering = ["-traitee_le", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "critere", "type", "objet_id"],
                name="suggestion_traitee_unique",
            ),
        ]

    def __str__(self):
        return self.titre

    @property
    def est_ecartee(self) -> bool:
        return self.action_id is None


class LienActionQuerySet(models.QuerySet):
    def utilisables(self, maintenant=None):
        return self.filter(utilise_le__isnull=True, expire_le__gt=maintenant or timezone.now())


class LienAction(models.Model):
    """A button of the pilots' weekly e-mail: one change of one action, by one person, once.

    Only the SHA-256 of the random token is stored: the database alone gives no usable link.
    The row outlives the action (SET_NULL) so that a click after a deletion is explained.
    See outils/liens.py.
    """

    empreinte = models.CharField("empreinte du jeton", max_length=64, unique=True)
    action = models.ForeignKey(
        Action, null=True, on_delete=models.SET_NULL, related_name="liens_courriel"
    )
    organisation = models.ForeignKey(
        "parcours.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    titre = models.CharField("titre de l'action", max_length=300)
    destinataire = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="liens_action"
    )
    changement = models.CharField("changement", max_length=20, choices=ChangementLien.choices)
    cree_le = models.DateTimeField("créé le", default=timezone.now)
    expire_le = models.DateTimeField("expire le")
    utilise_le = models.DateTimeField("utilisé le", null=True, blank=True)

    objects = LienActionQuerySet.as_manager()

    class Meta:
        verbose_name = "lien d'action envoyé par e-mail"
        verbose_name_plural = "liens d'action envoyés par e-mail"
        ordering = ["-cree_le", "pk"]

    def __str__(self):
        return f"{self.get_changement_display()} — {self.titre} ({self.destinataire_id})"


# --------------------------------------------------------------------------- follow-up


class SuiviQuerySet(models.QuerySet):
    def de_organisation(self, organisation):
        return self.filter(organisation=organisation)


class Suivi(models.Model):
    """A dated follow-up entry: what was done, difficulties, next step."""

    organisation = models.ForeignKey(
        "parcours.Organisation", on_delete=models.CASCADE, related_name="suivis"
    )
    action = models.ForeignKey(
        Action,
        verbose_name="action concernée",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="suivis",
    )
    date = models.DateField("date", default=timezone.localdate)
    realise = models.TextField("ce qui a été fait")
    difficultes = models.TextField("difficultés rencontrées", blank=True)
    prochaine_etape = models.TextField("prochaine étape", blank=True)
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cree_le = models.DateTimeField("écrit le", default=timezone.now)
    modifie_le = models.DateTimeField("modifié le", auto_now=True)

    history = HistoricalRecords()
    objects = SuiviQuerySet.as_manager()

    class Meta:
        verbose_name = "entrée de suivi"
        verbose_name_plural = "suivi opérationnel"
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["organisation", "-date"])]

    def __str__(self):
        return f"Suivi du {self.date:%d/%m/%Y}"


class Indicateur(models.Model):
    """An indicator value of an entry, e.g. "entretiens professionnels réalisés : 4 / 7"."""

    suivi = models.ForeignKey(Suivi, on_delete=models.CASCADE, related_name="indicateurs")
    libelle = models.CharField("indicateur", max_length=200)
    valeur = models.DecimalField("valeur", max_digits=12, decimal_places=2)
    cible = models.DecimalField("cible", max_digits=12, decimal_places=2, null=True, blank=True)
    unite = models.CharField("unité", max_length=40, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "valeur d'indicateur"
        verbose_name_plural = "valeurs d'indicateurs"
        ordering = ["pk"]

    def __str__(self):
        texte = f"{self.libelle} : {_nombre(self.valeur)}"
        if self.cible is not None:
            texte += f" / {_nombre(self.cible)}"
        if self.unite:
            texte += f" {self.unite}"
        return texte


def _nombre(valeur: Decimal) -> str:
    texte = f"{valeur:f}"
    if "." in texte:
        texte = texte.rstrip("0").rstrip(".")
    return texte.replace(".", ",")


def chemin_piece_jointe(instance, filename: str) -> str:
    # The stored name is random: the original name is kept in `nom` for display only.
    suffixe = PurePath(filename).suffix.lower()[:10]
    return f"suivis/{instance.suivi.organisation_id}/{uuid.uuid4().hex}{suffixe}"


class PieceJointe(models.Model):
    suivi = models.ForeignKey(Suivi, on_delete=models.CASCADE, related_name="pieces_jointes")
    fichier = models.FileField(
        "fichier", upload_to=chemin_piece_jointe, storage=stockage_prive, max_length=255
    )
    nom = models.CharField("nom du fichier", max_length=255)
    type_mime = models.CharField("type", max_length=120)
    taille = models.PositiveIntegerField("taille (octets)")
    ajoutee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ajoutee_le = models.DateTimeField("ajoutée le", default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "pièce jointe"
        verbose_name_plural = "pièces jointes"
        ordering = ["ajoutee_le", "pk"]

    def __str__(self):
        return self.nom


# --------------------------------------------------------------------------- export


def chemin_export(instance, filename: str) -> str:
    return f"exports/{instance.organisation_id}/{uuid.uuid4().hex}.pdf"


class ExportDossier(models.Model):
    """A PDF dossier of the approach, built by a Celery task, downloadable when ready."""

    organisation = models.ForeignKey(
        "parcours.Organisation", on_delete=models.CASCADE, related_name="exports_dossier"
    )
    demande_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    demande_le = models.DateTimeField("demandé le", default=timezone.now)
    statut = models.CharField(
        "statut", max_length=20, choices=StatutExport.choices, default=StatutExport.EN_ATTENTE
    )
    fichier = models.FileField(
        "fichier", upload_to=chemin_export, storage=stockage_prive, blank=True, max_length=255
    )
    termine_le = models.DateTimeField("prêt le", null=True, blank=True)
    erreur = models.TextField("erreur", blank=True)

    class Meta:
        verbose_name = "export du dossier"
        verbose_name_plural = "exports du dossier"
        ordering = ["-demande_le", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(statut=StatutExport.PRET) | ~Q(fichier=""),
                name="export_pret_a_un_fichier",
            ),
        ]

    def __str__(self):
        return f"Dossier de {self.organisation} ({self.demande_le:%d/%m/%Y %H:%M})"

    @property
    def est_pret(self) -> bool:
        return self.statut == StatutExport.PRET

    def clean(self):
        if self.statut == StatutExport.PRET and not self.fichier:
            raise ValidationError("Un export prêt doit avoir un fichier.")


# --------------------------------------------------------------------------- follow-up surveys
# Three and six months after a parcours or a mission ends, its pilots say what changed, which
# actions continued and how useful the approach was (services: outils/enquetes.py). One survey
# per (origin, échéance): the unique constraints make it created once, whatever the number of
# runs of the daily task. The answers are the organisation's own: funders only see counts.


class EnqueteSuiviQuerySet(models.QuerySet):
    def repondues(self):
        return self.filter(repondue_le__isnull=False)

    def en_attente(self):
        return self.filter(repondue_le__isnull=True)

    def de_organisation(self, organisation):
        return self.filter(organisation=organisation)


class EnqueteSuivi(models.Model):
    organisation = models.ForeignKey(
        "parcours.Organisation",
        verbose_name="organisation",
        on_delete=models.CASCADE,
        related_name="enquetes_suivi",
    )
    origine = models.CharField("origine", max_length=20, choices=OrigineEnquete.choices)
    inscription = models.ForeignKey(
        "parcours.Inscription",
        verbose_name="inscription au parcours",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="enquetes_suivi",
    )
    mission = models.ForeignKey(
        "accompagnateurs.Mission",
        verbose_name="mission d'appui individuel",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="enquetes_suivi",
    )
    echeance = models.PositiveSmallIntegerField(
        "échéance", choices=EcheanceEnquete.choices, help_text="Mois après la fin."
    )
    fin_accompagnement = models.DateField("fin de l'accompagnement")
    envoyee_le = models.DateTimeField("envoyée le", default=timezone.now)
    envoyee_a = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name="envoyée à",
        blank=True,
        related_name="enquetes_suivi_recues",
        help_text="Pilotes et co-pilotes de l'organisation à l'envoi.",
    )
    repondue_le = models.DateTimeField("répondue le", null=True, blank=True)
    repondue_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="répondue par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    ce_qui_a_change = models.TextField("ce qui a changé depuis la fin", blank=True)
    actions_poursuivies = models.ManyToManyField(
        "outils.Action",
        verbose_name="actions poursuivies",
        blank=True,
        related_name="enquetes_suivi",
    )
    utilite = models.PositiveSmallIntegerField(
        "utilité de la démarche",
        choices=UTILITE_CHOICES,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )

    history = HistoricalRecords()
    objects = EnqueteSuiviQuerySet.as_manager()

    class Meta:
        verbose_name = "enquête de suivi"
        verbose_name_plural = "enquêtes de suivi"
        ordering = ["-envoyee_le", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        origine=OrigineEnquete.PARCOURS,
                        inscription__isnull=False,
                        mission__isnull=True,
                    )
                    | Q(
                        origine=OrigineEnquete.MISSION,
                        mission__isnull=False,
                        inscription__isnull=True,
                    )
                ),
                name="enquete_suivi_une_origine",
            ),
            models.CheckConstraint(
                condition=Q(echeance__in=[3, 6]), name="enquete_suivi_echeance_3_ou_6"
            ),
            models.CheckConstraint(
                condition=Q(utilite__isnull=True) | Q(utilite__gte=1, utilite__lte=5),
                name="enquete_suivi_utilite_1_5",
            ),
            models.UniqueConstraint(
                fields=["inscription", "echeance"],
                condition=Q(inscription__isnull=False),
                name="enquete_suivi_unique_inscription",
            ),
            models.UniqueConstraint(
                fields=["mission", "echeance"],
                condition=Q(mission__isnull=False),
                name="enquete_suivi_unique_mission",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "envoyee_le"])]

    def __str__(self):
        return f"Enquête de suivi à {self.echeance} mois — {self.organisation}"

    @property
    def est_repondue(self) -> bool:
        return self.repondue_le is not None

    @property
    def libelle_origine(self) -> str:
        """ "Parcours MEL 2019" or "Mission : Recrutement" (needs the origin loaded)."""
        if self.origine == OrigineEnquete.PARCOURS and self.inscription_id:
            nom = self.inscription.parcours.nom
            return nom if nom.lower().startswith("parcours") else f"Parcours {nom}"
        if self.mission_id:
            return f"Mission d'appui individuel : {self.mission.thematique}"
        return self.get_origine_display()


from .vitrine.models import *  # noqa: E402,F401,F403  (vitrine, ressources, MOOC)
