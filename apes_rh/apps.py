from django.apps import AppConfig


class ApesRhConfig(AppConfig):
    name = "apes_rh"
    verbose_name = "Démarche progrès RH (socle)"

    def ready(self):
        from . import perms, signals  # noqa: F401  (register rules and receivers)
