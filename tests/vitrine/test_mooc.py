"""The MOOC: modules → lessons, quizzes, progress, badge, attestation, team follow-up."""

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import reverse

from apes_rh.pdf import LocalFetcher, ResourceRefused
from outils.vitrine.models import Attestation, Progression
from outils.vitrine.pdf import attestation_html
from tests.factories import OrganisationFactory, TerritoireFactory, UserFactory
from tests.vitrine.conftest import texte
from tests.vitrine.factories import PDF, LeconFactory, ModuleFactory, QuestionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def module():
    module = ModuleFactory(code="recruter", titre="Recruter et intégrer")
    lecon1 = LeconFactory(module=module, ordre=1, titre="Définir le besoin")
    QuestionFactory(lecon=lecon1, ordre=1, bonne_reponse=2)
    QuestionFactory(lecon=lecon1, ordre=2, bonne_reponse=1)
    LeconFactory(module=module, ordre=2, titre="Réussir l'intégration")  # no quiz
    return module


def _lecons(module):
    return list(module.lecons.order_by("ordre"))


def _repondre(client, lecon, reponses):
    data = {f"q{q.pk}": r for q, r in zip(lecon.questions.order_by("ordre"), reponses, strict=True)}
    return client.post(lecon.get_absolute_url(), data)


def test_the_catalogue_shows_public_modules_and_locks_members_only_ones(client, module):
    ModuleFactory(titre="Module réservé", membres=True)
    ModuleFactory(titre="Module en préparation", publie=False)
    response = client.get(reverse("vitrine:mooc"))
    html = texte(response)
    assert "Recruter et intégrer" in html and "Module réservé" in html
    assert "Module en préparation" not in html
    assert "Connectez-vous avec votre compte de membre" in html


def test_members_only_modules_need_a_login(client):
    reserve = ModuleFactory(membres=True)
    lecon = LeconFactory(module=reserve)
    for url in (reserve.get_absolute_url(), lecon.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse(settings.LOGIN_URL))
    client.force_login(UserFactory(membre_de=OrganisationFactory()))
    assert client.get(lecon.get_absolute_url()).status_code == 200
    client.force_login(UserFactory())  # logged in, but no role in the programme
    assert client.get(lecon.get_absolute_url()).status_code == 404


def test_unpublished_modules_and_lessons_are_for_the_team(client, module):
    brouillon = LeconFactory(module=module, ordre=3, publiee=False)
    cache = ModuleFactory(publie=False)
    client.force_login(UserFactory(membre_de=OrganisationFactory()))
    assert client.get(brouillon.get_absolute_url()).status_code == 404
    assert client.get(cache.get_absolute_url()).status_code == 404
    client.force_login(UserFactory(chargee=True))
    assert client.get(brouillon.get_absolute_url()).status_code == 200
    assert client.get(cache.get_absolute_url()).status_code == 200


def test_a_lesson_renders_its_text_video_and_material(client, module):
    lecon = _lecons(module)[1]
    lecon.video_url = "https://vimeo.com/76979871"
    lecon.support = ContentFile(PDF, name="grille.pdf")
    lecon.support_titre = "Grille d'entretien"
    lecon.contenu = "Introduction <b>gras</b>.\n\n- étape un\n- étape deux"
    lecon.save()
    html = client.get(lecon.get_absolute_url()).content.decode()
    assert 'src="https://player.vimeo.com/video/76979871?dnt=1"' in html
    assert "<li>étape un</li>" in html and "&lt;b&gt;gras&lt;/b&gt;" in html
    support = client.get(reverse("vitrine:lecon_support", args=[module.code, lecon.pk]))
    assert support.status_code == 200 and support.content == PDF
    assert lecon.support_nom == "grille.pdf" and lecon.support_type_mime == "application/pdf"


def test_a_visitor_can_try_the_quiz_without_anything_being_kept(client, module):
    lecon = _lecons(module)[0]
    response = _repondre(client, lecon, [2, 1])
    assert response.status_code == 200
    assert response.context["resultat"].reussi
    assert "Connectez-vous" in texte(response)
    assert not Progression.objects.exists()


def test_unanswered_questions_get_a_french_message(client, module):
    lecon = _lecons(module)[0]
    response = client.post(lecon.get_absolute_url(), {})
    assert response.status_code == 400
    assert "Choisissez une réponse." in texte(response)


def test_progress_and_quiz_results_are_kept_for_logged_in_people(client, module):
    personne = UserFactory(membre_de=OrganisationFactory())
    client.force_login(personne)
    lecon = _lecons(module)[0]
    client.get(lecon.get_absolute_url())
    progression = Progression.objects.get(personne=personne, lecon=lecon)
    assert progression.terminee_le is None

    response = _repondre(client, lecon, [1, 1])
    assert not response.context["resultat"].reussi
    progression.refresh_from_db()
    assert (progression.quiz_score, progression.quiz_total, progression.quiz_tentatives) == (
        1,
        2,
        1,
    )
    assert progression.terminee_le is None
    assert "La bonne réponse : Réponse B" in texte(response)

    _repondre(client, lecon, [2, 1])
    _repondre(client, lecon, [3, 3])  # a worse try later keeps the best score
    progression.refresh_from_db()
    assert (progression.quiz_score, progression.quiz_tentatives) == (2, 3)
    assert progression.terminee_le is not None


def test_a_lesson_with_a_quiz_is_only_done_once_the_quiz_is_passed(client, module):
    client.force_login(UserFactory(membre_de=OrganisationFactory()))
    lecon = _lecons(module)[0]
    client.post(reverse("vitrine:lecon_terminer", args=[module.code, lecon.pk]))
    assert not Progression.objects.filter(terminee_le__isnull=False).exists()


def test_finishing_every_lesson_awards_the_badge_and_the_attestation(
    client, module, django_capture_on_commit_callbacks
):
    personne = UserFactory(first_name="Inès", last_name="Lefebvre", membre_de=OrganisationFactory())
    client.force_login(personne)
    premiere, seconde = _lecons(module)
    with django_capture_on_commit_callbacks(execute=True):
        _repondre(client, premiere, [2, 1])
        response = client.post(reverse("vitrine:lecon_terminer", args=[module.code, seconde.pk]))
    assert response.status_code == 302
    attestation = Attestation.objects.get(personne=personne, module=module)
    assert (attestation.score, attestation.total) == (2, 2)
    assert attestation.pdf  # built by the Celery task after commit
    assert "Module terminé" in texte(client.get(module.get_absolute_url()))

    pdf = client.get(reverse("vitrine:attestation", args=[module.code]))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")
    assert 'filename="attestation-recruter.pdf"' in pdf["Content-Disposition"]

    html = attestation_html(attestation)
    assert 'lang="fr"' in html and "Inès Lefebvre" in html and "A4" in html
    assert attestation.code in html

    client.force_login(UserFactory(membre_de=OrganisationFactory()))
    assert client.get(reverse("vitrine:attestation", args=[module.code])).status_code == 404


def test_a_lost_attestation_file_is_built_again(client, module):
    personne = UserFactory(membre_de=OrganisationFactory())
    attestation = Attestation.objects.create(
        personne=personne, module=module, pdf="vitrine/perdu.pdf"
    )
    client.force_login(personne)
    response = client.get(reverse("vitrine:attestation", args=[module.code]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    attestation.refresh_from_db()
    assert attestation.pdf.name != "vitrine/perdu.pdf"


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example/image.png",
        "http://127.0.0.1:8000/admin/",
        "file:///etc/passwd",
        "https://pdf.apes-rh.invalid/static/../../etc/passwd",
    ],
)
def test_the_pdf_never_fetches_anything_but_local_static_files(url):
    with pytest.raises((ResourceRefused, ValueError)):
        LocalFetcher().fetch(url)


def test_my_progress_page_lists_started_modules_and_attestations(client, module):
    personne = UserFactory(membre_de=OrganisationFactory())
    client.force_login(personne)
    client.get(_lecons(module)[0].get_absolute_url())
    autre = ModuleFactory(titre="Autre module")
    Attestation.objects.create(personne=personne, module=autre)
    LeconFactory(module=autre)
    html = texte(client.get(reverse("vitrine:mooc_mon_parcours")))
    assert "Recruter et intégrer" in html and "Autre module" in html
    assert reverse("vitrine:attestation", args=[autre.code]) in html


def test_the_team_sees_completion_per_module_and_per_organisation(client, module):
    mel = TerritoireFactory(code="MEL")
    org_a = OrganisationFactory(nom="Association A", territoire=mel)
    org_b = OrganisationFactory(nom="Association B", territoire=TerritoireFactory(code="CAVM"))
    alice, bob = UserFactory(membre_de=org_a), UserFactory(membre_de=org_a)
    carla = UserFactory(membre_de=org_b)
    for personne in (alice, bob, carla):
        Progression.objects.create(personne=personne, lecon=_lecons(module)[0])
    Attestation.objects.create(personne=alice, module=module, score=2, total=2)
    Attestation.objects.create(personne=carla, module=module, score=1, total=2)

    client.force_login(UserFactory(chargee=True))
    response = client.get(reverse("vitrine:mooc_suivi"))
    ligne_module = next(m for m in response.context["modules"] if m.pk == module.pk)
    assert (ligne_module.inscrits, ligne_module.termines, ligne_module.taux) == (3, 2, 67)
    assert ligne_module.score_moyen == 75
    lignes = {ligne["organisation"].nom: ligne for ligne in response.context["lignes"]}
    assert lignes["Association A"]["apprenants"] == 2
    assert lignes["Association A"]["cellules"] == [1]
    assert lignes["Association B"]["cellules"] == [1]

    response = client.get(reverse("vitrine:mooc_suivi"), {"territoire": "MEL"})
    assert [ligne["organisation"].nom for ligne in response.context["lignes"]] == ["Association A"]


# ------------------------------------------------------------------ query budgets


def _ajouter_lecons(module, n):
    debut = module.lecons.count()
    for i in range(n):
        lecon = LeconFactory(module=module, ordre=debut + i + 1)
        QuestionFactory.create_batch(2, lecon=lecon)


@pytest.mark.parametrize("connecte", [False, True])
def test_mooc_pages_queries_do_not_grow_with_the_lessons(client, nb_requetes, connecte):
    if connecte:
        client.force_login(UserFactory(membre_de=OrganisationFactory()))
    module = ModuleFactory()
    _ajouter_lecons(module, 2)
    lecon = module.lecons.first()

    def mesures():
        return [
            nb_requetes(lambda: client.get(reverse("vitrine:mooc"))),
            nb_requetes(lambda: client.get(module.get_absolute_url())),
            nb_requetes(lambda: client.get(lecon.get_absolute_url())),
            nb_requetes(lambda: client.get(reverse("vitrine:sitemap"))),
        ]

    client.get(lecon.get_absolute_url())  # the first visit records that the lesson started
    client.get(reverse("vitrine:sitemap"))  # loads the Site once per process
    from django.core.cache import cache

    cache.clear()
    petit = mesures()
    _ajouter_lecons(module, 15)
    for _ in range(5):
        _ajouter_lecons(ModuleFactory(), 2)
    cache.clear()  # the sitemap is cached
    assert mesures() == petit


def test_completion_page_queries_do_not_grow(client, nb_requetes, module):
    client.force_login(UserFactory(chargee=True))

    def peupler(n):
        for _ in range(n):
            organisation = OrganisationFactory()
            personne = UserFactory(membre_de=organisation)
            Progression.objects.create(personne=personne, lecon=_lecons(module)[0])
            Attestation.objects.create(personne=personne, module=module)
            ModuleFactory()

    peupler(2)
    petit = nb_requetes(lambda: client.get(reverse("vitrine:mooc_suivi")))
    peupler(10)
    assert nb_requetes(lambda: client.get(reverse("vitrine:mooc_suivi"))) == petit


def test_erasing_a_person_drops_the_attestation_pdfs_that_name_them(
    module, django_capture_on_commit_callbacks
):
    from apes_rh.donnees import personne_anonymiser
    from outils.vitrine.services import attestation_enregistrer_pdf

    personne = UserFactory(first_name="Zoé", last_name="Durand")
    attestation = Attestation.objects.create(personne=personne, module=module)
    attestation_enregistrer_pdf(attestation=attestation)
    attestation.refresh_from_db()
    stockage, nom = attestation.pdf.storage, attestation.pdf.name
    assert stockage.exists(nom)
    with django_capture_on_commit_callbacks(execute=True):
        personne_anonymiser(personne=personne)
    attestation.refresh_from_db()
    assert not attestation.pdf and not stockage.exists(nom)
    assert "Durand" not in attestation_html(attestation)


def test_a_visitor_tries_the_quiz_by_get_and_the_public_lesson_carries_no_csrf_token(
    client, module
):
    lecon = module.lecons.get(ordre=1)
    url = lecon.get_absolute_url()
    page = client.get(url)
    assert page.status_code == 200
    assert "csrfmiddlewaretoken" not in page.text and 'method="get"' in page.text
    reponses = {f"q{q.pk}": q.bonne_reponse for q in lecon.questions.all()}
    corrige = client.get(url, {"quiz": "1", **reponses})
    assert corrige.status_code == 200 and "Juste" in corrige.text
    assert not Progression.objects.exists()  # a visitor's attempt keeps nothing
