from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from .enums import NatureDemiJournee, StatutDemiJournee


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


class DemiJourneeQuerySet(models.QuerySet):
    def validees(self):
        return self.filter(statut=StatutDemiJournee.VALIDEE)

    def individuelles(self):
        return self.filter(nature=NatureDemiJournee.INDIVIDUEL)


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

    history = HistoricalRecords()
    objects = DemiJourneeQuerySet.as_manager()

    class Meta:
        verbose_name = "demi-journée"
        ordering = ["-date"]
        indexes = [models.Index(fields=["date", "statut"])]

    def __str__(self):
        return f"{self.demi_journees} demi-journée(s) — {self.organisation} ({self.date:%d/%m/%Y})"
