from django.apps import AppConfig


class OutilsConfig(AppConfig):
    name = "outils"
    verbose_name = "Outils : espace de suivi, ressources, MOOC, vitrine"

    def ready(self):
        from apes_rh.navigation import register_team_link

        from . import perms  # noqa: F401  (register rules)

        # Ready for the coach suggestions' hook (costs one query on their page, whose locked
        # count must then move from 16 to 17):
        #   from accompagnateurs.suggestions import register_plan_amelioration_provider
        #   from .services import thematiques_du_plan
        #   register_plan_amelioration_provider(thematiques_du_plan)

        register_team_link(
            "Espaces des organisations",
            "outils:espaces",
            "Diagnostics, schémas d'amélioration et suivis des organisations accompagnées.",
            ordre=40,
        )
