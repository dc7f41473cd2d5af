from django.apps import AppConfig


class OutilsConfig(AppConfig):
    name = "outils"
    verbose_name = "Outils : espace de suivi, ressources, MOOC, vitrine"

    def ready(self):
        from apes_rh.navigation import register_team_link

        from . import perms  # noqa: F401  (register rules)

        register_team_link(
            "Espaces des organisations",
            "outils:espaces",
            "Diagnostics, schémas d'amélioration et suivis des organisations accompagnées.",
            ordre=40,
        )
