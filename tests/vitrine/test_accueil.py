"""The public home: the programme in 30 seconds, with live key figures."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accompagnateurs.models import Accompagnateur, DemiJournee
from apes_rh.cache import donnees_modifiees
from communautes.models import Communaute
from outils.vitrine.chiffres import calculer_chiffres, chiffres_vitrine
from parcours.models import Inscription, Parcours, Participation, Seance
from tests.factories import OrganisationFactory, TerritoireFactory, UserFactory
from tests.vitrine.factories import TemoignageFactory, ThemeVitrineFactory

pytestmark = pytest.mark.django_db

AUJOURDHUI = timezone.localdate()
HIER = AUJOURDHUI - datetime.timedelta(days=1)
DEMAIN = AUJOURDHUI + datetime.timedelta(days=1)


def _parcours(code="P1"):
    return Parcours.objects.create(
        code=code,
        nom=f"Parcours {code}",
        territoire=TerritoireFactory(code="MEL"),
        debut=datetime.date(2019, 1, 1),
        fin=datetime.date(2019, 12, 31),
    )


_refs = iter(range(10_000))


def _seance(date, type="collectif_parcours", demi_journees=1, **kwargs):
    return Seance.objects.create(
        ref=f"S{next(_refs)}",
        titre=kwargs.pop("titre", "Atelier"),
        type=type,
        date=date,
        demi_journees=demi_journees,
        **kwargs,
    )


def _coach(email, entree=datetime.date(2018, 1, 1), sortie=None):
    return Accompagnateur.objects.create(
        user=UserFactory(email=email), entree=entree, sortie=sortie
    )


def test_key_figures_are_computed_from_the_data():
    # Coaches: two in the pool today, one who left.
    coach = _coach("a@coach.example")
    _coach("b@coach.example")
    _coach("c@coach.example", sortie=datetime.date(2020, 1, 1))
    # Organisations enrolled: distinct, applications and refusals excluded.
    p1, p2 = _parcours("P1"), _parcours("P2")
    org_a, org_b, org_c = OrganisationFactory(), OrganisationFactory(), OrganisationFactory()
    Inscription.objects.create(parcours=p1, organisation=org_a)
    Inscription.objects.create(parcours=p2, organisation=org_a)
    Inscription.objects.create(parcours=p1, organisation=org_b)
    Inscription.objects.create(parcours=p2, organisation=org_c, statut="candidature")
    # Individual half-days: validated individual ones only.
    DemiJournee.objects.create(
        accompagnateur=coach, organisation=org_a, date=HIER, demi_journees=2, statut="validee"
    )
    DemiJournee.objects.create(
        accompagnateur=coach, organisation=org_a, date=HIER, demi_journees=5, statut="soumise"
    )
    DemiJournee.objects.create(
        accompagnateur=coach,
        organisation=org_b,
        date=HIER,
        demi_journees=3,
        statut="validee",
        nature="collectif",
    )
    # Collective half-days: held sessions, every type but "information".
    _seance(HIER, demi_journees=2, parcours=p1)
    _seance(HIER, type="information", demi_journees=4)
    _seance(HIER, type="bulle_dialogue", demi_journees=1)
    _seance(HIER, demi_journees=7, annulee=True)
    _seance(DEMAIN, demi_journees=9)
    # Community participants: distinct people present at a community session.
    communaute = Communaute.objects.create(code="V", nom="Virtuelle", type="virtuelle")
    s1 = _seance(HIER, type="codeveloppement", communaute=communaute)
    s2 = _seance(HIER, type="codeveloppement", communaute=communaute)
    alice, bob, carla = UserFactory(), UserFactory(), UserFactory()
    Participation.objects.create(seance=s1, personne=alice, statut="present")
    Participation.objects.create(seance=s2, personne=alice, statut="present")
    Participation.objects.create(seance=s1, personne=bob, statut="absent")
    parcours_seance = _seance(HIER, parcours=p1, titre="Hors communauté")
    Participation.objects.create(seance=parcours_seance, personne=carla, statut="present")

    assert calculer_chiffres() == {
        "accompagnateurs": 2,
        "organisations_parcours": 2,
        "demi_journees_individuelles": 2,
        # 2 + 1 (bulle) + 1 + 1 (codev) + 1 (hors communauté)
        "demi_journees_collectives": 6,
        "participants_communautes": 1,
    }


def test_key_figures_are_zero_on_an_empty_platform():
    assert {c["cle"]: c["valeur"] for c in chiffres_vitrine()} == {
        "accompagnateurs": 0,
        "organisations_parcours": 0,
        "demi_journees_individuelles": 0,
        "demi_journees_collectives": 0,
        "participants_communautes": 0,
    }


def test_key_figures_are_cached_briefly(django_assert_num_queries):
    chiffres_vitrine()
    _coach("nouveau@coach.example")
    with django_assert_num_queries(0):
        figures = chiffres_vitrine()
    assert figures[0]["valeur"] == 0  # the cached value, until it expires


def test_a_visitor_sees_the_programme_and_the_calls_to_action(client):
    _coach("a@coach.example")
    response = client.get(reverse("accueil"))
    assert response.status_code == 200
    html = response.content.decode()
    for texte in (
        "Un parcours en trois étapes",
        "Cinq axes pour agir",
        "La démarche en chiffres",
        "Rejoindre la démarche",
        "Accéder à mon espace",
        'property="og:title"',
        "État des lieux et diagnostic",
    ):
        assert texte in html
    assert [c["valeur"] for c in response.context["chiffres"]][0] == 1


def test_a_logged_in_person_sees_the_vitrine_with_a_button_to_their_space(client):
    organisation = OrganisationFactory()
    client.force_login(UserFactory(pilote_de=organisation))
    response = client.get(reverse("accueil"))
    assert response.status_code == 200
    assert reverse("tableau_de_bord") in response.content.decode()
    assert "Mon espace" in response.content.decode()


def test_upcoming_sessions_shown_are_open_ones_only(client):
    _seance(DEMAIN, titre="Atelier recrutement")
    _seance(DEMAIN, type="bulle_dialogue", titre="Bulle confidentielle")
    _seance(DEMAIN, titre="Atelier annulé", annulee=True)
    _seance(HIER, titre="Atelier passé")
    html = client.get(reverse("accueil")).content.decode()
    assert "Atelier recrutement" in html
    assert "Bulle confidentielle" not in html
    assert "Atelier annulé" not in html
    assert "Atelier passé" not in html


def test_only_published_testimonials_reach_the_home_page(client):
    TemoignageFactory(titre="Histoire publiée", publie=True)
    TemoignageFactory(titre="Histoire en relecture", a_valider=True)
    html = client.get(reverse("accueil")).content.decode()
    assert "Histoire publiée" in html
    assert "Histoire en relecture" not in html


def _peupler(n):
    communaute = Communaute.objects.get_or_create(code="V", nom="V", type="virtuelle")[0]
    for i in range(n):
        _seance(DEMAIN + datetime.timedelta(days=i), communaute=communaute)
        TemoignageFactory(publie=True)
        ThemeVitrineFactory()


@pytest.mark.parametrize("connecte", [False, True])
def test_home_page_queries_do_not_grow_with_the_data(client, nb_requetes, connecte):
    if connecte:
        client.force_login(UserFactory(pilote_de=OrganisationFactory()))
    _peupler(2)
    client.get(reverse("accueil"))  # warms the key figures' cache
    donnees_modifiees()  # the page itself computed again, not its anonymous copy
    petit = nb_requetes(lambda: client.get(reverse("accueil")))
    _peupler(15)
    assert petit > 0
    assert nb_requetes(lambda: client.get(reverse("accueil"))) == petit


def test_a_brand_new_platform_does_not_boast_zero_figures(client):
    html = client.get(reverse("accueil")).content.decode()
    assert "La démarche en chiffres" not in html
    assert "Un parcours en trois étapes" in html


def test_the_header_links_to_themes_resources_and_the_mooc(client):
    html = client.get(reverse("accueil")).content.decode()
    for nom, libelle in (
        ("vitrine:themes", "Thèmes RH"),
        ("vitrine:ressources", "Ressources"),
        ("vitrine:mooc", "MOOC"),
    ):
        assert f'href="{reverse(nom)}"' in html and libelle in html


def test_the_team_dashboard_has_the_vitrine_tiles(client):
    client.force_login(UserFactory(chargee=True))
    html = client.get(reverse("equipe_tableau")).content.decode()
    for nom in (
        "vitrine:demandes",
        "vitrine:temoignages_gestion",
        "vitrine:ressources",
        "vitrine:mooc_suivi",
    ):
        assert f'href="{reverse(nom)}"' in html
