"""Recommendations of the diagnostic: from the weakest criteria's tags, dismissed or turned
into an action once, members-only resources kept for those who may see them, and MOOC
completion shown on the action."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apes_rh.cache import donnees_modifiees
from outils import recommandations as service
from outils import services
from outils.enums import StatutDiagnostic, TypeSuggestion
from outils.etiquettes import etiqueter_criteres
from outils.models import Action, Axe, Critere, SuggestionTraitee
from outils.vitrine.models import EpingleRessource, Progression
from parcours.models import Inscription
from tests.accompagnateurs.factories import AccompagnateurFactory, SpecialiteFactory
from tests.factories import OrganisationFactory, ThematiqueFactory, UserFactory
from tests.outils.factories import DiagnosticFactory
from tests.parcours.factories import SeanceFactory, dans
from tests.vitrine.factories import (
    LeconFactory,
    ModuleFactory,
    RessourceFactory,
    ThemeVitrineFactory,
)

pytestmark = pytest.mark.django_db


def _niveaux(i, critere):
    return {0: 4, 1: 1, 2: 2}.get(i, 3)  # criterion 1 at 1, criterion 2 at 2, the rest fine


class Situation:
    def __init__(self):
        self.org = OrganisationFactory()
        self.pilote = UserFactory(pilote_de=self.org)
        self.membre = UserFactory(membre_de=self.org)
        self.diag = DiagnosticFactory(organisation=self.org, niveaux=_niveaux)
        self.diag.statut = StatutDiagnostic.TERMINE
        self.diag.termine_le = timezone.now()
        self.diag.save()
        criteres = list(
            Critere.objects.filter(theme__referentiel=self.diag.referentiel)
            .select_related("theme")
            .order_by("theme__ordre", "ordre")
        )
        self.fort, self.faible, self.moyen = criteres[0], criteres[1], criteres[2]
        self.thematique = ThematiqueFactory()
        self.faible.theme.thematique = self.thematique
        self.faible.theme.save()
        self.r_public = RessourceFactory(titre="Guide public")
        self.r_membres = RessourceFactory(titre="Fiche réservée", membres=True)
        self.r_brouillon = RessourceFactory(titre="Brouillon", brouillon=True)
        self.faible.ressources.add(self.r_public, self.r_membres, self.r_brouillon)
        self.fort.ressources.add(RessourceFactory(titre="Pour un critère fort"))
        self.lecon = LeconFactory(titre="Leçon utile", module=ModuleFactory())
        self.faible.lecons.add(self.lecon)
        self.specialite = SpecialiteFactory(nom="Gestion des conflits")
        self.faible.specialites.add(self.specialite)
        self.coach = AccompagnateurFactory(specialites=[self.specialite], structure="Cabinet A")
        self.coach_sorti = AccompagnateurFactory(specialites=[self.specialite], sorti=True)
        self.seance = SeanceFactory(titre="Atelier ouvert", regionale=True, publique=True)
        self.seance_passee = SeanceFactory(
            titre="Atelier passé", regionale=True, publique=True, date=dans(-3)
        )
        self.seance_annulee = SeanceFactory(
            titre="Atelier annulé", regionale=True, publique=True, annulee=True
        )
        self.seance_fermee = SeanceFactory(titre="Séance d'un autre parcours")
        for s in (self.seance, self.seance_passee, self.seance_annulee, self.seance_fermee):
            s.thematiques.add(self.thematique)

    def url(self, nom, **kwargs):
        return reverse(f"outils:{nom}", kwargs={"pk": self.org.pk, **kwargs})

    def url_suggestion(self, nom, type, objet, critere=None):
        critere = critere or self.faible
        return self.url(nom, critere_pk=critere.pk, type=type, objet_pk=objet.pk)


@pytest.fixture
def s():
    return Situation()


def _titres(critere_recommande):
    return {(x.type, x.titre) for x in critere_recommande.suggestions}


def test_suggestions_come_from_the_weakest_criteria_and_their_tags(s):
    recos = service.recommandations(s.org, s.pilote)
    assert recos.diagnostic == s.diag
    # level ≤ 2 only, the lowest first
    assert [(c.critere, c.niveau) for c in recos.criteres] == [(s.faible, 1), (s.moyen, 2)]
    assert _titres(recos.criteres[0]) == {
        (TypeSuggestion.RESSOURCE, "Guide public"),
        (TypeSuggestion.RESSOURCE, "Fiche réservée"),
        (TypeSuggestion.LECON, "Leçon utile"),
        (TypeSuggestion.SEANCE, "Atelier ouvert"),
        (TypeSuggestion.ACCOMPAGNATEUR, str(s.coach.user)),
    }
    # the other weak criterion has no tag: only its theme's sessions (same theme here)
    assert _titres(recos.criteres[1]) == {(TypeSuggestion.SEANCE, "Atelier ouvert")}


def test_past_cancelled_and_closed_sessions_and_former_coaches_are_left_out(s):
    titres = {t for _, t in _titres(service.recommandations(s.org, s.pilote).criteres[0])}
    assert "Atelier ouvert" in titres
    assert not titres & {"Atelier passé", "Atelier annulé", "Séance d'un autre parcours"}
    assert str(s.coach_sorti.user) not in titres
    # The parcours' session is suggested once the organisation follows that parcours.
    Inscription.objects.create(parcours=s.seance_fermee.parcours, organisation=s.org)
    titres = {t for _, t in _titres(service.recommandations(s.org, s.pilote).criteres[0])}
    assert "Séance d'un autre parcours" in titres


def test_members_only_resources_are_hidden_from_people_who_may_not_see_them(s, client):
    visiteur = UserFactory()  # logged in, no role in the programme
    titres = {t for _, t in _titres(service.recommandations(s.org, visiteur).criteres[0])}
    assert "Guide public" in titres
    assert "Fiche réservée" not in titres
    assert "Brouillon" not in titres
    client.force_login(s.membre)
    page = client.get(s.url("recommandations")).content.decode()
    assert "Fiche réservée" in page and "réservée aux membres" in page
    assert "Brouillon" not in page
    assert "En faire une action" not in page  # members read, pilots act


def test_a_dismissed_suggestion_disappears_and_can_be_restored(s, client):
    client.force_login(s.pilote)
    url = s.url_suggestion("suggestion_ecarter", "ressource", s.r_public)
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 404  # no longer suggested
    traitee = SuggestionTraitee.objects.get()
    assert traitee.est_ecartee and traitee.titre == "Guide public"
    recos = service.recommandations(s.org, s.pilote)
    assert "Guide public" not in {t for _, t in _titres(recos.criteres[0])}
    assert recos.ecartees == [traitee]
    page = client.get(s.url("recommandations")).content.decode()
    assert "Suggestions écartées" in page and "Proposer à nouveau" in page

    reponse = client.post(
        s.url("suggestion_restaurer", traitee_pk=traitee.pk), headers={"HX-Request": "true"}
    )
    assert reponse.status_code == 200
    assert "Guide public" in reponse.content.decode()
    assert not SuggestionTraitee.objects.exists()
    # The space's history records both, under the pilot's name.
    assert list(
        SuggestionTraitee.history.order_by("history_id").values_list("history_type", "history_user")
    ) == [("+", s.pilote.pk), ("-", s.pilote.pk)]
    historique = client.get(s.url("historique")).content.decode()
    assert "Recommandation traitée" in historique


def test_one_click_makes_the_action_and_its_axis_exactly_once(s, client):
    client.force_login(s.pilote)
    url = s.url_suggestion("suggestion_action", "lecon", s.lecon)
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302  # a double click changes nothing
    action = Action.objects.get()
    assert action.lecon == s.lecon
    assert action.axe.critere == s.faible and action.theme == s.faible.theme
    assert "Leçon utile" in action.titre
    assert Axe.objects.count() == 1
    assert SuggestionTraitee.objects.get().action == action
    assert action.history.get().history_user == s.pilote
    recos = service.recommandations(s.org, s.pilote)
    assert (TypeSuggestion.LECON, "Leçon utile") not in _titres(recos.criteres[0])
    assert [t.action for t in recos.criteres[0].actions] == [action]

    # A resource goes into the same axis, pinned to its action.
    url = s.url_suggestion("suggestion_action", "ressource", s.r_public)
    reponse = client.post(url, headers={"HX-Request": "true"})
    assert reponse.status_code == 200 and "Déjà au schéma" in reponse.content.decode()
    seconde = Action.objects.exclude(pk=action.pk).get()
    assert seconde.axe == action.axe
    assert EpingleRessource.objects.get().action == seconde
    # Deleting the action brings the suggestion back.
    seconde.delete()
    recos = service.recommandations(s.org, s.pilote)
    assert (TypeSuggestion.RESSOURCE, "Guide public") in _titres(recos.criteres[0])


def test_a_session_becomes_an_action_due_on_its_date_in_the_theme_axis(s, client):
    axe = Axe.objects.create(
        plan=services.plan_obtenir(organisation=s.org), titre="RH", theme=s.faible.theme
    )
    client.force_login(s.pilote)
    client.post(s.url_suggestion("suggestion_action", "seance", s.seance))
    action = Action.objects.get()
    assert action.axe == axe and action.echeance == s.seance.date


def test_only_pilots_act_and_other_organisations_get_404(s, client):
    url = s.url_suggestion("suggestion_action", "lecon", s.lecon)
    client.force_login(s.membre)
    assert client.post(url).status_code == 403
    assert client.get(s.url("recommandations")).status_code == 200
    autre_pilote = UserFactory(pilote_de=OrganisationFactory())
    client.force_login(autre_pilote)
    assert client.get(s.url("recommandations")).status_code == 404
    assert client.post(url).status_code == 404
    assert not Action.objects.exists()
    # A suggestion the page does not make cannot be forced.
    client.force_login(s.pilote)
    assert (
        client.post(s.url_suggestion("suggestion_action", "ressource", s.r_brouillon)).status_code
        == 404
    )
    assert client.post(s.url_suggestion("suggestion_action", "inconnu", s.lecon)).status_code == 404


def test_mooc_completion_of_the_lesson_shows_on_the_action(s, client):
    client.force_login(s.pilote)
    client.post(s.url_suggestion("suggestion_action", "lecon", s.lecon))
    action = Action.objects.get()
    page = client.get(s.url("plan")).content.decode()
    assert "pas encore terminée" in page
    termine = timezone.make_aware(datetime.datetime(2026, 3, 12, 10, 0))
    Progression.objects.create(personne=s.membre, lecon=s.lecon, terminee_le=termine)
    Progression.objects.create(personne=UserFactory(), lecon=s.lecon, terminee_le=termine)
    Progression.objects.create(personne=s.pilote, lecon=s.lecon)  # started, not finished
    for url in (
        s.url("plan"),
        s.url("plan_tableau"),
        s.url("action", action_pk=action.pk),
    ):
        page = client.get(url).content.decode()
        assert "terminée par 1 membre" in page, url
        assert "12/03/2026" in page, url


def _grossir(s, n):
    """More of everything the page and the plan read."""
    debut = SuggestionTraitee.objects.count()
    for i in range(debut, debut + n):
        theme = s.faible.theme
        s.faible.ressources.add(RessourceFactory(), RessourceFactory(membres=True))
        s.moyen.ressources.add(RessourceFactory())
        s.faible.lecons.add(LeconFactory())
        sp = SpecialiteFactory()
        s.faible.specialites.add(sp)
        s.moyen.specialites.add(sp)
        AccompagnateurFactory(specialites=[sp, s.specialite])
        SeanceFactory(regionale=True, publique=True).thematiques.add(theme.thematique)
        SuggestionTraitee.objects.create(
            organisation=s.org, critere=s.faible, type="ressource", objet_id=10_000 + i, titre="x"
        )
        lecon = LeconFactory()
        action = services.action_creer(
            organisation=s.org, auteur=s.pilote, titre=f"Leçon {i}", lecon=lecon
        )
        Progression.objects.create(personne=s.membre, lecon=lecon, terminee_le=timezone.now())
        assert action.lecon_id


def _compter(client, url):
    donnees_modifiees()  # what the page costs when computed, not when served from the cache
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("page", ["recommandations", "plan", "plan_tableau"])
def test_pages_run_a_constant_number_of_queries(s, client, page):
    client.force_login(s.pilote)
    _grossir(s, 1)
    _compter(client, s.url(page))  # warm caches (content types, sessions)
    petit = _compter(client, s.url(page))
    _grossir(s, 4)
    assert _compter(client, s.url(page)) == petit
    assert petit <= 30


def test_seeding_tags_by_theme_is_idempotent_and_respects_the_team(s):
    theme = s.moyen.theme
    theme.thematique = ThematiqueFactory()
    theme.save()
    page = ThemeVitrineFactory(slug=theme.code, thematique=theme.thematique)
    module = ModuleFactory(theme=page)
    lecons = [LeconFactory(module=module, titre=f"Leçon {i}") for i in range(3)]
    ressource = RessourceFactory(thematiques=[theme.thematique])
    specialite = SpecialiteFactory()
    page.specialites.add(specialite)
    s.moyen.ressources.clear()
    ajoutes = etiqueter_criteres()
    assert ajoutes > 0
    assert ressource in s.moyen.ressources.all()
    assert set(s.moyen.lecons.all()) <= set(lecons) and s.moyen.lecons.count() == 2
    assert specialite in s.moyen.specialites.all()
    # The weak criterion's tags, set by the team, are left alone.
    assert list(s.faible.lecons.all()) == [s.lecon]
    assert etiqueter_criteres() == 0


def test_a_new_version_of_the_referential_keeps_the_tags(s):
    copie = services.referentiel_nouvelle_version(referentiel=s.diag.referentiel)
    faible = Critere.objects.get(theme__referentiel=copie, code=s.faible.code)
    assert set(faible.ressources.all()) == {s.r_public, s.r_membres, s.r_brouillon}
    assert list(faible.lecons.all()) == [s.lecon]
    assert list(faible.specialites.all()) == [s.specialite]


def test_the_space_and_the_diagnostic_lead_to_the_recommendations(s, client):
    client.force_login(s.membre)
    lien = s.url("recommandations")
    assert lien in client.get(s.url("espace")).content.decode()
    assert lien in client.get(s.url("diagnostic", diagnostic_pk=s.diag.pk)).content.decode()
