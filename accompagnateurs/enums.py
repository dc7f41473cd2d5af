from django.db import models


class NatureDemiJournee(models.TextChoices):
    INDIVIDUEL = "individuel", "Appui individuel"
    COLLECTIF = "collectif", "Appui collectif"


class StatutDemiJournee(models.TextChoices):
    BROUILLON = "brouillon", "Brouillon"
    SOUMISE = "soumise", "Soumise"
    VALIDEE = "validee", "Validée"
    RENVOYEE = "renvoyee", "Renvoyée pour correction"
