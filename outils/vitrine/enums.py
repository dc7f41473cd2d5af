from django.db import models


class StatutTemoignage(models.TextChoices):
    BROUILLON = "brouillon", "Brouillon"
    A_VALIDER = "a_valider", "En relecture par l'organisation"
    A_REVOIR = "a_revoir", "Modifications demandées par l'organisation"
    VALIDE = "valide", "Validé par l'organisation"
    PUBLIE = "publie", "Publié"
    RETIRE = "retire", "Retiré de la vitrine"


class StatutDemande(models.TextChoices):
    NOUVELLE = "nouvelle", "Nouvelle"
    EN_COURS = "en_cours", "En cours d'échange"
    ACCEPTEE = "acceptee", "Organisation accueillie"
    CLASSEE = "classee", "Classée sans suite"


class TypeStructure(models.TextChoices):
    ASSOCIATION = "association", "Association"
    COOPERATIVE = "cooperative", "Coopérative (SCOP, SCIC, CAE…)"
    STRUCTURE_IAE = "iae", "Structure d'insertion par l'activité économique"
    FONDATION = "fondation", "Fondation ou fonds de dotation"
    ENTREPRISE_ESUS = "esus", "Entreprise solidaire d'utilité sociale"
    AUTRE = "autre", "Autre"


class TrancheEffectif(models.TextChoices):
    AUCUN = "0", "Pas encore de salarié·e"
    UN_A_DEUX = "1-2", "1 ou 2 salarié·es"
    TROIS_A_DIX = "3-10", "3 à 10 salarié·es"
    ONZE_A_CINQUANTE = "11-49", "11 à 49 salarié·es"
    CINQUANTE_PLUS = "50+", "50 salarié·es ou plus"


class FormeRessource(models.TextChoices):
    FICHIER = "fichier", "Fichier à télécharger"
    LIEN = "lien", "Lien vers un site"
    ARTICLE = "article", "Article"


class TypeRessource(models.TextChoices):
    FICHE_PRATIQUE = "fiche_pratique", "Fiche pratique"
    MODELE = "modele", "Modèle de document"
    OUTIL_ANIMATION = "outil_animation", "Outil d'animation"
    VIDEO = "video", "Vidéo"
    TEXTE_LOI = "texte_loi", "Texte de loi, réglementation"
    GUIDE = "guide", "Guide, étude"
    RETOUR_EXPERIENCE = "retour_experience", "Retour d'expérience"


class Visibilite(models.TextChoices):
    PUBLIC = "public", "Tout public"
    MEMBRES = "membres", "Réservée aux membres"


class StatutRessource(models.TextChoices):
    BROUILLON = "brouillon", "Brouillon"
    PROPOSEE = "proposee", "Proposée, à relire par l'équipe"
    PUBLIEE = "publiee", "Publiée"


class Licence(models.TextChoices):
    CC_BY = "cc-by", "Creative Commons BY (attribution)"
    CC_BY_SA = "cc-by-sa", "Creative Commons BY-SA (partage dans les mêmes conditions)"
    CC_BY_NC_SA = "cc-by-nc-sa", "Creative Commons BY-NC-SA (pas d'usage commercial)"
    LICENCE_OUVERTE = "etalab-2.0", "Licence ouverte Etalab 2.0"
    DOMAINE_PUBLIC = "domaine-public", "Domaine public (textes officiels)"
    TOUS_DROITS = "tous-droits", "Tous droits réservés (consultation seulement)"
