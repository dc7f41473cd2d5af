from django.db import models


class RoleMembre(models.TextChoices):
    PILOTE = "pilote", "Pilote"
    COPILOTE = "copilote", "Co-pilote"
    MEMBRE = "membre", "Membre"


class TypeSeance(models.TextChoices):
    COLLECTIF_PARCOURS = "collectif_parcours", "Collectif de parcours"
    APPUI_COLLECTIF = "appui_collectif", "Appui collectif"
    BULLE_DIALOGUE = "bulle_dialogue", "Bulle de dialogue"
    CODEVELOPPEMENT = "codeveloppement", "Co-développement"
    RENCONTRE_THEMATIQUE = "rencontre_thematique", "Rencontre thématique"
    INFORMATION = "information", "Réunion d'information"


class StatutParticipation(models.TextChoices):
    INSCRIT = "inscrit", "Inscrit·e"
    ATTENTE = "attente", "Liste d'attente"
    PRESENT = "present", "Présent·e"
    ABSENT = "absent", "Absent·e"
    EXCUSE = "excuse", "Excusé·e"
    ANNULE = "annule", "Inscription annulée"


class EtapeParcours(models.TextChoices):
    DIAGNOSTIC = "diagnostic", "État des lieux et diagnostic"
    SCHEMA = "schema", "Schéma d'amélioration"
    SUIVI = "suivi", "Suivi opérationnel"


class StatutInscription(models.TextChoices):
    CANDIDATURE = "candidature", "Candidature"
    INSCRITE = "inscrite", "Inscrite"
    REFUSEE = "refusee", "Refusée"
