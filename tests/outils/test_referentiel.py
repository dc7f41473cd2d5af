import pytest
from django.contrib.admin.sites import site
from django.core.management import call_command
from django.test import RequestFactory

from outils import analyse, services
from outils import referentiel as chargement
from outils.admin import CritereAdmin, ReferentielAdmin
from outils.enums import StatutReferentiel
from outils.models import Critere, Diagnostic, Evaluation, NiveauEchelle, Referentiel, Theme
from tests.factories import OrganisationFactory, UserFactory
from tests.outils.factories import DiagnosticFactory

pytestmark = pytest.mark.django_db


def test_a_fresh_database_has_the_published_default_referential():
    ref = Referentiel.objects.courant()
    assert ref is not None and ref.version == 1 and ref.statut == StatutReferentiel.PUBLIE
    assert Theme.objects.filter(referentiel=ref).count() == 11
    assert Critere.objects.filter(theme__referentiel=ref).count() == 45
    assert list(NiveauEchelle.objects.filter(referentiel=ref).values_list("niveau", flat=True)) == [
        1,
        2,
        3,
        4,
    ]
    critere = Critere.objects.filter(theme__referentiel=ref).first()
    assert all(critere.description_niveau(n) for n in (1, 2, 3, 4))


def test_loading_twice_changes_nothing(capsys):
    avant = Critere.objects.count()
    ref, cree = chargement.charger()
    assert not cree
    call_command("charger_referentiel")
    assert "déjà présent" in capsys.readouterr().out
    assert Critere.objects.count() == avant
    assert Referentiel.objects.filter(code=ref.code).count() == 1


def test_a_malformed_file_is_refused_before_writing_anything(tmp_path):
    fichier = tmp_path / "ref.yaml"
    fichier.write_text(
        "code: X\nversion: 1\ntitre: T\nechelle: [{niveau: 1, libelle: a}]\nthemes: []\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError):
        chargement.charger(chemin=fichier)
    assert not Referentiel.objects.filter(code="X").exists()


def test_a_version_change_leaves_old_diagnostics_intact():
    organisation = OrganisationFactory()
    pilote = UserFactory(pilote_de=organisation)
    v1 = Referentiel.objects.courant()
    ancien = DiagnosticFactory(organisation=organisation, niveaux=lambda i, c: 1 + i % 4)
    services.diagnostic_terminer(diagnostic=ancien, auteur=pilote)
    scores_avant = [t.score for t in analyse.resultats(ancien).themes]
    intitules_avant = list(
        Evaluation.objects.filter(diagnostic=ancien)
        .order_by("critere_id")
        .values_list("critere__intitule", flat=True)
    )

    v2 = services.referentiel_nouvelle_version(referentiel=v1)
    assert v2.version == 2 and v2.statut == StatutReferentiel.BROUILLON
    assert Referentiel.objects.courant() == v1  # a draft is not used yet
    # The team reworks the new version: renames a criterion, drops a theme, adds one.
    critere = Critere.objects.filter(theme__referentiel=v2).first()
    critere.intitule = "Intitulé revu en version 2"
    critere.save()
    Theme.objects.filter(referentiel=v2, code="transmission-competences").delete()
    nouveau = Theme.objects.create(referentiel=v2, code="numerique", titre="Numérique", ordre=12)
    Critere.objects.create(
        theme=nouveau,
        code="numerique-1",
        intitule="Les outils numériques sont choisis avec l'équipe",
        niveau_1="a",
        niveau_2="b",
        niveau_3="c",
        niveau_4="d",
    )
    services.referentiel_publier(referentiel=v2)
    assert Referentiel.objects.courant() == v2

    ancien.refresh_from_db()
    assert ancien.referentiel == v1
    assert [t.score for t in analyse.resultats(ancien).themes] == scores_avant
    assert (
        list(
            Evaluation.objects.filter(diagnostic=ancien)
            .order_by("critere_id")
            .values_list("critere__intitule", flat=True)
        )
        == intitules_avant
    )
    assert Critere.objects.filter(theme__referentiel=v1).count() == 45

    recent = services.diagnostic_creer(organisation=organisation, auteur=pilote)
    assert recent.referentiel == v2
    themes = [t.theme.code for t in analyse.resultats(recent).themes]
    assert "numerique" in themes and "transmission-competences" not in themes


def test_a_version_used_by_a_diagnostic_is_frozen_in_the_admin():
    admin_user = UserFactory(is_staff=True, is_superuser=True)
    request = RequestFactory().get("/")
    request.user = admin_user
    v1 = Referentiel.objects.courant()
    critere = Critere.objects.filter(theme__referentiel=v1).first()
    critere_admin = CritereAdmin(Critere, site)
    referentiel_admin = ReferentielAdmin(Referentiel, site)
    assert critere_admin.has_change_permission(request, critere)
    assert "intitule" not in critere_admin.get_readonly_fields(request, critere)
    DiagnosticFactory(referentiel=v1)
    # The wording is frozen; only the recommendation tags stay editable.
    figes = critere_admin.get_readonly_fields(request, critere)
    assert {"intitule", "niveau_1", "theme", "code"} <= set(figes)
    assert not {"ressources", "lecons", "specialites"} & set(figes)
    assert not critere_admin.has_delete_permission(request, critere)
    assert not referentiel_admin.has_delete_permission(request, v1)
    assert "titre" in referentiel_admin.get_readonly_fields(request, v1)


def test_publishing_an_empty_version_is_refused():
    vide = Referentiel.objects.create(code="REF-RH", version=9, titre="Vide")
    with pytest.raises(Exception, match="sans critère"):
        services.referentiel_publier(referentiel=vide)
    assert Referentiel.objects.courant().version == 1


def test_a_bare_database_gets_the_referential_when_the_first_diagnostic_starts():
    Diagnostic.objects.all().delete()
    Referentiel.objects.all().delete()
    organisation = OrganisationFactory()
    diagnostic = services.diagnostic_creer(organisation=organisation, auteur=None)
    assert diagnostic.referentiel.themes.count() == 11


def test_referential_themes_are_linked_to_the_programme_hr_themes_by_name(monkeypatch):
    from accompagnateurs import suggestions
    from accompagnateurs.suggestions import besoins_organisation
    from outils.referentiel import lier_thematiques
    from tests.factories import ThematiqueFactory

    conditions = ThematiqueFactory(nom="Conditions de travail et qualité de vie au travail")
    competences = ThematiqueFactory(nom="Développement des compétences")
    ThematiqueFactory(nom="Transmission")
    assert lier_thematiques() == 2
    v1 = Referentiel.objects.courant()
    assert (
        Theme.objects.get(referentiel=v1, code="conditions-travail-sante").thematique == conditions
    )
    assert (
        Theme.objects.get(referentiel=v1, code="developpement-competences").thematique
        == competences
    )
    assert Theme.objects.get(referentiel=v1, code="transmission-competences").thematique is None
    assert lier_thematiques() == 0
    # The coach suggestions of the pool see the themes of the plan's open actions.
    organisation = OrganisationFactory()
    pilote = UserFactory(pilote_de=organisation)
    services.action_creer(
        organisation=organisation,
        auteur=pilote,
        titre="Plan de prévention",
        theme=Theme.objects.get(referentiel=v1, code="conditions-travail-sante"),
    )
    fermee = services.action_creer(
        organisation=organisation,
        auteur=pilote,
        titre="Plan de formation",
        theme=Theme.objects.get(referentiel=v1, code="developpement-competences"),
    )
    services.action_changer_statut(action=fermee, statut="faite", auteur=pilote)
    assert services.thematiques_du_plan(organisation) == {conditions.pk}
    monkeypatch.setattr(suggestions, "_plan_providers", [])
    suggestions.register_plan_amelioration_provider(services.thematiques_du_plan)
    assert conditions.pk in besoins_organisation(organisation)
