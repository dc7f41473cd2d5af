"""Factories of communities, community sessions and partner networks."""

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from communautes.models import (
    BulleDialogue,
    Codeveloppement,
    Communaute,
    ContactPartenaire,
    CoOrganisation,
    MembreCommunaute,
    NoteBulle,
    ReseauPartenaire,
    RoleReseauPartenaire,
)
from parcours.enums import StatutParticipation, TypeSeance
from parcours.models import Participation, Seance
from tests.factories import UserFactory


class CommunauteFactory(DjangoModelFactory):
    class Meta:
        model = Communaute
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"COMM-{n}")
    nom = factory.LazyAttribute(lambda o: f"Communauté {o.code}")
    type = "virtuelle"
    ouverte = True


class MembreCommunauteFactory(DjangoModelFactory):
    class Meta:
        model = MembreCommunaute

    communaute = factory.SubFactory(CommunauteFactory)
    personne = factory.SubFactory(UserFactory)


class SeanceFactory(DjangoModelFactory):
    """A community session. Traits: `passee`, `bulle`, `codev`."""

    class Meta:
        model = Seance
        skip_postgeneration_save = True

    ref = factory.Sequence(lambda n: f"SEANCE-{n:04d}")
    titre = factory.Sequence(lambda n: f"Séance {n}")
    type = TypeSeance.APPUI_COLLECTIF
    date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=14))
    communaute = factory.SubFactory(CommunauteFactory)

    class Params:
        passee = factory.Trait(
            date=factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=3))
        )

    @factory.post_generation
    def animateurs(self, create, extracted, **kwargs):
        if create and extracted:
            self.animateurs.set(extracted)

    @factory.post_generation
    def thematiques(self, create, extracted, **kwargs):
        if create and extracted:
            self.thematiques.set(extracted)


def bulle(**kwargs) -> BulleDialogue:
    seance = SeanceFactory(type=TypeSeance.BULLE_DIALOGUE, capacite=8, **kwargs)
    return BulleDialogue.objects.create(seance=seance)


def codev(**kwargs) -> Codeveloppement:
    seance = SeanceFactory(type=TypeSeance.CODEVELOPPEMENT, **kwargs)
    return Codeveloppement.objects.create(seance=seance)


class ParticipationFactory(DjangoModelFactory):
    class Meta:
        model = Participation

    seance = factory.SubFactory(SeanceFactory)
    personne = factory.SubFactory(UserFactory)
    statut = StatutParticipation.INSCRIT


class ReseauFactory(DjangoModelFactory):
    class Meta:
        model = ReseauPartenaire
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"RES-{n}")
    nom = factory.LazyAttribute(lambda o: f"Réseau {o.code}")


class RoleReseauFactory(DjangoModelFactory):
    class Meta:
        model = RoleReseauPartenaire

    reseau = factory.SubFactory(ReseauFactory)
    role = "contributeur"
    debut = datetime.date(2020, 1, 1)


class ContactPartenaireFactory(DjangoModelFactory):
    class Meta:
        model = ContactPartenaire

    reseau = factory.SubFactory(ReseauFactory)
    personne = factory.SubFactory(UserFactory)


class CoOrganisationFactory(DjangoModelFactory):
    class Meta:
        model = CoOrganisation

    seance = factory.SubFactory(SeanceFactory)
    reseau = factory.SubFactory(ReseauFactory)


class NoteBulleFactory(DjangoModelFactory):
    class Meta:
        model = NoteBulle

    texte = "Ce qui se dit dans la bulle reste dans la bulle."
