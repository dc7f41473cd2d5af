"""Factories of the follow-up space. The default referential comes from the data migration."""

import datetime

import factory
from factory.django import DjangoModelFactory

from outils import referentiel as chargement
from outils.enums import StatutAction
from outils.models import (
    Action,
    Axe,
    Diagnostic,
    Evaluation,
    Indicateur,
    PlanAmelioration,
    Referentiel,
    Suivi,
)
from tests.factories import OrganisationFactory


def referentiel_defaut() -> Referentiel:
    """The seeded version (reloaded if a transactional test flushed the database)."""
    return chargement.charger()[0]


class DiagnosticFactory(DjangoModelFactory):
    class Meta:
        model = Diagnostic
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    referentiel = factory.LazyFunction(referentiel_defaut)
    titre = factory.Sequence(lambda n: f"Diagnostic {n}")

    @factory.post_generation
    def niveaux(self, create, extracted, **kwargs):
        """`niveaux=3` answers every criterion at 3; a callable gets (index, critere)."""
        if not create or extracted is None:
            return
        from outils.models import Critere

        criteres = Critere.objects.filter(theme__referentiel=self.referentiel).order_by(
            "theme__ordre", "ordre"
        )
        for i, critere in enumerate(criteres):
            niveau = extracted(i, critere) if callable(extracted) else extracted
            Evaluation.objects.create(diagnostic=self, critere=critere, niveau=niveau)


class PlanFactory(DjangoModelFactory):
    class Meta:
        model = PlanAmelioration
        django_get_or_create = ("organisation",)

    organisation = factory.SubFactory(OrganisationFactory)


class AxeFactory(DjangoModelFactory):
    class Meta:
        model = Axe

    plan = factory.SubFactory(PlanFactory)
    titre = factory.Sequence(lambda n: f"Axe {n}")


class ActionFactory(DjangoModelFactory):
    class Meta:
        model = Action

    plan = factory.SubFactory(PlanFactory)
    axe = factory.LazyAttribute(lambda o: AxeFactory(plan=o.plan))
    titre = factory.Sequence(lambda n: f"Action {n}")
    statut = StatutAction.A_FAIRE
    echeance = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=30))


class SuiviFactory(DjangoModelFactory):
    class Meta:
        model = Suivi

    organisation = factory.SubFactory(OrganisationFactory)
    realise = factory.Sequence(lambda n: f"Réunion d'équipe numéro {n}")


class IndicateurFactory(DjangoModelFactory):
    class Meta:
        model = Indicateur

    suivi = factory.SubFactory(SuiviFactory)
    libelle = "Entretiens professionnels réalisés"
    valeur = 4
    cible = 7
