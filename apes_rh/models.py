from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.text import slugify


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
            self.slug = slugify(self.nom)[:200]
        super().save(*args, **kwargs)


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
