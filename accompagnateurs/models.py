import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.functional import cached_property
from simple_history.models import HistoricalRecords

from apes_rh.enums import Role
from apes_rh.models import ligne_de_financement
from apes_rh.roles import has_role
from apes_rh.stockage import stockage_prive

from .enums import NatureDemiJournee, StatutCandidature, StatutDemiJournee, StatutMission

# ---------------------------------------------------------------------------
# Private files (CVs): outside MEDIA_ROOT, never served by the web server,
# only through a view that checks the team rule.
# ---------------------------------------------------------------------------


def _cv_upload_to(instance, filename):
    return f"candidatures/{timezone.now():%Y}/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class Specialite(models.Model):
    nom = models.CharField("nom", max_length=120, unique=True)

    class Meta:
        verbose_name = "spécialité"
        ordering = ["nom"]

    def __str__(self):
        return self.nom


class AccompagnateurQuerySet(models.QuerySet):
    def dans_le_pool(self, du, au):
        """Coaches whose time in the pool overlaps [du, au] (DESIGN §5)."""
        return self.filter(Q(sortie__isnull=True) | Q(sortie__gte=du), entree__lte=au)

    def actifs(self, le=None):
        """In the pool on `le` (today by default): what the directory shows."""
        le = le or timezone.localdate()
        return self.dans_le_pool(le, le)

    def pour_annuaire(self):
        return (
            self.actifs()
            .select_related("user")
            .prefetch_related("specialites", "territoires", "thematiques")
        )


class Accompagnateur(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="accompagnateur"
    )
    structure = models.CharField("structure", max_length=200, blank=True)
    specialites = models.ManyToManyField(Specialite, verbose_name="spécialités", blank=True)
    thematiques = models.ManyToManyField(
        "apes_rh.Thematique", verbose_name="thématiques RH", blank=True
    )
    territoires = models.ManyToManyField(
        "apes_rh.Territoire", verbose_name="territoires couverts", blank=True
    )
    accroche = models.CharField("accroche", max_length=255, blank=True)
    bio = models.TextField("présentation", blank=True)
    disponibilite = models.CharField("disponibilités", max_length=255, blank=True)
    photo = models.ImageField("photo", upload_to="accompagnateurs/", blank=True)
    entree = models.DateField("entrée dans le pool")
    sortie = models.DateField("sortie du pool", null=True, blank=True)

    objects = AccompagnateurQuerySet.as_manager()

    class Meta:
        verbose_name = "accompagnateur·trice"
        verbose_name_plural = "accompagnateurs·trices"
        ordering = ["user__last_name", "user__first_name"]

    def __str__(self):
        return str(self.user)

    def clean(self):
        if self.sortie and self.entree and self.sortie < self.entree:
            raise ValidationError({"sortie": "La date de sortie précède la date d'entrée."})

    @property
    def dans_le_pool_aujourdhui(self) -> bool:
        today = timezone.localdate()
        return self.entree <= today and (self.sortie is None or self.sortie >= today)


def accompagnateur_de(user) -> Accompagnateur | None:
    """The coach profile of `user`, cached on the user object for the request."""
    if user is None or not user.is_authenticated:
        return None
    if not hasattr(user, "_apes_accompagnateur"):
        user._apes_accompagnateur = Accompagnateur.objects.filter(user=user).first()
    return user._apes_accompagnateur


def _est_equipe(user) -> bool:
    return user is not None and user.is_authenticated and has_role(user, Role.CHARGEE)


def organisations_suivies(user):
    """Organisations a coach may read: a mission (main or binôme) or a parcours they coach.

    The team reads them all; anybody else reads none here. The follow-up space (outils) uses
    this same set to decide which coaches read an organisation's space.
    """
    from parcours.models import Inscription, Organisation

    if _est_equipe(user):
        return Organisation.objects.all()
    profil = accompagnateur_de(user)
    if profil is None:
        return Organisation.objects.none()
    par_mission = Mission.objects.exclude(statut=StatutMission.ANNULEE).pour_accompagnateur(profil)
    par_parcours = Inscription.objects.filter(parcours__accompagnateurs=user)
    return Organisation.objects.filter(
        Q(pk__in=par_mission.values("organisation")) | Q(pk__in=par_parcours.values("organisation"))
    )


# ---------------------------------------------------------------------------
# Call for expressions of interest (AMI) and applications
# ---------------------------------------------------------------------------


class AppelQuerySet(models.QuerySet):
    def ouverts(self, le=None):
        le = le or timezone.localdate()
        return self.filter(ouverture__lte=le, cloture__gte=le)


class AppelAManifestation(models.Model):
    """A call for expressions of interest (AMI) to join the coach pool."""

    titre = models.CharField("titre", max_length=200)
    description = models.TextField(
        "description", help_text="Le contexte, les profils recherchés, les modalités."
    )
    ouverture = models.DateField("ouvert à partir du", default=timezone.localdate)
    cloture = models.DateField("date de clôture")
    creee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="créé par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    creee_le = models.DateTimeField("créé le", default=timezone.now)

    history = HistoricalRecords()
    objects = AppelQuerySet.as_manager()

    class Meta:
        verbose_name = "appel à manifestation d'intérêt"
        verbose_name_plural = "appels à manifestation d'intérêt"
        ordering = ["-cloture"]
        constraints = [
            models.CheckConstraint(
                condition=Q(cloture__gte=F("ouverture")), name="ami_cloture_apres_ouverture"
            )
        ]

    def __str__(self):
        return self.titre

    def clean(self):
        if self.ouverture and self.cloture and self.cloture < self.ouverture:
            raise ValidationError({"cloture": "La clôture précède l'ouverture."})

    @property
    def est_ouvert(self) -> bool:
        today = timezone.localdate()
        return self.ouverture <= today <= self.cloture


class CandidatureQuerySet(models.QuerySet):
    def a_etudier(self):
        return self.filter(statut__in=[StatutCandidature.RECUE, StatutCandidature.EN_ETUDE])


class Candidature(models.Model):
    """A consultant's application to an AMI. Only the team sees it."""

    appel = models.ForeignKey(
        AppelAManifestation, on_delete=models.PROTECT, related_name="candidatures"
    )
    prenom = models.CharField("prénom", max_length=150)
    nom = models.CharField("nom", max_length=150)
    email = models.EmailField("adresse e-mail")
    telephone = models.CharField("téléphone", max_length=30, blank=True)
    structure = models.CharField("structure", max_length=200, blank=True)
    specialites = models.ManyToManyField(Specialite, verbose_name="spécialités", blank=True)
    autres_specialites = models.CharField("autres spécialités", max_length=255, blank=True)
    territoires = models.ManyToManyField(
        "apes_rh.Territoire", verbose_name="territoires couverts", blank=True
    )
    experience_ess = models.TextField("expérience de l'ESS")
    references = models.TextField("références", blank=True)
    cv = models.FileField("CV", storage=stockage_prive, upload_to=_cv_upload_to, max_length=255)
    cv_nom = models.CharField("nom du fichier envoyé", max_length=255, blank=True)
    statut = models.CharField(
        "statut",
        max_length=20,
        choices=StatutCandidature.choices,
        default=StatutCandidature.RECUE,
    )
    notes_internes = models.TextField("notes internes", blank=True)
    recue_le = models.DateTimeField("reçue le", default=timezone.now)
    decidee_le = models.DateTimeField("décision le", null=True, blank=True)
    decidee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="décision par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accompagnateur = models.ForeignKey(
        Accompagnateur,
        verbose_name="profil créé",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="candidatures",
    )

    history = HistoricalRecords(excluded_fields=["cv"])
    objects = CandidatureQuerySet.as_manager()

    class Meta:
        verbose_name = "candidature"
        ordering = ["-recue_le"]
        constraints = [
            models.UniqueConstraint(fields=["appel", "email"], name="candidature_unique_par_appel")
        ]

    def __str__(self):
        return f"{self.prenom} {self.nom} — {self.appel}"

    @property
    def nom_complet(self) -> str:
        return f"{self.prenom} {self.nom}".strip()

    @property
    def decidee(self) -> bool:
        return self.statut in (StatutCandidature.RETENUE, StatutCandidature.NON_RETENUE)


# ---------------------------------------------------------------------------
# Missions (appuis individuels granted by the team)
# ---------------------------------------------------------------------------


class MissionQuerySet(models.QuerySet):
    def pour_accompagnateur(self, accompagnateur):
        return self.filter(Q(accompagnateur=accompagnateur) | Q(co_accompagnateur=accompagnateur))

    def visibles_par(self, user):
        """The team sees every mission; a coach sees the missions they are on; nobody else."""
        if _est_equipe(user):
            return self
        profil = accompagnateur_de(user)
        if profil is None:
            return self.none()
        return self.pour_accompagnateur(profil)

    def en_cours(self):
        return self.filter(statut=StatutMission.EN_COURS)

    def chevauchant(self, du, au):
        return self.filter(Q(fin__isnull=True) | Q(fin__gte=du), debut__lte=au)

    def avec_budget(self):
        """Annotates `consommees` (validated half-days) and `engagees` (every record charged to
        the mission, whatever its status: what the budget will have to cover)."""
        return self.annotate(
            consommees=Coalesce(
                Sum(
                    "demi_journees__demi_journees",
                    filter=Q(demi_journees__statut=StatutDemiJournee.VALIDEE),
                ),
                0,
            ),
            engagees=Coalesce(Sum("demi_journees__demi_journees"), 0),
        )


class Mission(models.Model):
    """An individual support (appui individuel) granted to an organisation by the team."""

    SEUIL_ALERTE = 0.8  # warn when 80 % of the budget is committed

    organisation = models.ForeignKey(
        "parcours.Organisation",
        verbose_name="organisation",
        on_delete=models.PROTECT,
        related_name="missions",
    )
    thematique = models.ForeignKey(
        "apes_rh.Thematique",
        verbose_name="thématique",
        on_delete=models.PROTECT,
        related_name="missions",
    )
    objectif = models.TextField("objectif")
    accompagnateur = models.ForeignKey(
        Accompagnateur,
        verbose_name="accompagnateur·trice principal·e",
        on_delete=models.PROTECT,
        related_name="missions",
    )
    co_accompagnateur = models.ForeignKey(
        Accompagnateur,
        verbose_name="co-accompagnateur·trice (binôme)",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="missions_en_binome",
    )
    budget_demi_journees = models.PositiveSmallIntegerField(
        "budget (demi-journées)", validators=[MinValueValidator(1)]
    )
    depassement_accorde = models.PositiveSmallIntegerField(
        "dépassement approuvé (demi-journées)",
        default=0,
        help_text="Demi-journées accordées au-delà du budget, après approbation de l'équipe.",
    )
    debut = models.DateField("début")
    fin = models.DateField("fin prévue", null=True, blank=True)
    statut = models.CharField(
        "statut", max_length=20, choices=StatutMission.choices, default=StatutMission.EN_COURS
    )
    creee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="accordée par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    financement = ligne_de_financement(
        "missions",
        (
            "Par défaut, celle du parcours de l'organisation ; imputée aux demi-journées de "
            "la mission."
        ),
    )
    creee_le = models.DateTimeField("créée le", default=timezone.now)

    history = HistoricalRecords()
    objects = MissionQuerySet.as_manager()

    class Meta:
        verbose_name = "mission d'appui individuel"
        verbose_name_plural = "missions d'appui individuel"
        ordering = ["-debut", "organisation__nom"]
        constraints = [
            models.CheckConstraint(
                condition=Q(fin__isnull=True) | Q(fin__gte=F("debut")),
                name="mission_fin_apres_debut",
            ),
            models.CheckConstraint(
                condition=~Q(co_accompagnateur=F("accompagnateur")),
                name="mission_binome_distinct",
            ),
        ]

    def __str__(self):
        return f"{self.organisation} — {self.thematique}"

    def save(self, *args, **kwargs):
        if self._state.adding and self.financement_id is None and self.organisation_id:
            # The line of the parcours the organisation follows when the mission starts.
            from parcours.models import Parcours

            self.financement_id = Parcours.objects.financement_pour(
                self.organisation_id, self.debut
            )
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        if self.debut and self.fin and self.fin < self.debut:
            errors["fin"] = "La fin précède le début."
        if self.co_accompagnateur_id and self.co_accompagnateur_id == self.accompagnateur_id:
            errors["co_accompagnateur"] = (
                "Le binôme doit être une autre personne que l'accompagnateur·trice principal·e."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def budget_total(self) -> int:
        return self.budget_demi_journees + self.depassement_accorde

    @cached_property
    def _sommes(self) -> tuple[int, int]:
        if hasattr(self, "consommees") and hasattr(self, "engagees"):
            return self.consommees, self.engagees
        data = self.demi_journees.aggregate(
            consommees=Coalesce(
                Sum("demi_journees", filter=Q(statut=StatutDemiJournee.VALIDEE)), 0
            ),
            engagees=Coalesce(Sum("demi_journees"), 0),
        )
        return data["consommees"], data["engagees"]

    @property
    def utilisees(self) -> int:
        """Validated half-days charged to the mission."""
        return self._sommes[0]

    @property
    def prevues(self) -> int:
        """Every recorded half-day (draft, submitted, returned, validated)."""
        return self._sommes[1]

    @property
    def restantes(self) -> int:
        return self.budget_total - self.utilisees

    @property
    def depasse(self) -> bool:
        return self.prevues > self.budget_total

    @property
    def en_alerte(self) -> bool:
        return self.prevues >= self.budget_total * self.SEUIL_ALERTE

    @property
    def pourcentage(self) -> int:
        if not self.budget_total:
            return 100
        return min(100, round(100 * self.utilisees / self.budget_total))

    def accompagnateurs(self) -> list[Accompagnateur]:
        return [a for a in (self.accompagnateur, self.co_accompagnateur) if a is not None]


# ---------------------------------------------------------------------------
# Half-days
# ---------------------------------------------------------------------------


class DemiJourneeQuerySet(models.QuerySet):
    def validees(self):
        return self.filter(statut=StatutDemiJournee.VALIDEE)

    def individuelles(self):
        return self.filter(nature=NatureDemiJournee.INDIVIDUEL)

    def periode(self, du, au):
        return self.filter(date__gte=du, date__lte=au)

    def pour_accompagnateur(self, accompagnateur):
        """A coach's activity: records they own and records where they are the binôme.

        Binôme rule: a record belongs to its main coach (who writes and submits it) and counts
        once in every report; it appears in the activity of both coaches.
        """
        return self.filter(Q(accompagnateur=accompagnateur) | Q(co_accompagnateur=accompagnateur))

    def visibles_par(self, user):
        """Team: all. Main coach: their records. Binôme: submitted and validated ones only
        (a draft is its author's working copy). Everyone else: none."""
        if _est_equipe(user):
            return self
        profil = accompagnateur_de(user)
        if profil is None:
            return self.none()
        return self.filter(
            Q(accompagnateur=profil)
            | Q(
                co_accompagnateur=profil,
                statut__in=[StatutDemiJournee.SOUMISE, StatutDemiJournee.VALIDEE],
            )
        )


class DemiJournee(models.Model):
    """Half-days of support recorded by a coach: draft → submitted → validated by the team."""

    accompagnateur = models.ForeignKey(
        Accompagnateur, on_delete=models.PROTECT, related_name="demi_journees"
    )
    organisation = models.ForeignKey(
        "parcours.Organisation", on_delete=models.PROTECT, related_name="demi_journees"
    )
    date = models.DateField("date")
    nature = models.CharField(
        "nature",
        max_length=20,
        choices=NatureDemiJournee.choices,
        default=NatureDemiJournee.INDIVIDUEL,
    )
    demi_journees = models.PositiveSmallIntegerField(
        "nombre de demi-journées", default=1, validators=[MinValueValidator(1)]
    )
    thematique = models.ForeignKey(
        "apes_rh.Thematique",
        verbose_name="thématique",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="demi_journees",
    )
    notes = models.TextField("notes", blank=True)
    co_accompagnateur = models.ForeignKey(
        Accompagnateur,
        verbose_name="co-accompagnateur·trice (binôme)",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="demi_journees_en_binome",
    )
    statut = models.CharField(
        "statut",
        max_length=20,
        choices=StatutDemiJournee.choices,
        default=StatutDemiJournee.BROUILLON,
    )
    # Added by the coach-pool features.
    mission = models.ForeignKey(
        Mission,
        verbose_name="mission",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="demi_journees",
    )
    financement = ligne_de_financement(
        "demi_journees",
        "Par défaut, celle de la mission, sinon celle du parcours de l'organisation.",
    )
    commentaire_equipe = models.TextField(
        "commentaire de l'équipe",
        blank=True,
        help_text="Ce qu'il faut corriger quand le relevé est renvoyé.",
    )
    creee_le = models.DateTimeField("saisie le", default=timezone.now)
    soumise_le = models.DateTimeField("soumise le", null=True, blank=True)
    traitee_le = models.DateTimeField("traitée le", null=True, blank=True)
    traitee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="traitée par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords()
    objects = DemiJourneeQuerySet.as_manager()

    class Meta:
        verbose_name = "demi-journée"
        ordering = ["-date"]
        indexes = [models.Index(fields=["date", "statut"])]

    def __str__(self):
        return f"{self.demi_journees} demi-journée(s) — {self.organisation} ({self.date:%d/%m/%Y})"

    def save(self, *args, **kwargs):
        if self._state.adding and self.financement_id is None:
            self.financement_id = self.financement_par_defaut()
        super().save(*args, **kwargs)

    def clean(self):
        if self.co_accompagnateur_id and self.co_accompagnateur_id == self.accompagnateur_id:
            raise ValidationError(
                {"co_accompagnateur": "Le binôme doit être une autre personne que vous."}
            )

    def financement_par_defaut(self) -> int | None:
        """The mission's line, else the line of the parcours the organisation follows on
        that date (the report counts those half-days for that parcours too)."""
        if self.mission_id:
            return self.mission.financement_id
        if not (self.organisation_id and self.date):
            return None
        from parcours.models import Parcours

        return Parcours.objects.financement_pour(self.organisation_id, self.date)

    @property
    def modifiable_par_accompagnateur(self) -> bool:
        return self.statut in (StatutDemiJournee.BROUILLON, StatutDemiJournee.RENVOYEE)

    @property
    def en_binome(self) -> bool:
        return self.co_accompagnateur_id is not None


# ---------------------------------------------------------------------------
# Yearly review meeting of the pool
# ---------------------------------------------------------------------------


class BilanQuerySet(models.QuerySet):
    def visibles_par(self, user):
        if _est_equipe(user) or accompagnateur_de(user) is not None:
            return self
        return self.none()


class BilanAnnuel(models.Model):
    """Notes of the pool's yearly review meeting, which is a session of the agenda."""

    seance = models.OneToOneField(
        "parcours.Seance",
        verbose_name="séance de l'agenda",
        on_delete=models.PROTECT,
        related_name="bilan_pool",
    )
    notes = models.TextField("compte rendu")
    decisions = models.TextField("décisions et suites", blank=True)
    redige_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="rédigé par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    modifie_le = models.DateTimeField("modifié le", default=timezone.now)

    history = HistoricalRecords()
    objects = BilanQuerySet.as_manager()

    class Meta:
        verbose_name = "bilan annuel du pool"
        verbose_name_plural = "bilans annuels du pool"
        ordering = ["-seance__date"]

    def __str__(self):
        return f"Bilan du pool — {self.seance}"
