"""Factories of the coach pool. Traits describe situations."""

import datetime

import factory
from factory.django import DjangoModelFactory

from accompagnateurs.enums import StatutDemiJournee
from accompagnateurs.models import (
    Accompagnateur,
    AppelAManifestation,
    Candidature,
    DemiJournee,
    Mission,
    Specialite,
)
from tests.factories import OrganisationFactory, ThematiqueFactory, UserFactory


class SpecialiteFactory(DjangoModelFactory):
    class Meta:
        model = Specialite
        django_get_or_create = ("nom",)

    nom = factory.Sequence(lambda n: f"Spécialité {n}")


class AccompagnateurFactory(DjangoModelFactory):
    class Meta:
        model = Accompagnateur
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    structure = factory.Sequence(lambda n: f"Cabinet {n}")
    entree = datetime.date(2019, 1, 1)

    class Params:
        sorti = factory.Trait(sortie=datetime.date(2020, 12, 31))

    @factory.post_generation
    def specialites(self, create, extracted, **kwargs):
        if create and extracted:
            self.specialites.set(extracted)

    @factory.post_generation
    def thematiques(self, create, extracted, **kwargs):
        if create and extracted:
            self.thematiques.set(extracted)

    @factory.post_generation
    def territoires(self, create, extracted, **kwargs):
        if create and extracted:
            self.territoires.set(extracted)


class MissionFactory(DjangoModelFactory):
    class Meta:
        model = Mission

    organisation = factory.SubFactory(OrganisationFactory)
    thematique = factory.SubFactory(ThematiqueFactory)
    objectif = "Structurer la fonction employeur."
    accompagnateur = factory.SubFactory(AccompagnateurFactory)
    budget_demi_journees = 4
    debut = datetime.date(2021, 1, 1)


class DemiJourneeFactory(DjangoModelFactory):
    class Meta:
        model = DemiJournee

    accompagnateur = factory.SubFactory(AccompagnateurFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    date = datetime.date(2021, 3, 1)
    demi_journees = 1
    statut = StatutDemiJournee.BROUILLON

    class Params:
        soumise = factory.Trait(statut=StatutDemiJournee.SOUMISE)
        validee = factory.Trait(statut=StatutDemiJournee.VALIDEE)
        renvoyee = factory.Trait(
            statut=StatutDemiJournee.RENVOYEE, commentaire_equipe="Préciser le thème."
        )


class AppelFactory(DjangoModelFactory):
    class Meta:
        model = AppelAManifestation

    titre = factory.Sequence(lambda n: f"AMI pool {n}")
    description = "Nous recherchons des accompagnateurs·trices RH."
    ouverture = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=10))
    cloture = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=20))

    class Params:
        clos = factory.Trait(ouverture=datetime.date(2020, 1, 1), cloture=datetime.date(2020, 2, 1))


class CandidatureFactory(DjangoModelFactory):
    class Meta:
        model = Candidature

    appel = factory.SubFactory(AppelFactory)
    prenom = "Camille"
    nom = factory.Sequence(lambda n: f"Candidate{n}")
    email = factory.Sequence(lambda n: f"candidate{n}@example.org")
    structure = "Conseil RH"
    experience_ess = "Dix ans d'accompagnement d'associations."
    cv = "candidatures/exemple.pdf"
    cv_nom = "cv.pdf"
