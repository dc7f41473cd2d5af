"""No page's query count grows with members, sessions, answers or networks (DESIGN §6)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apes_rh.models import Thematique
from communautes import services
from communautes.models import (
    ActionCodeveloppement,
    CoOrganisation,
    DemandeAdhesion,
    MembreCommunaute,
    NoteBulle,
    RessourceCommunaute,
)
from parcours.enums import StatutParticipation as S
from parcours.enums import TypeSeance
from parcours.models import Participation
from tests.factories import OrganisationFactory, UserFactory

from .factories import (
    CommunauteFactory,
    ContactPartenaireFactory,
    ReseauFactory,
    RoleReseauFactory,
    SeanceFactory,
    bulle,
    codev,
)

pytestmark = pytest.mark.django_db


class Donnees:
    """A community with a bulle, a co-dev, a joint event; `grossir()` adds n of everything."""

    def __init__(self):
        self.communaute = CommunauteFactory(ouverte=False)
        self.equipe = UserFactory(chargee=True)
        self.animateur = UserFactory()
        self.communaute.animateurs.add(self.animateur)
        self.membre = UserFactory(membre_de=OrganisationFactory())
        MembreCommunaute.objects.create(communaute=self.communaute, personne=self.membre)
        self.contact = ContactPartenaireFactory()
        self.theme = Thematique.objects.create(nom="Coopération")
        passe = timezone.localdate() - datetime.timedelta(days=5)
        self.bulle = bulle(communaute=self.communaute, date=passe)
        self.bulle.seance.animateurs.add(self.animateur)
        self.codev = codev(communaute=self.communaute, date=passe)
        self.codev.seance.animateurs.add(self.animateur)
        self.evenement = SeanceFactory(
            communaute=self.communaute, type=TypeSeance.RENCONTRE_THEMATIQUE
        )
        services.format_assurer(seance=self.evenement)
        CoOrganisation.objects.create(seance=self.evenement, reseau=self.contact.reseau)
        for seance in (self.bulle.seance, self.codev.seance):
            Participation.objects.create(seance=seance, personne=self.membre, statut=S.PRESENT)
        self.grossir(1)

    def grossir(self, n):
        passe = timezone.localdate() - datetime.timedelta(days=5)
        for _ in range(n):
            org = OrganisationFactory()
            personne = UserFactory(membre_de=org)
            MembreCommunaute.objects.create(
                communaute=self.communaute, personne=personne, organisation=org
            )
            a_venir = SeanceFactory(communaute=self.communaute, thematiques=[self.theme])
            passee = SeanceFactory(communaute=self.communaute, date=passe, thematiques=[self.theme])
            for seance in (a_venir, self.evenement):
                Participation.objects.create(seance=seance, personne=personne, organisation=org)
            for seance in (passee, self.bulle.seance, self.codev.seance):
                Participation.objects.create(seance=seance, personne=personne, statut=S.PRESENT)
                services.questionnaire_repondre(
                    seance=seance,
                    personne=personne,
                    utilite=4,
                    retenu="Utile",
                    thematique_souhaitee=self.theme,
                )
            services.atelier_ajouter(evenement=self.evenement, par=self.equipe, titre="Atelier")
            CoOrganisation.objects.create(seance=passee, reseau=self.contact.reseau)
            RessourceCommunaute.objects.create(
                communaute=self.communaute, titre="Lien", nature="lien", url="https://exemple.org"
            )
            DemandeAdhesion.objects.create(communaute=self.communaute, personne=UserFactory())
            NoteBulle.objects.create(bulle=self.bulle, auteur=personne, texte="Note")
            ActionCodeveloppement.objects.create(codev=self.codev, titre="Action")
            reseau = ReseauFactory()
            RoleReseauFactory(reseau=reseau)
            ContactPartenaireFactory(reseau=reseau)
            CoOrganisation.objects.create(seance=passee, reseau=reseau)


def _pages(d):
    """(who, url) of every page of the app that lists or aggregates."""
    c = d.communaute.pk
    return [
        (None, reverse("communautes:liste")),
        (d.membre, reverse("communautes:liste")),
        (None, reverse("communautes:communaute", args=[c])),
        (d.membre, reverse("communautes:communaute", args=[c])),
        (d.equipe, reverse("communautes:communaute", args=[c])),
        (d.equipe, reverse("communautes:communaute", args=[c]) + "?page=2"),
        (d.membre, reverse("communautes:membres", args=[c])),
        (d.membre, reverse("communautes:ressources", args=[c])),
        (d.equipe, reverse("communautes:demandes")),
        (d.equipe, reverse("communautes:satisfaction")),
        (d.equipe, reverse("communautes:satisfaction_communaute", args=[c])),
        (d.membre, reverse("communautes:seance", args=[d.bulle.seance_id])),
        (d.equipe, reverse("communautes:seance", args=[d.bulle.seance_id])),
        (d.animateur, reverse("communautes:seance", args=[d.codev.seance_id])),
        (d.membre, reverse("communautes:seance", args=[d.codev.seance_id])),
        (None, reverse("communautes:seance", args=[d.evenement.pk])),
        (d.equipe, reverse("communautes:seance", args=[d.evenement.pk])),
        (d.animateur, reverse("communautes:satisfaction_seance", args=[d.bulle.seance_id])),
        (d.equipe, reverse("communautes:inscriptions", args=[d.evenement.pk])),
        (d.contact.personne, reverse("communautes:inscriptions", args=[d.evenement.pk])),
        (d.contact.personne, reverse("communautes:partenaire")),
        (d.equipe, reverse("communautes:reseaux")),
        (d.equipe, reverse("communautes:reseau", args=[d.contact.reseau_id])),
        (d.animateur, reverse("communautes:codev", args=[d.codev.seance_id])),
    ]


def _compter(client, who, url) -> int:
    client.logout()
    if who is not None:
        client.force_login(who)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx)


def test_query_counts_do_not_grow_with_the_data(client):
    d = Donnees()
    avant = {(getattr(w, "pk", None), u): _compter(client, w, u) for w, u in _pages(d)}
    d.grossir(25)
    apres = {(getattr(w, "pk", None), u): _compter(client, w, u) for w, u in _pages(d)}
    grandi = {k: (avant[k], apres[k]) for k in avant if apres[k] != avant[k]}
    assert not grandi, f"requêtes qui augmentent avec les données : {grandi}"
    assert max(apres.values()) <= 30, apres


def test_the_list_and_the_community_page_keep_their_query_budget(client, django_assert_num_queries):
    d = Donnees()
    d.grossir(10)
    client.force_login(d.membre)
    url = reverse("communautes:communaute", args=[d.communaute.pk])
    client.get(url)  # warm the session
    avant = _compter(client, d.membre, url)
    d.grossir(10)
    client.force_login(d.membre)
    client.get(url)
    with django_assert_num_queries(avant):
        client.get(url)
