from django.db import models


class NatureDemiJournee(models.TextChoices):
    INDIVIDUEL = "individuel", "Appui individuel"
    COLLECTIF = "collectif", "Appui collectif"


class StatutDemiJournee(models.TextChoices):
    BROUILLON = "brouillon", "Brouillon"
    SOUMISE = "soumise", "Soumise"
    VALIDEE = "validee", "Validée"
    RENVOYEE = "renvoyee", "Renvoyée pour correction"


class StatutCandidature(models.TextChoices):
    RECUE = "recue", "Reçue"
    EN_ETUDE = "en_etude", "En étude"
    RETENUE = "retenue", "Retenue"
    NON_RETENUE = "non_retenue", "Non retenue"


class StatutMission(models.TextChoices):
    EN_COURS = "en_cours", "En cours"
    TERMINEE = "terminee", "Terminée"
    ANNULEE = "annulee", "Annulée"
