"""Theme pages: why it matters, examples, resources, coaches, upcoming sessions."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accompagnateurs.models import Accompagnateur, DemiJournee, Specialite
from parcours.models import Seance
from tests.factories import OrganisationFactory, ThematiqueFactory, UserFactory
from tests.vitrine.factories import (
    ModuleFactory,
    RessourceFactory,
    TemoignageFactory,
    ThemeVitrineFactory,
)

pytestmark = pytest.mark.django_db
DEMAIN = timezone.localdate() + datetime.timedelta(days=3)


def _coach(nom, **kwargs):
    user = UserFactory(first_name=nom, last_name="Coach")
    return Accompagnateur.objects.create(
        user=user, entree=kwargs.pop("entree", datetime.date(2018, 1, 1)), **kwargs
    )


def test_the_themes_page_lists_published_themes(client):
    ThemeVitrineFactory(titre="Recrutement et intégration")
    ThemeVitrineFactory(titre="Thème en préparation", publie=False)
    html = client.get(reverse("vitrine:themes")).content.decode()
    assert "Recrutement et intégration" in html
    assert "Thème en préparation" not in html


def test_an_unpublished_theme_is_unknown_to_visitors_but_previewed_by_the_team(client):
    theme = ThemeVitrineFactory(publie=False)
    assert client.get(theme.get_absolute_url()).status_code == 404
    client.force_login(UserFactory(chargee=True))
    assert client.get(theme.get_absolute_url()).status_code == 200


def test_a_theme_page_explains_and_escapes_the_text(client):
    theme = ThemeVitrineFactory(
        description="Pourquoi c'est important.\n\n- Protéger <script>alert(1)</script>",
        exemples="Une ressourcerie crée un livret d'accueil.\n\nUn centre social recrute.",
    )
    response = client.get(theme.get_absolute_url())
    html = response.content.decode()
    assert "<li>Protéger &lt;script&gt;" in html
    assert "<script>alert(1)</script>" not in html
    assert "Une ressourcerie crée un livret" in html
    assert f"<title>{theme.titre} — Démarche progrès RH</title>" in html
    assert f'<meta name="description" content="{theme.accroche}">' in html


def test_a_theme_page_shows_what_relates_to_its_theme(client):
    thematique = ThematiqueFactory(nom="Management et posture de direction")
    autre = ThematiqueFactory(nom="Autre thème")
    theme = ThemeVitrineFactory(thematique=thematique)
    RessourceFactory(titre="Fiche management", thematiques=[thematique])
    RessourceFactory(titre="Fiche réservée", thematiques=[thematique], membres=True)
    RessourceFactory(titre="Fiche brouillon", thematiques=[thematique], brouillon=True)
    RessourceFactory(titre="Fiche hors sujet", thematiques=[autre])
    ModuleFactory(titre="Module management", theme=theme)
    TemoignageFactory(titre="Récit management", publie=True).thematiques.add(thematique)
    seance = Seance.objects.create(
        ref="T1", titre="Atelier management", type="appui_collectif", date=DEMAIN
    )
    seance.thematiques.add(thematique)
    bulle = Seance.objects.create(
        ref="T2", titre="Bulle secrète", type="bulle_dialogue", date=DEMAIN
    )
    bulle.thematiques.add(thematique)

    html = client.get(theme.get_absolute_url()).content.decode()
    assert "Fiche management" in html
    assert "Fiche réservée" not in html
    assert "Fiche brouillon" not in html
    assert "Fiche hors sujet" not in html
    assert "Module management" in html
    assert "Récit management" in html
    assert "Atelier management" in html
    assert "Bulle secrète" not in html

    client.force_login(UserFactory(membre_de=OrganisationFactory()))
    assert "Fiche réservée" in client.get(theme.get_absolute_url()).content.decode()


def test_coaches_shown_work_on_the_theme_and_are_in_the_pool(client):
    thematique = ThematiqueFactory(nom="Recrutement")
    specialite = Specialite.objects.create(nom="Recrutement associatif")
    theme = ThemeVitrineFactory(thematique=thematique)
    theme.specialites.add(specialite)
    _coach("Declare").thematiques.add(thematique)
    _coach("Specialiste").specialites.add(specialite)
    praticien = _coach("Praticien")
    DemiJournee.objects.create(
        accompagnateur=praticien,
        organisation=OrganisationFactory(),
        date=datetime.date(2020, 1, 1),
        thematique=thematique,
        statut="validee",
    )
    brouillon = _coach("Brouillon")
    DemiJournee.objects.create(
        accompagnateur=brouillon,
        organisation=OrganisationFactory(),
        date=datetime.date(2020, 1, 1),
        thematique=thematique,
        statut="brouillon",
    )
    _coach("Parti", sortie=datetime.date(2020, 1, 1)).thematiques.add(thematique)
    _coach("Ailleurs")

    noms = {
        a.user.first_name for a in client.get(theme.get_absolute_url()).context["accompagnateurs"]
    }
    assert noms == {"Declare", "Specialiste", "Praticien"}


_compteur = iter(range(100_000))


def _peupler(theme, n):
    for _ in range(n):
        i = next(_compteur)
        RessourceFactory(thematiques=[theme.thematique], auteur=UserFactory())
        coach = _coach(f"C{i}")
        coach.thematiques.add(theme.thematique)
        coach.specialites.add(Specialite.objects.create(nom=f"Spécialité {theme.pk}-{i}"))
        seance = Seance.objects.create(
            ref=f"Q{theme.pk}-{i}", titre="Atelier", type="appui_collectif", date=DEMAIN
        )
        seance.thematiques.add(theme.thematique)
        ModuleFactory(theme=theme)
        ThemeVitrineFactory()


def test_theme_page_queries_do_not_grow_with_the_data(client, nb_requetes):
    theme = ThemeVitrineFactory()
    _peupler(theme, 2)
    petit = nb_requetes(lambda: client.get(theme.get_absolute_url()))
    _peupler(theme, 12)
    assert nb_requetes(lambda: client.get(theme.get_absolute_url())) == petit
    petit = nb_requetes(lambda: client.get(reverse("vitrine:themes")))
    _peupler(theme, 3)
    assert nb_requetes(lambda: client.get(reverse("vitrine:themes"))) == petit
