from django.apps import AppConfig


class ApesRhConfig(AppConfig):
    name = "apes_rh"
    verbose_name = "Démarche progrès RH (socle)"

    def ready(self):
        from django.db import connections
        from django.db.backends.signals import connection_created

        from . import perms, signals  # noqa: F401  (register rules and receivers)
        from .cache import surveiller_connexion

        # Cached figures follow every write, whoever makes it (apes_rh/cache.py).
        connection_created.connect(surveiller_connexion, dispatch_uid="apes_rh_donnees")
        for connexion in connections.all(initialized_only=True):
            surveiller_connexion(None, connexion)
        from .rapports import perms as rapports_perms  # noqa: F401  (report rules)
        from .rapports.urls import enregistrer

        enregistrer()  # team tiles and the erasure hook, before any request
        from .navigation import register_team_link

        register_team_link(
            "Personnes", "equipe_personnes", "Comptes, invitations, export et effacement", 900
        )
        register_team_link(
            "Lignes de financement",
            "equipe_financements",
            "Conventions des financeurs, budgets et grand livre des demi-journées",
            850,
        )
