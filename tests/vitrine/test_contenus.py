"""Theme pages and the MOOC are seeded from outils/data/*.yaml, idempotently."""

import pytest
from django.core.management import call_command

from apes_rh.models import Thematique
from outils.vitrine.contenus import charger_mooc, charger_themes
from outils.vitrine.models import Lecon, Module, QuestionQuiz, ThemeVitrine

pytestmark = pytest.mark.django_db


def test_the_eleven_themes_of_the_referential_get_a_page():
    bilan = charger_themes()
    assert len(bilan.crees) == 11
    theme = ThemeVitrine.objects.get(slug="fonction-employeur")
    assert theme.titre == "Fonction employeur et obligations légales"
    assert theme.accroche.startswith("Être employeur")
    assert len(theme.liste_exemples) == 2
    assert theme.thematique.nom == theme.titre


def test_theme_pages_reuse_the_themes_of_the_historical_data():
    existante = Thematique.objects.create(nom="Conditions de travail et qualité de vie au travail")
    meme_nom = Thematique.objects.create(nom="Recrutement et intégration")
    charger_themes()
    assert ThemeVitrine.objects.get(slug="conditions-travail-sante").thematique == existante
    assert ThemeVitrine.objects.get(slug="recrutement-integration").thematique == meme_nom
    assert Thematique.objects.count() == 11


def test_loading_twice_changes_nothing_and_keeps_the_team_edits():
    charger_themes()
    charger_mooc()
    ThemeVitrine.objects.filter(slug="management").update(accroche="Texte revu par l'équipe")
    bilan_themes, bilan_mooc = charger_themes(), charger_mooc()
    assert (bilan_themes.crees, bilan_mooc.crees) == ([], [])
    assert ThemeVitrine.objects.get(slug="management").accroche == "Texte revu par l'équipe"
    assert (ThemeVitrine.objects.count(), Module.objects.count(), Lecon.objects.count()) == (
        11,
        6,
        22,
    )


def test_the_mooc_has_six_modules_and_twenty_two_lessons_with_quizzes():
    charger_themes()
    charger_mooc()
    assert Module.objects.count() == 6
    assert Lecon.objects.count() == 22
    assert not Lecon.objects.filter(questions__isnull=True).exists()
    m1 = Module.objects.get(code="m1-fonction-employeur")
    assert m1.public and m1.theme.slug == "fonction-employeur"
    assert not Module.objects.get(code="m4-developpement-competences").public
    question = QuestionQuiz.objects.get(question__startswith="Dans une association, qui est")
    # The YAML counts answers from 0, the platform from 1.
    assert question.liste_choix[question.bonne_reponse - 1].startswith("L'association")


def test_the_command_reports_what_it_wrote_and_can_simulate(capsys):
    call_command("vitrine_charger_contenus", "--dry-run")
    sortie = capsys.readouterr().out
    assert "11 créé(s)" in sortie and "rien n'a été écrit" in sortie
    assert ThemeVitrine.objects.count() == 0
    call_command("vitrine_charger_contenus")
    assert "Contenus de la vitrine chargés" in capsys.readouterr().out
    assert (ThemeVitrine.objects.count(), Module.objects.count()) == (11, 6)


def test_the_update_option_rewrites_from_the_files():
    charger_themes()
    charger_mooc()
    ThemeVitrine.objects.filter(slug="management").update(accroche="Ancien texte")
    call_command("vitrine_charger_contenus", "--mettre-a-jour")
    assert ThemeVitrine.objects.get(slug="management").accroche != "Ancien texte"
    assert Lecon.objects.count() == 22
