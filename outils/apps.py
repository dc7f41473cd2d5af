from django.apps import AppConfig


class OutilsConfig(AppConfig):
    name = "outils"
    verbose_name = "Outils : espace de suivi, ressources, MOOC, vitrine"
