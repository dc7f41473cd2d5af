from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.text import slugify

from .enums import Role


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("L'adresse e-mail est obligatoire.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        extra_fields.setdefault("equipe", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person. Logs in with an e-mail address; roles come from what they are linked to."""

    email = models.EmailField("adresse e-mail", unique=True)
    first_name = models.CharField("prénom", max_length=150, blank=True)
    last_name = models.CharField("nom", max_length=150, blank=True)
    telephone = models.CharField("téléphone", max_length=30, blank=True)
    equipe = models.BooleanField(
        "chargée de mission (équipe Apes)",
        default=False,
        help_text="Donne accès à la gestion de toute la démarche.",
    )
    financeur = models.ForeignKey(
        "apes_rh.Financeur",
        verbose_name="contact du financeur",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contacts",
    )
    is_staff = models.BooleanField("accès à l'administration", default=False)
    is_active = models.BooleanField("actif", default=True)
    date_joined = models.DateTimeField("inscrit·e le", default=timezone.now)
    anonymise_le = models.DateTimeField("anonymisé·e le", null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = "personne"
        verbose_name_plural = "personnes"
        ordering = ["last_name", "first_name", "email"]

    def __str__(self):
        return self.get_full_name() or self.email

    def get_full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self):
        return self.first_name or self.email


class Territoire(models.Model):
    code = models.CharField("code", max_length=40, unique=True)
    nom = models.CharField("nom", max_length=200)

    class Meta:
        verbose_name = "territoire"
        ordering = ["code"]

    def __str__(self):
        return self.code


class Thematique(models.Model):
    """An HR theme (editable by the team), used by sessions, half-days, resources."""

    nom = models.CharField("nom", max_length=200, unique=True)
    slug = models.SlugField("identifiant", max_length=200, unique=True)
    description = models.TextField("description", blank=True)
    ordre = models.PositiveSmallIntegerField("ordre", default=100)

    class Meta:
        verbose_name = "thématique"
        ordering = ["ordre", "nom"]

    def __str__(self):
        return self.nom

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self.slug_libre(self.nom)
        super().save(*args, **kwargs)

    @classmethod
    def slug_libre(cls, nom: str, pris: set[str] | None = None) -> str:
        """A slug for `nom` that no theme uses yet ("egalite", "egalite-2"…): two names may
        differ only by accents or punctuation. `pris`: every slug already taken, when the
        caller knows them (no query then)."""
        base = slugify(nom)[:190] or "thematique"
        slug, n = base, 1
        while slug in pris if pris is not None else cls.objects.filter(slug=slug).exists():
            n += 1
            slug = f"{base}-{n}"
        return slug


def ligne_de_financement(related_name: str, help_text: str) -> models.ForeignKey:
    """The funding line (`Financement`) a parcours, community, session, mission or half-day is
    charged to; optional (the ledger shows what is charged to none), never deleted under it."""
    return models.ForeignKey(
        "apes_rh.Financement",
        verbose_name="ligne de financement",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name=related_name,
        help_text=help_text,
    )


class Financeur(models.Model):
    """A funder (DREETS, MEL…). Its perimeter is the set of territories it funds."""

    code = models.CharField("code", max_length=40, unique=True)
    nom = models.CharField("nom", max_length=200)
    territoires = models.ManyToManyField(
        Territoire, verbose_name="périmètre (territoires)", related_name="financeurs", blank=True
    )

    class Meta:
        verbose_name = "financeur"
        ordering = ["code"]

    def __str__(self):
        return self.nom


class FinancementQuerySet(models.QuerySet):
    def visibles_par(self, user):
        """The team sees every funding line, a funder's contact only its funder's lines
        (rule `financement.voir`)."""
        from .perms import is_equipe
        from .roles import has_role

        if not user.is_authenticated:
            return self.none()
        if is_equipe(user):
            return self
        if user.financeur_id and has_role(user, Role.FINANCEUR):
            return self.filter(financeur_id=user.financeur_id)
        return self.none()


class FinancementManager(models.Manager.from_queryset(FinancementQuerySet)):
    def get_queryset(self):
        # Its name shows the funder's code: every select list of lines (forms, admin) would
        # otherwise run one query per line.
        return super().get_queryset().select_related("financeur")


class Financement(models.Model):
    """A funding line: a funder's agreement for a year, with a budget of individual and of
    collective half-days (DESIGN §3). Sessions and recorded half-days are charged to one line;
    `apes_rh/financements.py` keeps its ledger."""

    financeur = models.ForeignKey(
        Financeur, verbose_name="financeur", on_delete=models.PROTECT, related_name="financements"
    )
    convention = models.CharField(
        "convention", max_length=200, help_text="Intitulé ou référence de la convention."
    )
    annee = models.PositiveSmallIntegerField(
        "année", validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    territoires = models.ManyToManyField(
        Territoire, verbose_name="territoires", related_name="financements", blank=True
    )
    budget_individuel = models.PositiveIntegerField(
        "budget de demi-journées individuelles", default=0
    )
    budget_collectif = models.PositiveIntegerField("budget de demi-journées collectives", default=0)
    notes = models.TextField("notes", blank=True)

    objects = FinancementManager()

    class Meta:
        verbose_name = "ligne de financement"
        verbose_name_plural = "lignes de financement"
        ordering = ["-annee", "financeur__code", "convention"]
        constraints = [
            models.UniqueConstraint(
                fields=["financeur", "annee", "convention"],
                name="financement_unique",
                violation_error_message=(
                    "Ce financeur a déjà une ligne pour cette convention et cette année."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.financeur.code} {self.annee} — convention {self.convention}"


class InvitationQuerySet(models.QuerySet):
    def en_attente(self):
        return self.filter(acceptee_le__isnull=True)


class Invitation(models.Model):
    """The team (or a pilot) registered a person who must set their own password."""

    personne = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations"
    )
    invitee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="invitée par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitations_envoyees",
    )
    message = models.TextField("message personnel", blank=True)
    envoyee_le = models.DateTimeField("envoyée le", default=timezone.now)
    acceptee_le = models.DateTimeField("acceptée le", null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = "invitation"
        ordering = ["-envoyee_le"]

    def __str__(self):
        return f"Invitation de {self.personne}"


# ---------------------------------------------------------------------------------------------
# Reports, imports and reminders (apes_rh/rapports, apes_rh/importation, apes_rh/rappels.py)
# ---------------------------------------------------------------------------------------------

from .rapports.enums import (  # noqa: E402
    FormatRapport,
    StatutEnvoi,
    StatutImport,
    StatutRapport,
)
from .stockage import stockage_prive  # noqa: E402


class RapportGenereQuerySet(models.QuerySet):
    def visibles_par(self, user):
        """The team sees every generated report, a funder's contact those of its funder."""
        from .perms import is_equipe

        if not user.is_authenticated:
            return self.none()
        if is_equipe(user):
            return self
        if user.financeur_id:
            return self.filter(financeur_id=user.financeur_id)
        return self.none()

    def a_relancer(self):
        """Requests the broker never accepted (Redis was down): to send again."""
        return self.filter(statut=StatutRapport.EN_ATTENTE, tache_envoyee=False)

    def en_liste(self):
        """What a list of reports shows: not their frozen figures (a large JSON each)."""
        return self.defer("donnees").select_related("financeur", "territoire", "demande_par")


def _rapport_upload_to(instance, filename):
    return f"rapports/{timezone.now():%Y}/{filename}"


class RapportGenere(models.Model):
    """A report produced once and frozen: its file, its parameters and the date of its data,
    so it can be downloaded again unchanged (DESIGN §5)."""

    demande_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="demandé par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    demande_le = models.DateTimeField("demandé le", default=timezone.now)
    du = models.DateField("du")
    au = models.DateField("au")
    financeur = models.ForeignKey(
        Financeur,
        verbose_name="périmètre du financeur",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rapports",
    )
    territoire = models.ForeignKey(
        Territoire,
        verbose_name="territoire",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    perimetre = models.CharField("périmètre", max_length=255, blank=True)
    format = models.CharField(
        "format", max_length=10, choices=FormatRapport.choices, default=FormatRapport.PDF
    )
    statut = models.CharField(
        "statut", max_length=20, choices=StatutRapport.choices, default=StatutRapport.EN_ATTENTE
    )
    tache_envoyee = models.BooleanField("confiée au service de production", default=False)
    progression = models.PositiveSmallIntegerField("progression (%)", default=0)
    etape = models.CharField("étape", max_length=120, blank=True)
    commence_le = models.DateTimeField("commencé le", null=True, blank=True)
    termine_le = models.DateTimeField("terminé le", null=True, blank=True)
    fichier = models.FileField(
        "fichier", storage=stockage_prive, upload_to=_rapport_upload_to, blank=True
    )
    donnees = models.JSONField("chiffres figés", null=True, blank=True)
    donnees_au = models.DateTimeField("données arrêtées le", null=True, blank=True)
    erreur = models.TextField("erreur", blank=True)

    objects = RapportGenereQuerySet.as_manager()

    class Meta:
        verbose_name = "rapport généré"
        verbose_name_plural = "rapports générés"
        ordering = ["-demande_le", "-pk"]

    def __str__(self):
        return f"Rapport d'activité du {self.du:%d/%m/%Y} au {self.au:%d/%m/%Y} — {self.perimetre}"

    @property
    def pret(self) -> bool:
        return self.statut == StatutRapport.PRET and bool(self.fichier)

    @property
    def termine(self) -> bool:
        return self.statut in (StatutRapport.PRET, StatutRapport.ECHEC)

    @property
    def nom_fichier(self) -> str:
        periode = f"{self.du:%Y%m%d}-{self.au:%Y%m%d}"
        cible = (self.financeur.code if self.financeur_id else "") or (
            self.territoire.code if self.territoire_id else "tous-territoires"
        )
        return f"rapport-activite-{slugify(cible)}-{periode}.{self.format}"


class ImportActiviteQuerySet(models.QuerySet):
    def a_relancer(self):
        return self.filter(
            statut__in=[StatutImport.ANALYSE, StatutImport.EN_COURS], tache_envoyee=False
        )


class ImportActivite(models.Model):
    """A web import: the uploaded files, the dry-run report, then the import itself."""

    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="déposé par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cree_le = models.DateTimeField("déposé le", default=timezone.now)
    statut = models.CharField(
        "statut", max_length=20, choices=StatutImport.choices, default=StatutImport.ANALYSE
    )
    fichiers = models.JSONField("fichiers déposés", default=list)
    dossier = models.CharField("dossier de stockage", max_length=255, blank=True)
    lignes = models.PositiveIntegerField("lignes", default=0)
    tache_envoyee = models.BooleanField("confiée au service de production", default=False)
    progression = models.PositiveSmallIntegerField("progression (%)", default=0)
    etape = models.CharField("étape", max_length=120, blank=True)
    essai = models.JSONField("rapport de vérification", null=True, blank=True)
    resultat = models.JSONField("résultat de l'import", null=True, blank=True)
    confirme_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="confirmé par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirme_le = models.DateTimeField("confirmé le", null=True, blank=True)
    termine_le = models.DateTimeField("terminé le", null=True, blank=True)
    erreur = models.TextField("erreur", blank=True)

    objects = ImportActiviteQuerySet.as_manager()

    class Meta:
        verbose_name = "import d'activité"
        verbose_name_plural = "imports d'activité"
        ordering = ["-cree_le", "-pk"]

    def __str__(self):
        return f"Import du {timezone.localtime(self.cree_le):%d/%m/%Y %H:%M}"

    @property
    def en_cours(self) -> bool:
        return self.statut in (StatutImport.ANALYSE, StatutImport.EN_COURS)


class EnvoiRappel(models.Model):
    """A reminder sent (or being sent) to one person for one occasion: the unique key is what
    makes every reminder go out at most once, whatever beat, the broker or a worker do."""

    type = models.CharField("rappel", max_length=40)
    occasion = models.CharField("occasion", max_length=120)
    destinataire = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rappels_recus"
    )
    statut = models.CharField(
        "statut", max_length=20, choices=StatutEnvoi.choices, default=StatutEnvoi.EN_COURS
    )
    cree_le = models.DateTimeField("décidé le", default=timezone.now)
    envoye_le = models.DateTimeField("envoyé le", null=True, blank=True)
    erreur = models.TextField("erreur", blank=True)

    class Meta:
        verbose_name = "rappel envoyé"
        verbose_name_plural = "rappels envoyés"
        ordering = ["-cree_le", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["type", "occasion", "destinataire"], name="rappel_une_fois_par_occasion"
            ),
        ]
        indexes = [models.Index(fields=["type", "statut"])]

    def __str__(self):
        return f"{self.type} — {self.occasion} — {self.destinataire_id}"


class PreferenceRappel(models.Model):
    """A person's choice about one kind of reminder (no row: they receive it)."""

    personne = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="preferences_rappels"
    )
    type = models.CharField("rappel", max_length=40)
    recevoir = models.BooleanField("recevoir", default=True)
    modifie_le = models.DateTimeField("modifié le", auto_now=True)

    class Meta:
        verbose_name = "préférence de rappel"
        verbose_name_plural = "préférences de rappels"
        constraints = [
            models.UniqueConstraint(fields=["personne", "type"], name="preference_rappel_unique"),
        ]

    def __str__(self):
        return f"{self.personne_id} — {self.type} : {'oui' if self.recevoir else 'non'}"
