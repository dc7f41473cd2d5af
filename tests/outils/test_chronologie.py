import datetime

import pytest
from django.urls import reverse

from accompagnateurs.models import Accompagnateur, DemiJournee
from outils import services
from outils.chronologie import chronologie
from parcours.enums import RoleMembre
from parcours.models import Membre, Participation, Seance
from tests.factories import OrganisationFactory, ThematiqueFactory, UserFactory
from tests.outils.factories import DiagnosticFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demarche():
    """An organisation with a bit of everything in its history."""
    org = OrganisationFactory(nom="Atelier Vélo")
    ancienne = UserFactory(first_name="Anne", last_name="Ancienne", pilote_de=org)
    diag = DiagnosticFactory(organisation=org, niveaux=2, titre="Diagnostic de départ")
    services.diagnostic_terminer(diagnostic=diag, auteur=ancienne)
    action = services.action_creer(organisation=org, auteur=ancienne, titre="Fiches de poste")
    services.action_changer_statut(action=action, statut="en_cours", auteur=ancienne)
    services.suivi_creer(
        organisation=org,
        auteur=ancienne,
        date=datetime.date(2024, 5, 2),
        action=action,
        realise="Trois fiches rédigées",
    )
    seance = Seance.objects.create(
        ref="S-1", titre="Atelier management", type="collectif_parcours", date="2024-04-10"
    )
    Participation.objects.create(
        seance=seance, personne=ancienne, organisation=org, statut="present"
    )
    absente = Seance.objects.create(
        ref="S-2", titre="Séance manquée", type="information", date="2024-04-11"
    )
    Participation.objects.create(
        seance=absente, personne=ancienne, organisation=org, statut="absent"
    )
    coach = UserFactory(first_name="Claire", last_name="Coach")
    profil = Accompagnateur.objects.create(user=coach, entree=datetime.date(2020, 1, 1))
    DemiJournee.objects.create(
        accompagnateur=profil,
        organisation=org,
        date=datetime.date(2024, 6, 1),
        demi_journees=2,
        statut="validee",
        thematique=ThematiqueFactory(nom="Recrutement"),
    )
    DemiJournee.objects.create(
        accompagnateur=profil, organisation=org, date=datetime.date(2024, 6, 2), statut="brouillon"
    )
    # Handover: the first pilot leaves, a new one takes over.
    mandat = Membre.objects.get(personne=ancienne, organisation=org)
    mandat.fin = datetime.date(2024, 9, 1)
    mandat.save()
    nouveau = UserFactory(first_name="Noé", last_name="Nouveau")
    Membre.objects.create(
        personne=nouveau, organisation=org, role=RoleMembre.PILOTE, debut=datetime.date(2024, 9, 1)
    )
    return org, nouveau


def test_the_timeline_gathers_the_whole_approach(demarche):
    org, _ = demarche
    titres = [e.titre for e in chronologie(org)]
    attendus = [
        "Diagnostic commencé : Diagnostic de départ",
        "Diagnostic terminé : Diagnostic de départ",
        "Nouvelle action : Fiches de poste",
        "Action « Fiches de poste » : À faire → En cours",
        "Suivi : Fiches de poste",
        "Séance suivie : Atelier management",
        "Appui individuel : 2 demi-journées avec Claire Coach",
        "Anne Ancienne devient pilote",
        "Anne Ancienne n'est plus pilote",
        "Noé Nouveau devient pilote",
    ]
    for titre in attendus:
        assert titre in titres, titre
    assert "Séance suivie : Séance manquée" not in titres
    assert sum("Appui individuel" in t for t in titres) == 1  # drafts do not count
    dates = [e.date for e in chronologie(org)]
    assert dates == sorted(dates, reverse=True)


def test_the_timeline_page_filters_by_kind_and_the_new_pilot_reads_it(client, demarche):
    org, nouveau = demarche
    client.force_login(nouveau)
    url = reverse("outils:chronologie", kwargs={"pk": org.pk})
    contenu = client.get(url).content.decode()
    assert "Anne Ancienne n&#x27;est plus pilote" in contenu
    filtre = client.get(url, {"type": "pilotage"}).content.decode()
    assert "Noé Nouveau devient pilote" in filtre and "Fiches de poste" not in filtre


def test_a_role_change_to_pilot_is_a_handover_too():
    org = OrganisationFactory()
    membre = UserFactory(first_name="Léa", last_name="Relais", membre_de=org)
    mandat = Membre.objects.get(personne=membre)
    mandat.role = RoleMembre.COPILOTE
    mandat.save()
    assert "Léa Relais devient co-pilote" in [e.titre for e in chronologie(org)]
