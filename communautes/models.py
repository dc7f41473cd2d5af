from django.conf import settings
from django.db import models
from django.utils import timezone

from .enums import RoleReseau, TypeCommunaute


class Communaute(models.Model):
    code = models.CharField("code", max_length=40, unique=True)
    nom = models.CharField("nom", max_length=200)
    type = models.CharField("type", max_length=20, choices=TypeCommunaute.choices)
    description = models.TextField("description", blank=True)
    territoire = models.ForeignKey(
        "apes_rh.Territoire",
        verbose_name="territoire (vide : toute la région)",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="communautes",
    )
    ouverte = models.BooleanField(
        "ouverte",
        default=True,
        help_text="Ouverte : on la rejoint librement. Fermée : sur invitation.",
    )
    animateurs = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name="animateurs·trices",
        blank=True,
        related_name="communautes_animees",
    )

    class Meta:
        verbose_name = "communauté"
        ordering = ["nom"]

    def __str__(self):
        return self.nom


class MembreCommunaute(models.Model):
    communaute = models.ForeignKey(Communaute, on_delete=models.CASCADE, related_name="membres")
    personne = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="communautes"
    )
    organisation = models.ForeignKey(
        "parcours.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="membres_communautes",
    )
    depuis = models.DateField("depuis le", default=timezone.localdate)

    class Meta:
        verbose_name = "membre d'une communauté"
        verbose_name_plural = "membres des communautés"
        constraints = [
            models.UniqueConstraint(
                fields=["communaute", "personne"], name="membre_communaute_unique"
            ),
        ]

    def __str__(self):
        return f"{self.personne} — {self.communaute}"


class ReseauPartenaire(models.Model):
    code = models.CharField("code", max_length=40, unique=True)
    nom = models.CharField("nom", max_length=200)
    description = models.TextField("description", blank=True)
    site_web = models.URLField("site web", blank=True)

    class Meta:
        verbose_name = "réseau partenaire"
        verbose_name_plural = "réseaux partenaires"
        ordering = ["nom"]

    def __str__(self):
        return self.nom


class RoleReseauPartenaire(models.Model):
    """Roles are fluid: several at once, each dated."""

    reseau = models.ForeignKey(ReseauPartenaire, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField("rôle", max_length=20, choices=RoleReseau.choices)
    debut = models.DateField("depuis le")
    fin = models.DateField("jusqu'au", null=True, blank=True)
    note = models.CharField("précision", max_length=255, blank=True)

    class Meta:
        verbose_name = "rôle d'un réseau partenaire"
        verbose_name_plural = "rôles des réseaux partenaires"
        ordering = ["reseau", "-debut"]

    def __str__(self):
        return f"{self.reseau} : {self.get_role_display()}"


class ContactPartenaire(models.Model):
    reseau = models.ForeignKey(ReseauPartenaire, on_delete=models.CASCADE, related_name="contacts")
    personne = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contacts_partenaires"
    )
    fonction = models.CharField("fonction", max_length=120, blank=True)

    class Meta:
        verbose_name = "contact d'un réseau partenaire"
        verbose_name_plural = "contacts des réseaux partenaires"
        constraints = [
            models.UniqueConstraint(
                fields=["reseau", "personne"], name="contact_partenaire_unique"
            ),
        ]

    def __str__(self):
        return f"{self.personne} ({self.reseau})"
