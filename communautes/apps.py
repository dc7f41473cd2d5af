from django.apps import AppConfig


class CommunautesConfig(AppConfig):
    name = "communautes"
    verbose_name = "Communautés apprenantes et réseaux partenaires"

    def ready(self):
        from apes_rh.roles import register_provider

        from . import perms  # noqa: F401
        from .roles import partenaire_roles

        register_provider(partenaire_roles)
