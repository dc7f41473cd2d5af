from django.db import models


class Role(models.TextChoices):
    VISITEUR = "visiteur", "Visiteur·se"
    MEMBRE = "membre", "Membre d'une organisation"
    PILOTE = "pilote", "Pilote / co-pilote"
    ACCOMPAGNATEUR = "accompagnateur", "Accompagnateur·trice"
    CHARGEE = "chargee", "Chargée de mission"
    FINANCEUR = "financeur", "Financeur"
    PARTENAIRE = "partenaire", "Partenaire"
