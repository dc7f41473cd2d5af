from django.apps import AppConfig


class CommunautesConfig(AppConfig):
    name = "communautes"
    verbose_name = "Communautés apprenantes et réseaux partenaires"

    def ready(self):
        from apes_rh.donnees import register_eraser
        from apes_rh.navigation import register_public_link, register_team_link
        from apes_rh.roles import register_provider

        from . import perms, signals  # noqa: F401
        from .roles import partenaire_roles
        from .services import personne_effacer

        register_provider(partenaire_roles)
        register_eraser(personne_effacer)
        register_public_link("Communautés", "communautes:liste", ordre=30)
        register_team_link(
            "Communautés apprenantes",
            "communautes:liste",
            "Membres, séances, bulles de dialogue, co-développement.",
            ordre=30,
        )
        register_team_link(
            "Demandes d'adhésion",
            "communautes:demandes",
            "Demandes pour rejoindre une communauté fermée.",
            ordre=31,
        )
        register_team_link(
            "Satisfaction des séances",
            "communautes:satisfaction",
            "Questionnaires par séance, thématique et communauté ; thèmes souhaités.",
            ordre=32,
        )
        register_team_link(
            "Réseaux partenaires",
            "communautes:reseaux",
            "Rôles datés, contacts, séances co-organisées.",
            ordre=33,
        )
