from django.db import models


class TypeCommunaute(models.TextChoices):
    VIRTUELLE = "virtuelle", "Virtuelle"
    PARTENARIALE = "partenariale", "Partenariale"
    TERRITORIALE = "territoriale", "Territoriale"


class RoleReseau(models.TextChoices):
    CONTRIBUTEUR = "contributeur", "Contributeur (apporte son expertise)"
    PRESTATAIRE = "prestataire", "Prestataire (rémunéré pour une action)"
    BENEFICIAIRE = "beneficiaire", "Bénéficiaire (ses membres utilisent l'offre)"
