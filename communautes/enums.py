from django.db import models


class TypeCommunaute(models.TextChoices):
    VIRTUELLE = "virtuelle", "Virtuelle"
    PARTENARIALE = "partenariale", "Partenariale"
    TERRITORIALE = "territoriale", "Territoriale"


class RoleReseau(models.TextChoices):
    CONTRIBUTEUR = "contributeur", "Contributeur (apporte son expertise)"
    PRESTATAIRE = "prestataire", "Prestataire (rémunéré pour une action)"
    BENEFICIAIRE = "beneficiaire", "Bénéficiaire (ses membres utilisent l'offre)"


class StatutDemande(models.TextChoices):
    EN_ATTENTE = "en_attente", "En attente"
    ACCEPTEE = "acceptee", "Acceptée"
    REFUSEE = "refusee", "Refusée"


class NatureRessource(models.TextChoices):
    LIEN = "lien", "Lien"
    FICHIER = "fichier", "Fichier"


class NatureNoteBulle(models.TextChoices):
    NOTE = "note", "Note"
    PARTAGE = "partage", "Contenu partagé"


class EtapeCodev(models.IntegerChoices):
    """The six steps of a co-development session (Payette & Champagne)."""

    EXPOSE = 1, "Exposé de la problématique par le client"
    CLARIFICATION = 2, "Questions de clarification"
    CONTRAT = 3, "Contrat"
    CONSULTATION = 4, "Consultation"
    SYNTHESE = 5, "Synthèse et plan d'action du client"
    APPRENTISSAGES = 6, "Apprentissages"


class PrioriteActionCodev(models.IntegerChoices):
    # Same values as outils.enums.PrioriteAction, so items copy over unchanged.
    HAUTE = 1, "Haute"
    MOYENNE = 2, "Moyenne"
    BASSE = 3, "Basse"


class NatureEnvoi(models.TextChoices):
    ENVOI = "envoi", "Envoi"
    RELANCE = "relance", "Relance"
