"""Factories of the vitrine. Traits describe situations (`membres=True`, `fichier=True`…)."""

import datetime

import factory
from django.core.files.base import ContentFile
from factory.django import DjangoModelFactory

from outils.vitrine.enums import StatutRessource, StatutTemoignage, Visibilite
from outils.vitrine.models import (
    DemandeAdhesion,
    Lecon,
    Module,
    QuestionQuiz,
    Ressource,
    Temoignage,
    ThemeVitrine,
)
from tests.factories import OrganisationFactory, ThematiqueFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class ThemeVitrineFactory(DjangoModelFactory):
    class Meta:
        model = ThemeVitrine
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"theme-{n}")
    titre = factory.Sequence(lambda n: f"Thème RH {n}")
    accroche = "Une accroche qui donne envie."
    description = "Pourquoi c'est important.\n\n- un point\n- un autre point"
    exemples = "Un premier exemple.\n\nUn second exemple."
    thematique = factory.SubFactory(ThematiqueFactory)


class RessourceFactory(DjangoModelFactory):
    class Meta:
        model = Ressource
        skip_postgeneration_save = True

    titre = factory.Sequence(lambda n: f"Ressource {n}")
    resume = "À quoi elle sert, pour qui."
    forme = "article"
    type = "fiche_pratique"
    contenu = "Un paragraphe.\n\n- une liste"
    visibilite = Visibilite.PUBLIC
    statut = StatutRessource.PUBLIEE
    auteur_libre = "Apes"
    date_publication = datetime.date(2021, 5, 1)

    class Params:
        membres = factory.Trait(visibilite=Visibilite.MEMBRES)
        brouillon = factory.Trait(statut=StatutRessource.BROUILLON)
        fichier_pdf = factory.Trait(
            forme="fichier",
            contenu="",
            fichier=factory.LazyFunction(lambda: ContentFile(PDF, name="fiche.pdf")),
        )

    @factory.post_generation
    def thematiques(self, create, extracted, **kwargs):
        if create and extracted:
            self.thematiques.set(extracted)


class ModuleFactory(DjangoModelFactory):
    class Meta:
        model = Module
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"module-{n}")
    titre = factory.Sequence(lambda n: f"Module {n}")
    resume = "Ce que l'on apprend."
    public = True

    class Params:
        membres = factory.Trait(public=False)


class LeconFactory(DjangoModelFactory):
    class Meta:
        model = Lecon

    module = factory.SubFactory(ModuleFactory)
    ordre = factory.Sequence(lambda n: n + 1)
    titre = factory.Sequence(lambda n: f"Leçon {n}")
    contenu = "Le contenu de la leçon.\n\n- point un\n- point deux"
    duree_minutes = 10


class QuestionFactory(DjangoModelFactory):
    class Meta:
        model = QuestionQuiz

    lecon = factory.SubFactory(LeconFactory)
    ordre = factory.Sequence(lambda n: n + 1)
    question = factory.Sequence(lambda n: f"Question {n} ?")
    choix = "Réponse A\nRéponse B\nRéponse C"
    bonne_reponse = 2


class TemoignageFactory(DjangoModelFactory):
    class Meta:
        model = Temoignage

    organisation = factory.SubFactory(OrganisationFactory)
    titre = factory.Sequence(lambda n: f"Témoignage {n}")
    presentation = "association, 5 salarié·es"
    citation = "Nous avons progressé."
    situation = "Au départ, rien n'était écrit."
    demarche = "Nous avons suivi le parcours."
    resultat = "Des fiches de poste et des entretiens."
    statut = StatutTemoignage.BROUILLON

    class Params:
        publie = factory.Trait(
            statut=StatutTemoignage.PUBLIE,
            publie_le=factory.LazyFunction(lambda: datetime.datetime.now(datetime.UTC)),
        )
        a_valider = factory.Trait(statut=StatutTemoignage.A_VALIDER)


class DemandeFactory(DjangoModelFactory):
    class Meta:
        model = DemandeAdhesion

    organisation_nom = factory.Sequence(lambda n: f"Structure {n}")
    type_structure = "association"
    effectif = "3-10"
    commune = "Lille"
    contact_prenom = "Alice"
    contact_nom = "Martin"
    contact_email = factory.Sequence(lambda n: f"contact{n}@structure.example")
    besoins = "Nous voulons structurer nos recrutements."
