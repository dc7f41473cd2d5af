"""Factories of the parcours app (reuse tests/factories.py for people and organisations)."""

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from parcours.enums import StatutInscription, StatutParticipation, TypeSeance
from parcours.models import Inscription, Parcours, Participation, Seance
from tests.factories import OrganisationFactory, TerritoireFactory, UserFactory


def dans(jours: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=jours)


class ParcoursFactory(DjangoModelFactory):
    class Meta:
        model = Parcours
        django_get_or_create = ("code",)
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"P-{n}")
    nom = factory.LazyAttribute(lambda o: f"Parcours {o.code}")
    territoire = factory.SubFactory(TerritoireFactory, code="MEL")
    debut = factory.LazyFunction(lambda: dans(-30))
    fin = factory.LazyFunction(lambda: dans(300))

    @factory.post_generation
    def accompagnateurs(self, create, extracted, **kwargs):
        if create and extracted:
            self.accompagnateurs.set(extracted)


class InscriptionFactory(DjangoModelFactory):
    class Meta:
        model = Inscription

    parcours = factory.SubFactory(ParcoursFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    statut = StatutInscription.INSCRITE


class SeanceFactory(DjangoModelFactory):
    class Meta:
        model = Seance
        skip_postgeneration_save = True

    ref = factory.Sequence(lambda n: f"S-{n:04d}")
    titre = factory.Sequence(lambda n: f"Séance {n}")
    type = TypeSeance.COLLECTIF_PARCOURS
    date = factory.LazyFunction(lambda: dans(14))
    heure_debut = datetime.time(9, 30)
    heure_fin = datetime.time(12, 30)
    lieu = "Maison des associations, 72 rue Royale, Lille"
    parcours = factory.SubFactory(ParcoursFactory)

    class Params:
        regionale = factory.Trait(parcours=None)

    @factory.post_generation
    def animateurs(self, create, extracted, **kwargs):
        if create and extracted:
            self.animateurs.set(extracted)


class ParticipationFactory(DjangoModelFactory):
    class Meta:
        model = Participation

    seance = factory.SubFactory(SeanceFactory)
    personne = factory.SubFactory(UserFactory)
    statut = StatutParticipation.INSCRIT
