from django.apps import AppConfig


class AccompagnateursConfig(AppConfig):
    name = "accompagnateurs"
    verbose_name = "Pool d'accompagnateurs·trices"

    def ready(self):
        from apes_rh.roles import register_provider

        from . import perms  # noqa: F401
        from .roles import accompagnateur_roles

        register_provider(accompagnateur_roles)
