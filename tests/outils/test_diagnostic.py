import pytest
from django.core import mail
from django.urls import reverse
from django.utils.html import escape

from outils import analyse, services
from outils.enums import StatutDiagnostic
from outils.models import Axe, Critere, Diagnostic, Evaluation, ReponseAvis
from tests.factories import OrganisationFactory, UserFactory
from tests.outils.factories import DiagnosticFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return OrganisationFactory(nom="La Ressourcerie")


@pytest.fixture
def pilote(org):
    return UserFactory(pilote_de=org)


def _url(nom, diagnostic, **kw):
    return reverse(
        nom, kwargs={"pk": diagnostic.organisation_id, "diagnostic_pk": diagnostic.pk, **kw}
    )


def test_the_pilot_starts_a_diagnostic_on_the_current_referential(client, org, pilote):
    client.force_login(pilote)
    response = client.post(
        reverse("outils:diagnostic_creer", kwargs={"pk": org.pk}), {"titre": "Départ 2025"}
    )
    diagnostic = Diagnostic.objects.get(organisation=org)
    assert response.status_code == 302
    assert response["Location"] == _url("outils:diagnostic_remplir", diagnostic)
    assert diagnostic.titre == "Départ 2025" and diagnostic.cree_par == pilote
    assert diagnostic.statut == StatutDiagnostic.EN_COURS


def test_an_empty_title_gets_a_french_error_and_creates_nothing(client, org, pilote):
    client.force_login(pilote)
    response = client.post(reverse("outils:diagnostic_creer", kwargs={"pk": org.pk}), {"titre": ""})
    assert response.status_code == 200
    assert "Ce champ est obligatoire" in response.content.decode()
    assert not Diagnostic.objects.exists()


def test_autosave_saves_one_criterion_and_updates_the_progress(client, org, pilote):
    diagnostic = services.diagnostic_creer(organisation=org, auteur=pilote)
    critere = Critere.objects.filter(theme__referentiel=diagnostic.referentiel).first()
    client.force_login(pilote)
    response = client.post(
        _url("outils:evaluation_enregistrer", diagnostic, critere_pk=critere.pk),
        {
            f"c{critere.pk}-niveau": "3",
            f"c{critere.pk}-commentaire": "Registre à jour depuis 2023",
            f"c{critere.pk}-preuves": "Registre papier",
        },
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert response["X-Outils-Enregistre"] == "1"
    contenu = response.content.decode()
    assert "Enregistré à" in contenu
    assert 'id="progression"' in contenu and 'hx-swap-oob="true"' in contenu
    assert "1</strong> critère sur 45" in contenu
    evaluation = Evaluation.objects.get(diagnostic=diagnostic, critere=critere)
    assert (evaluation.niveau, evaluation.commentaire, evaluation.preuves) == (
        3,
        "Registre à jour depuis 2023",
        "Registre papier",
    )
    assert evaluation.modifie_par == pilote
    assert evaluation.history.first().history_user == pilote


def test_an_autosave_that_changes_nothing_adds_no_history(org, pilote):
    diagnostic = services.diagnostic_creer(organisation=org, auteur=pilote)
    critere = Critere.objects.filter(theme__referentiel=diagnostic.referentiel).first()
    kwargs = {"niveau": 2, "commentaire": "c", "preuves": "", "auteur": pilote}
    services.evaluation_enregistrer(diagnostic=diagnostic, critere=critere, **kwargs)
    _, change = services.evaluation_enregistrer(diagnostic=diagnostic, critere=critere, **kwargs)
    assert not change
    assert Evaluation.history.filter(diagnostic_id=diagnostic.pk).count() == 1


def test_an_invalid_level_is_refused_with_a_message_and_nothing_written(client, org, pilote):
    diagnostic = services.diagnostic_creer(organisation=org, auteur=pilote)
    critere = Critere.objects.filter(theme__referentiel=diagnostic.referentiel).first()
    client.force_login(pilote)
    response = client.post(
        _url("outils:evaluation_enregistrer", diagnostic, critere_pk=critere.pk),
        {f"c{critere.pk}-niveau": "7"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert response["X-Outils-Enregistre"] == "0"
    assert "Non enregistré" in response.content.decode()
    assert not Evaluation.objects.exists()


def test_a_criterion_of_another_referential_version_is_not_found(client, org, pilote):
    diagnostic = services.diagnostic_creer(organisation=org, auteur=pilote)
    v2 = services.referentiel_nouvelle_version(referentiel=diagnostic.referentiel)
    autre = Critere.objects.filter(theme__referentiel=v2).first()
    client.force_login(pilote)
    response = client.post(
        _url("outils:evaluation_enregistrer", diagnostic, critere_pk=autre.pk),
        {f"c{autre.pk}-niveau": "2"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 404


def test_without_javascript_a_whole_theme_is_saved_and_the_next_theme_opens(client, org, pilote):
    diagnostic = services.diagnostic_creer(organisation=org, auteur=pilote)
    res = analyse.resultats(diagnostic)
    premier, second = res.themes[0], res.themes[1]
    data = {"theme": premier.theme.pk}
    for i, ligne in enumerate(premier.lignes):
        data[f"c{ligne.critere.pk}-niveau"] = str(1 + i % 4)
        data[f"c{ligne.critere.pk}-commentaire"] = f"Commentaire {i}"
    client.force_login(pilote)
    response = client.post(_url("outils:diagnostic_remplir", diagnostic), data)
    assert response.status_code == 302
    assert response["Location"].endswith(f"?theme={second.theme.pk}")
    assert Evaluation.objects.filter(diagnostic=diagnostic).count() == premier.nb_criteres
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert second.theme.titre in page.content.decode()


def test_the_fill_page_shows_levels_descriptions_and_resumes_where_answers_stop(
    client, org, pilote
):
    diagnostic = DiagnosticFactory(organisation=org)
    res = analyse.resultats(diagnostic)
    for ligne in res.themes[0].lignes:
        Evaluation.objects.create(diagnostic=diagnostic, critere=ligne.critere, niveau=2)
    client.force_login(pilote)
    contenu = client.get(_url("outils:diagnostic_remplir", diagnostic)).content.decode()
    # Resumes on the first theme still incomplete.
    assert f'aria-current="step"><span>2. {res.themes[1].theme.titre}' in contenu
    critere = res.themes[1].lignes[0].critere
    assert escape(critere.niveau_1) in contenu and "Non engagé" in contenu
    assert f'data-brouillon-cle="outils:diagnostic:{diagnostic.pk}:{critere.pk}"' in contenu
    assert "style=" not in contenu


def test_completing_requires_every_criterion_then_shows_results(client, org, pilote):
    diagnostic = DiagnosticFactory(organisation=org)
    client.force_login(pilote)
    response = client.post(_url("outils:diagnostic_terminer", diagnostic), follow=True)
    assert "Il reste 45 critères sans niveau" in response.content.decode()
    diagnostic.refresh_from_db()
    assert diagnostic.statut == StatutDiagnostic.EN_COURS

    for c in Critere.objects.filter(theme__referentiel=diagnostic.referentiel):
        Evaluation.objects.create(diagnostic=diagnostic, critere=c, niveau=3)
    response = client.post(_url("outils:diagnostic_terminer", diagnostic))
    assert response["Location"] == _url("outils:diagnostic", diagnostic)
    diagnostic.refresh_from_db()
    assert diagnostic.est_termine and diagnostic.termine_le
    # A completed diagnostic cannot be changed until it is reopened.
    critere = Critere.objects.filter(theme__referentiel=diagnostic.referentiel).first()
    with pytest.raises(Exception, match="terminé"):
        services.evaluation_enregistrer(
            diagnostic=diagnostic,
            critere=critere,
            niveau=1,
            commentaire="",
            preuves="",
            auteur=pilote,
        )
    client.post(_url("outils:diagnostic_rouvrir", diagnostic))
    diagnostic.refresh_from_db()
    assert diagnostic.statut == StatutDiagnostic.EN_COURS


def test_scores_per_theme_strengths_and_priorities():
    # Theme 1 has 4 criteria: levels 1, 2, 3, 4 → 2.5; every other criterion at 3.
    diagnostic = DiagnosticFactory(niveaux=lambda i, c: (i + 1) if i < 4 else 3)
    res = analyse.resultats(diagnostic)
    assert res.themes[0].score == 2.5
    assert all(t.score == 3.0 for t in res.themes[1:])
    assert res.score_global == round((2.5 + 3.0 * 10) / 11, 1)
    assert res.complet and res.progression == 100
    assert [li.niveau for _, li in res.priorites] == [1, 2]
    assert res.forces[0][1].niveau == 4
    assert res.themes_prioritaires[0].numero == 1


def test_the_results_page_draws_svg_charts_without_style_attributes(client, org, pilote):
    diagnostic = DiagnosticFactory(organisation=org, niveaux=lambda i, c: 1 + i % 4)
    client.force_login(pilote)
    contenu = client.get(_url("outils:diagnostic", diagnostic)).content.decode()
    assert contenu.count("<svg") >= 2
    assert "graphique-radar" in contenu and "graphique-barres" in contenu
    assert "style=" not in contenu
    assert "Points forts" in contenu and "Priorités" in contenu
    assert (
        "En faire un axe d&#x27;amélioration" in contenu
        or "En faire un axe d'amélioration" in contenu
    )


def test_one_click_turns_a_weak_criterion_into_a_prefilled_axis(client, org, pilote):
    diagnostic = DiagnosticFactory(organisation=org, niveaux=2)
    critere = Critere.objects.filter(theme__referentiel=diagnostic.referentiel).first()
    Evaluation.objects.filter(diagnostic=diagnostic, critere=critere).update(
        commentaire="Pas de registre"
    )
    client.force_login(pilote)
    response = client.post(_url("outils:axe_depuis_critere", diagnostic, critere_pk=critere.pk))
    axe = Axe.objects.get(plan__organisation=org)
    assert response["Location"].endswith(f"/plan/#axe-{axe.pk}")
    assert axe.titre == critere.intitule and axe.critere == critere and axe.theme == critere.theme
    assert critere.niveau_3 in axe.description and "Pas de registre" in axe.description
    # A second click does not duplicate it.
    client.post(_url("outils:axe_depuis_critere", diagnostic, critere_pk=critere.pk))
    assert Axe.objects.filter(plan__organisation=org).count() == 1


def test_comparing_two_diagnostics_theme_by_theme(client, org, pilote):
    avant = DiagnosticFactory(organisation=org, niveaux=1, titre="Départ")
    apres = DiagnosticFactory(organisation=org, niveaux=3, titre="Un an après")
    client.force_login(pilote)
    response = client.get(
        reverse("outils:diagnostic_comparer", kwargs={"pk": org.pk}),
        {"avant": avant.pk, "apres": apres.pk},
    )
    contenu = response.content.decode()
    assert response.status_code == 200
    assert "+2,0" in contenu and "Départ" in contenu and "Un an après" in contenu
    assert contenu.count("<polygon") >= 4
    meme = client.get(
        reverse("outils:diagnostic_comparer", kwargs={"pk": org.pk}),
        {"avant": avant.pk, "apres": avant.pk},
    )
    assert "Choisissez deux diagnostics différents" in meme.content.decode()


def _repondre(avis, niveau, commentaire=""):
    for c in Critere.objects.filter(theme__referentiel=avis.diagnostic.referentiel)[:3]:
        services.reponse_enregistrer(avis=avis, critere=c, niveau=niveau, commentaire=commentaire)
    services.avis_envoyer(avis=avis)


def test_members_asked_for_their_view_get_an_email_and_answer_on_their_own(
    client, org, pilote, django_capture_on_commit_callbacks
):
    membre = UserFactory(membre_de=org)
    diagnostic = DiagnosticFactory(organisation=org, niveaux=4)
    client.force_login(pilote)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _url("outils:avis_demander", diagnostic),
            {"personnes": [membre.pk], "message": "Merci de ton regard"},
        )
    assert response.status_code == 302
    (avis,) = diagnostic.avis.all()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [membre.email]
    assert f"/espace/{org.pk}/avis/{avis.pk}/" in mail.outbox[0].body
    # The pilot cannot open the member's own answers.
    assert (
        client.get(
            reverse("outils:avis_remplir", kwargs={"pk": org.pk, "avis_pk": avis.pk})
        ).status_code
        == 404
    )

    client.force_login(membre)
    page = client.get(reverse("outils:avis_remplir", kwargs={"pk": org.pk, "avis_pk": avis.pk}))
    assert page.status_code == 200
    # A blank sheet: the pilot's answers (all 4) are not shown to the member.
    assert 'value="4" checked' not in page.content.decode()
    critere = Critere.objects.filter(theme__referentiel=diagnostic.referentiel).first()
    response = client.post(
        reverse(
            "outils:avis_reponse_enregistrer",
            kwargs={"pk": org.pk, "avis_pk": avis.pk, "critere_pk": critere.pk},
        ),
        {f"c{critere.pk}-niveau": "2", f"c{critere.pk}-commentaire": "Vu d'ici, c'est 2"},
        headers={"HX-Request": "true"},
    )
    assert response["X-Outils-Enregistre"] == "1"
    assert ReponseAvis.objects.get(avis=avis).niveau == 2
    client.post(reverse("outils:avis_envoyer", kwargs={"pk": org.pk, "avis_pk": avis.pk}))
    avis.refresh_from_db()
    assert avis.est_envoye
    with pytest.raises(Exception, match="déjà été envoyé"):
        services.reponse_enregistrer(avis=avis, critere=critere, niveau=3, commentaire="")


def test_the_spread_names_answers_up_to_two_members(client, org, pilote):
    diagnostic = DiagnosticFactory(organisation=org, niveaux=3)
    a, b = (
        UserFactory(membre_de=org, first_name="Alice"),
        UserFactory(membre_de=org, first_name="Bruno"),
    )
    avis = services.avis_demander(diagnostic=diagnostic, personnes=[a, b], demande_par=pilote)
    _repondre(avis[0], 1, "Trop peu")
    _repondre(avis[1], 4)
    repondants, ecarts = analyse.ecarts(diagnostic)
    assert repondants == 2
    ecart = next(iter(ecarts.values()))
    assert not ecart.anonyme and {n for n, _, _ in ecart.nominatives} == {str(a), str(b)}
    client.force_login(pilote)
    contenu = client.get(_url("outils:diagnostic", diagnostic)).content.decode()
    assert str(a) in contenu and "Trop peu" in contenu


def test_the_spread_is_anonymous_beyond_two_members(client, org, pilote):
    diagnostic = DiagnosticFactory(organisation=org, niveaux=3)
    membres = [UserFactory(membre_de=org, last_name=f"Membre{i}") for i in range(3)]
    avis = services.avis_demander(diagnostic=diagnostic, personnes=membres, demande_par=pilote)
    for a, niveau in zip(avis, (1, 2, 2), strict=True):
        _repondre(a, niveau, f"Avis niveau {niveau}")
    repondants, ecarts = analyse.ecarts(diagnostic)
    ecart = next(iter(ecarts.values()))
    assert repondants == 3 and ecart.anonyme and ecart.nominatives == []
    assert ecart.repartition == {1: 1, 2: 2, 3: 0, 4: 0}
    assert (ecart.minimum, ecart.maximum, ecart.moyenne) == (1, 2, 1.7)
    client.force_login(pilote)
    contenu = client.get(_url("outils:diagnostic", diagnostic)).content.decode()
    assert "présentées sans nom" in contenu and "Avis niveau 1" in contenu
    answers_block = contenu[contenu.index("Détail par thème") :]
    assert all(m.last_name not in answers_block for m in membres)
    # A plain member sees no spread at all.
    client.force_login(membres[0])
    assert "Avis niveau 2" not in client.get(_url("outils:diagnostic", diagnostic)).content.decode()


def test_only_an_unfinished_diagnostic_can_be_deleted(client, org, pilote):
    diagnostic = DiagnosticFactory(organisation=org, niveaux=3)
    services.diagnostic_terminer(diagnostic=diagnostic, auteur=pilote)
    client.force_login(pilote)
    client.post(_url("outils:diagnostic_supprimer", diagnostic))
    assert Diagnostic.objects.filter(pk=diagnostic.pk).exists()
    brouillon = DiagnosticFactory(organisation=org, niveaux=2)
    client.post(_url("outils:diagnostic_supprimer", brouillon))
    assert not Diagnostic.objects.filter(pk=brouillon.pk).exists()
    assert Diagnostic.history.filter(id=brouillon.pk, history_type="-").exists()
