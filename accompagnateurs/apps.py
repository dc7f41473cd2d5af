from django.apps import AppConfig


class AccompagnateursConfig(AppConfig):
    name = "accompagnateurs"
    verbose_name = "Pool d'accompagnateurs·trices"

    def ready(self):
        from apes_rh.navigation import register_public_link, register_team_link
        from apes_rh.roles import register_provider

        from . import perms  # noqa: F401
        from .roles import accompagnateur_roles

        register_provider(accompagnateur_roles)
        register_public_link("Accompagnateurs", "accompagnateurs:annuaire", ordre=30)
        register_team_link(
            "Demi-journées à valider",
            "accompagnateurs:validation",
            "Valider ou renvoyer les relevés des accompagnateurs·trices, en lot.",
            ordre=20,
        )
        register_team_link(
            "Missions d'appui individuel",
            "accompagnateurs:missions",
            "Accorder un appui, suivre les budgets en demi-journées.",
            ordre=21,
        )
        register_team_link(
            "Pool d'accompagnateurs·trices",
            "accompagnateurs:pool",
            "Profils, entrées et sorties du pool, spécialités.",
            ordre=22,
        )
        register_team_link(
            "Activité du pool",
            "accompagnateurs:activite",
            "Répartition des missions et des demi-journées sur une période.",
            ordre=23,
        )
        register_team_link(
            "Appels à manifestation d'intérêt",
            "accompagnateurs:appels_equipe",
            "Ouvrir un AMI, examiner les candidatures.",
            ordre=24,
        )
        register_team_link(
            "Bilans annuels du pool",
            "accompagnateurs:bilans",
            "Comptes rendus des réunions de bilan.",
            ordre=25,
        )
