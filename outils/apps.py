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

        self.brancher_enquetes()

        register_team_link(
            "Espaces des organisations",
            "outils:espaces",
            "Diagnostics, schémas d'amélioration et suivis des organisations accompagnées.",
            ordre=40,
        )

    @staticmethod
    def brancher_enquetes():
        """Follow-up surveys: their reminder kind and collector, their section of the
        activity report, the team's reading list (outils/enquetes.py)."""
        from apes_rh.enums import Role
        from apes_rh.navigation import register_team_link
        from apes_rh.rappels import register_collecteur, register_rappel
        from apes_rh.rapports.sections import register_section

        from .enquetes import ENQUETES_SUIVI, collecter_enquetes, masquer_section, section_rapport

        register_rappel(
            ENQUETES_SUIVI,
            "Enquêtes de suivi",
            "Trois puis six mois après la fin d'un parcours ou d'une mission, une courte "
            "enquête sur ce qui a changé. Sans l'e-mail, l'enquête reste dans l'espace de "
            "suivi de votre organisation.",
            {Role.PILOTE},
        )
        register_collecteur(ENQUETES_SUIVI, collecter_enquetes)
        register_section(
            ENQUETES_SUIVI,
            titre="Enquêtes de suivi à 3 et 6 mois",
            calculer=section_rapport,
            masquer=masquer_section,
            gabarit_tableau="outils/rapport/enquetes_tableau.html",
            gabarit_pdf="outils/rapport/enquetes_pdf.html",
        )
        register_team_link(
            "Enquêtes de suivi",
            "outils:enquetes_equipe",
            "Les réponses des pilotes 3 et 6 mois après un parcours ou une mission.",
            ordre=45,
        )
