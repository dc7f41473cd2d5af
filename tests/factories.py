"""Factories shared by every test module. Traits describe situations."""

import datetime

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from factory.django import DjangoModelFactory

from apes_rh.models import Financeur, Territoire, Thematique, User
from parcours.enums import RoleMembre
from parcours.models import Membre, Organisation

PASSWORD = "motdepasse-de-test-1"


class TerritoireFactory(DjangoModelFactory):
    class Meta:
        model = Territoire
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"T{n}")
    nom = factory.LazyAttribute(lambda o: f"Territoire {o.code}")


class ThematiqueFactory(DjangoModelFactory):
    class Meta:
        model = Thematique
        django_get_or_create = ("nom",)

    nom = factory.Sequence(lambda n: f"Thématique {n}")


class FinanceurFactory(DjangoModelFactory):
    class Meta:
        model = Financeur
        django_get_or_create = ("code",)
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"F{n}")
    nom = factory.LazyAttribute(lambda o: f"Financeur {o.code}")

    @factory.post_generation
    def territoires(self, create, extracted, **kwargs):
        if create and extracted:
            self.territoires.set(extracted)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@example.org")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    class Params:
        chargee = factory.Trait(equipe=True)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        self.save()
        if create:
            EmailAddress.objects.get_or_create(
                user=self, email=self.email, defaults={"primary": True, "verified": True}
            )

    @factory.post_generation
    def totp(self, create, extracted, **kwargs):
        """`totp=True` gives the person an authenticator (required for staff)."""
        if create and (extracted or self.equipe or self.is_staff):
            TOTP.activate(self, generate_totp_secret())

    @factory.post_generation
    def pilote_de(self, create, extracted, **kwargs):
        if create and extracted:
            Membre.objects.create(
                personne=self,
                organisation=extracted,
                role=RoleMembre.PILOTE,
                debut=datetime.date(2020, 1, 1),
            )

    @factory.post_generation
    def membre_de(self, create, extracted, **kwargs):
        if create and extracted:
            Membre.objects.create(
                personne=self,
                organisation=extracted,
                role=RoleMembre.MEMBRE,
                debut=datetime.date(2020, 1, 1),
            )


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    nom = factory.Sequence(lambda n: f"Association {n}")
    territoire = factory.SubFactory(TerritoireFactory, code="MEL")
    commune = "Lille"
    forme_juridique = "Association loi 1901"
    effectif = 5
