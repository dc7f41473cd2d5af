from django.apps import AppConfig


class ParcoursConfig(AppConfig):
    name = "parcours"
    verbose_name = "Organisations, parcours et séances"

    def ready(self):
        from apes_rh.donnees import register_eraser
        from apes_rh.enums import Role
        from apes_rh.navigation import (
            register_public_link,
            register_team_link,
            register_team_panel,
        )
        from apes_rh.rappels import register_collecteur, register_rappel
        from apes_rh.roles import register_provider

        from . import assiduite, emails, perms, services  # noqa: F401  (register rules)
        from .roles import organisation_roles

        register_provider(organisation_roles)
        register_eraser(services.personne_effacer)
        # Information, not reminders: no collector, so no preference switches them off.
        register_rappel(
            emails.MODIFICATION,
            "Changement d'une séance",
            "Quand la date, l'horaire, le lieu ou le lien d'une séance change.",
        )
        register_rappel(
            emails.ANNULATION, "Annulation d'une séance", "Quand une séance est annulée."
        )
        register_rappel(
            assiduite.ALERTE_ABSENCES,
            "Organisations absentes à deux séances consécutives",
            "Chaque jour, les organisations dont personne n'est venu aux deux dernières "
            "séances pointées de leur parcours (une alerte par organisation et paire de "
            "séances).",
            {Role.CHARGEE},
        )
        register_collecteur(assiduite.ALERTE_ABSENCES, assiduite.collecter_alertes_absences)
        register_team_panel(
            "Organisations absentes à deux séances consécutives",
            assiduite.panneau_absences,
            vide="Aucune : chaque organisation inscrite est venue à l'une de ses deux "
            "dernières séances pointées.",
        )
        register_team_link(
            "Organisations",
            "parcours:organisations",
            "Rechercher, créer, archiver ; membres et pilotes.",
            ordre=10,
        )
        register_team_link(
            "Parcours",
            "parcours:parcours_liste",
            "Cohortes territoriales, inscriptions, candidatures, étapes.",
            ordre=11,
        )
        register_team_link(
            "Agenda des séances",
            "parcours:agenda_equipe",
            "Programmer, dupliquer, répéter ; inscriptions et présences.",
            ordre=12,
        )
        register_public_link("Agenda", "parcours:agenda_public", ordre=20)
