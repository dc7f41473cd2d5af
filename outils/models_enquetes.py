"""Follow-up surveys (enquêtes de suivi): three and six months after an organisation's parcours
or mission ends, its pilots say what changed, which actions continued and how useful the
approach was. The services live in `outils/enquetes.py`.

One survey per (origin, échéance): the unique constraints are what makes a survey created
once, whatever the number of runs of the daily task. The answers are the organisation's
confidential space: funders only ever see counts (see `enquetes.section_rapport`).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords


class OrigineEnquete(models.TextChoices):
    PARCOURS = "parcours", "Parcours territorial"
    MISSION = "mission", "Mission d'appui individuel"


class EcheanceEnquete(models.IntegerChoices):
    TROIS_MOIS = 3, "3 mois"
    SIX_MOIS = 6, "6 mois"


UTILITE_CHOICES = [
    (1, "1 — pas utile"),
    (2, "2 — peu utile"),
    (3, "3 — assez utile"),
    (4, "4 — utile"),
    (5, "5 — très utile"),
]


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
            return f"Parcours {self.inscription.parcours.nom}"
        if self.mission_id:
            return f"Mission d'appui individuel : {self.mission.thematique}"
        return self.get_origine_display()
