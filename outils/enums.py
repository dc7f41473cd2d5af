from django.db import models


class StatutReferentiel(models.TextChoices):
    BROUILLON = "brouillon", "Brouillon (en préparation)"
    PUBLIE = "publie", "Publié"


class StatutDiagnostic(models.TextChoices):
    EN_COURS = "en_cours", "En cours"
    TERMINE = "termine", "Terminé"


class PrioriteAction(models.IntegerChoices):
    HAUTE = 1, "Haute"
    MOYENNE = 2, "Moyenne"
    BASSE = 3, "Basse"


class StatutAction(models.TextChoices):
    A_FAIRE = "a_faire", "À faire"
    EN_COURS = "en_cours", "En cours"
    FAITE = "faite", "Faite"
    ABANDONNEE = "abandonnee", "Abandonnée"


STATUTS_OUVERTS = (StatutAction.A_FAIRE, StatutAction.EN_COURS)


class StatutExport(models.TextChoices):
    EN_ATTENTE = "en_attente", "En préparation"
    PRET = "pret", "Prêt"
    ECHEC = "echec", "Échec"


class TypeSuggestion(models.TextChoices):
    """What the recommendations of a diagnostic suggest for a weak criterion."""

    RESSOURCE = "ressource", "Ressource"
    LECON = "lecon", "Leçon du MOOC"
    SEANCE = "seance", "Séance à venir"
    ACCOMPAGNATEUR = "accompagnateur", "Accompagnateur·trice"


class ChangementLien(models.TextChoices):
    """What a button of the pilots' weekly e-mail does to an action."""

    FAITE = "faite", "Fait"
    EN_COURS = "en_cours", "En cours"
    REPORTER = "reporter", "Reporter d'un mois"


# Follow-up surveys (outils/enquetes.py)


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
