from django.apps import AppConfig


class OutilsConfig(AppConfig):
    name = "outils"
    verbose_name = "Outils : espace de suivi, ressources, MOOC, vitrine"

    def ready(self):
        # Coaches are suggested for a mission by the themes of the organisation's plan.
        from accompagnateurs.suggestions import register_plan_amelioration_provider
        from apes_rh.donnees import register_eraser
        from apes_rh.navigation import register_team_link
        from apes_rh.rappels import ACTIONS_PILOTES, register_collecteur

        from . import perms  # noqa: F401  (register rules)
        from .digest import collecter_actions_pilotes
        from .services import effacer_avis_personne, thematiques_du_plan
        from .vitrine import navigation  # noqa: F401  (links, rules)

        register_plan_amelioration_provider(thematiques_du_plan)
        register_eraser(effacer_avis_personne)
        register_collecteur(ACTIONS_PILOTES, collecter_actions_pilotes)

        register_team_link(
            "Espaces des organisations",
            "outils:espaces",
            "Diagnostics, schémas d'amélioration et suivis des organisations accompagnées.",
            ordre=40,
        )
