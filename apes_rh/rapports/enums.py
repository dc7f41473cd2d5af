from django.db import models


class StatutRapport(models.TextChoices):
    EN_ATTENTE = "en_attente", "En attente"
    EN_COURS = "en_cours", "En cours de production"
    PRET = "pret", "Prêt"
    ECHEC = "echec", "Échec"


class FormatRapport(models.TextChoices):
    PDF = "pdf", "PDF"
    XLSX = "xlsx", "Classeur XLSX"
    CSV = "csv", "CSV"
    JSON = "json", "JSON"


class StatutImport(models.TextChoices):
    ANALYSE = "analyse", "Vérification en cours"
    PRET = "pret", "Vérifié : prêt à importer"
    REFUSE = "refuse", "Erreurs à corriger"
    EN_COURS = "en_cours", "Import en cours"
    TERMINE = "termine", "Importé"
    ECHEC = "echec", "Échec"
    ABANDONNE = "abandonne", "Abandonné"


class StatutEnvoi(models.TextChoices):
    EN_COURS = "en_cours", "En cours d'envoi"
    ENVOYE = "envoye", "Envoyé"
    ECHEC = "echec", "Échec de l'envoi"
