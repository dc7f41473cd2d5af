"""Every page of the space runs a number of queries that does not grow with the data."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accompagnateurs.models import Accompagnateur, DemiJournee
from outils import services
from outils.models import Critere
from parcours.models import Participation, Seance
from tests.factories import OrganisationFactory, UserFactory
from tests.outils.factories import DiagnosticFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"
MAX_REQUETES = 30


def _tour(org, pilote, membre, coach, i):
    """One more round of everything a space holds (same mix each time)."""
    diag = DiagnosticFactory(organisation=org, niveaux=lambda k, c: 1 + (k + i) % 4)
    services.diagnostic_terminer(diagnostic=diag, auteur=pilote)
    (avis,) = services.avis_demander(diagnostic=diag, personnes=[membre], demande_par=pilote)
    for c in Critere.objects.filter(theme__referentiel=diag.referentiel)[:5]:
        services.reponse_enregistrer(avis=avis, critere=c, niveau=2, commentaire="Avis")
    services.avis_envoyer(avis=avis)
    seance = Seance.objects.create(
        ref=f"S{org.pk}-{i}", titre=f"Séance {i}", type="collectif_parcours", date="2024-01-10"
    )
    Participation.objects.create(seance=seance, personne=pilote, organisation=org, statut="present")
    DemiJournee.objects.create(
        accompagnateur=coach, organisation=org, date=datetime.date(2024, 2, 1), statut="validee"
    )
    critere = Critere.objects.filter(theme__referentiel=diag.referentiel)[i]
    axe = services.axe_depuis_critere(diagnostic=diag, critere=critere, auteur=pilote)
    for j in range(3):
        action = services.action_creer(
            organisation=org,
            auteur=pilote,
            axe=axe,
            titre=f"Action {i}.{j}",
            responsable=membre,
            echeance=datetime.date(2020, 1, 1) if j == 0 else None,
        )
        services.action_changer_statut(
            action=action, statut=["en_cours", "faite", "abandonnee"][j], auteur=pilote
        )
        services.action_modifier(action=action, auteur=pilote, description=f"Détail {i}.{j}")
        services.commentaire_ajouter(action=action, auteur=coach.user, texte="Bravo")
        services.suivi_creer(
            organisation=org,
            auteur=pilote,
            date=datetime.date(2024, 3, 1 + j),
            action=action,
            realise="Fait",
            indicateurs=[{"libelle": "Entretiens", "valeur": 3, "cible": 5}],
            fichiers_joints=[SimpleUploadedFile("cr.pdf", PDF)],
        )
    services.export_demander(organisation=org, auteur=pilote)
    return diag, action, avis


PAGES = [
    ("outils:espaces", lambda ctx: {}),
    ("outils:espace", lambda ctx: {"pk": ctx["org"].pk}),
    ("outils:diagnostics", lambda ctx: {"pk": ctx["org"].pk}),
    ("outils:diagnostic", lambda ctx: {"pk": ctx["org"].pk, "diagnostic_pk": ctx["diag"].pk}),
    (
        "outils:diagnostic_remplir",
        lambda ctx: {"pk": ctx["org"].pk, "diagnostic_pk": ctx["encours"].pk},
    ),
    ("outils:diagnostic_comparer", lambda ctx: {"pk": ctx["org"].pk}),
    ("outils:avis_demander", lambda ctx: {"pk": ctx["org"].pk, "diagnostic_pk": ctx["diag"].pk}),
    ("outils:plan", lambda ctx: {"pk": ctx["org"].pk}),
    ("outils:plan_tableau", lambda ctx: {"pk": ctx["org"].pk}),
    ("outils:action", lambda ctx: {"pk": ctx["org"].pk, "action_pk": ctx["action"].pk}),
    ("outils:action_modifier", lambda ctx: {"pk": ctx["org"].pk, "action_pk": ctx["action"].pk}),
    ("outils:action_creer", lambda ctx: {"pk": ctx["org"].pk}),
    ("outils:suivi", lambda ctx: {"pk": ctx["org"].pk}),
    ("outils:suivi_creer", lambda ctx: {"pk": ctx["org"].pk}),
    ("outils:suivi_detail", lambda ctx: {"pk": ctx["org"].pk, "suivi_pk": ctx["suivi"].pk}),
    ("outils:chronologie", lambda ctx: {"pk": ctx["org"].pk}),
    ("outils:historique", lambda ctx: {"pk": ctx["org"].pk}),
    ("outils:export", lambda ctx: {"pk": ctx["org"].pk}),
    ("outils:export_plan_xlsx", lambda ctx: {"pk": ctx["org"].pk}),
]


@pytest.fixture
def espace():
    org = OrganisationFactory()
    pilote = UserFactory(pilote_de=org)
    membre = UserFactory(membre_de=org)
    coach = Accompagnateur.objects.create(user=UserFactory(), entree=datetime.date(2020, 1, 1))
    ctx = {"org": org, "pilote": pilote, "membre": membre, "coach": coach, "tours": 0}

    def grandir(n):
        for _ in range(n):
            diag, action, avis = _tour(org, pilote, membre, coach, ctx["tours"])
            ctx["tours"] += 1
            ctx.update(diag=diag, action=action, avis=avis, suivi=action.suivis.first())
        ctx["encours"] = DiagnosticFactory(organisation=org, niveaux=2)

    ctx["grandir"] = grandir
    return ctx


def _compter(client, url) -> int:
    with CaptureQueriesContext(connection) as requetes:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200, url
    return len(requetes)


@pytest.mark.parametrize(("nom", "kwargs"), PAGES, ids=[n for n, _ in PAGES])
def test_page_queries_do_not_grow_with_the_data(
    client, espace, nom, kwargs, django_assert_num_queries
):
    espace["grandir"](1)
    client.force_login(espace["pilote"])
    petit = _compter(client, reverse(nom, kwargs=kwargs(espace)))
    assert petit <= MAX_REQUETES, f"{nom} : {petit} requêtes"
    espace["grandir"](2)
    client.force_login(espace["pilote"])
    url = reverse(nom, kwargs=kwargs(espace))
    with django_assert_num_queries(petit):
        response = client.get(url)
    assert response.status_code == 200


def test_a_members_own_view_page_queries_do_not_grow(client, espace, django_assert_num_queries):
    espace["grandir"](1)
    org, membre = espace["org"], espace["membre"]
    diag = DiagnosticFactory(organisation=org)
    (avis,) = services.avis_demander(diagnostic=diag, personnes=[membre], demande_par=None)
    client.force_login(membre)
    url = reverse("outils:avis_remplir", kwargs={"pk": org.pk, "avis_pk": avis.pk})
    petit = _compter(client, url)
    for c in Critere.objects.filter(theme__referentiel=diag.referentiel)[:20]:
        services.reponse_enregistrer(avis=avis, critere=c, niveau=3, commentaire="")
    espace["grandir"](1)
    client.force_login(membre)
    with django_assert_num_queries(petit):
        client.get(url)
