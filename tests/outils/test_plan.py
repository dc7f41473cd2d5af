import csv
import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from outils import services
from outils.enums import PrioriteAction, StatutAction
from outils.models import Action, Axe, Theme
from tests.factories import OrganisationFactory, UserFactory
from tests.outils.factories import ActionFactory, AxeFactory, PlanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return OrganisationFactory(nom="Le Jardin partagé")


@pytest.fixture
def pilote(org):
    return UserFactory(pilote_de=org)


def _plan_url(nom, org, **kw):
    return reverse(nom, kwargs={"pk": org.pk, **kw})


def test_the_pilot_adds_a_free_axis_and_an_action_with_an_owner_from_the_members(
    client, org, pilote
):
    membre = UserFactory(membre_de=org)
    client.force_login(pilote)
    theme = Theme.objects.filter(referentiel__version=1).first()
    response = client.post(
        _plan_url("outils:axe_creer", org),
        {
            "titre": "Mieux accueillir",
            "description": "Un parcours d'intégration",
            "theme": theme.pk,
        },
    )
    axe = Axe.objects.get(plan__organisation=org)
    assert response.status_code == 302 and axe.history.first().history_user == pilote
    response = client.post(
        _plan_url("outils:action_creer", org),
        {
            "titre": "Écrire le livret d'accueil",
            "axe": axe.pk,
            "description": "Avec l'équipe",
            "responsable": membre.pk,
            "echeance": "2030-06-30",
            "priorite": PrioriteAction.HAUTE,
            "statut": StatutAction.EN_COURS,
            "theme": theme.pk,
            "ressources": "Guide de l'Apes sur l'intégration",
        },
    )
    action = Action.objects.get(plan__organisation=org)
    assert response["Location"] == _plan_url("outils:action", org, action_pk=action.pk)
    assert (action.axe, action.responsable, action.priorite, action.statut) == (
        axe,
        membre,
        PrioriteAction.HAUTE,
        StatutAction.EN_COURS,
    )
    assert action.echeance == datetime.date(2030, 6, 30) and action.cree_par == pilote


def test_the_owner_must_be_a_member_of_the_organisation(client, org, pilote):
    etranger = UserFactory(membre_de=OrganisationFactory())
    client.force_login(pilote)
    response = client.post(
        _plan_url("outils:action_creer", org),
        {"titre": "Action", "responsable": etranger.pk, "priorite": 2, "statut": "a_faire"},
    )
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert not Action.objects.exists()
    with pytest.raises(ValidationError) as exc:
        services.action_creer(organisation=org, auteur=pilote, titre="X", responsable=etranger)
    assert "membre de l'organisation" in str(exc.value)


def test_overdue_actions_are_flagged_in_the_list_and_the_board(client, org, pilote):
    hier = datetime.date.today() - datetime.timedelta(days=1)
    en_retard = ActionFactory(plan=PlanFactory(organisation=org), titre="Retard", echeance=hier)
    ActionFactory(plan=en_retard.plan, titre="Faite hier", echeance=hier, statut="faite")
    assert list(Action.objects.en_retard()) == [en_retard]
    client.force_login(pilote)
    liste = client.get(_plan_url("outils:plan", org)).content.decode()
    assert "1 en retard" in liste and liste.count('class="en-retard"') == 1
    filtree = client.get(_plan_url("outils:plan", org), {"en_retard": "on"}).content.decode()
    assert "Retard" in filtree and "Faite hier" not in filtree
    tableau = client.get(_plan_url("outils:plan_tableau", org)).content.decode()
    assert tableau.count("carte-action card mb-2 en-retard") == 1


def test_the_board_has_one_column_per_status_and_moves_a_card(client, org, pilote):
    plan = PlanFactory(organisation=org)
    action = ActionFactory(plan=plan, titre="À déplacer")
    client.force_login(pilote)
    contenu = client.get(_plan_url("outils:plan_tableau", org)).content.decode()
    for _, libelle in StatutAction.choices:
        assert libelle in contenu
    response = client.post(
        _plan_url("outils:action_statut", org, action_pk=action.pk),
        {"statut": "faite", "retour": "tableau"},
    )
    assert response["Location"] == _plan_url("outils:plan_tableau", org)
    action.refresh_from_db()
    assert action.statut == "faite" and action.terminee_le == datetime.date.today()


def test_the_history_shows_before_and_after_of_an_action_edit(client, org, pilote):
    membre = UserFactory(membre_de=org, first_name="Rania", last_name="Benali")
    action = services.action_creer(
        organisation=org, auteur=pilote, titre="Plan de formation", priorite=PrioriteAction.BASSE
    )
    client.force_login(pilote)
    response = client.post(
        _plan_url("outils:action_modifier", org, action_pk=action.pk),
        {
            "titre": "Plan de développement des compétences",
            "priorite": PrioriteAction.HAUTE,
            "statut": StatutAction.EN_COURS,
            "responsable": membre.pk,
        },
    )
    assert response.status_code == 302
    derniere = action.history.first()
    assert derniere.history_user == pilote and derniere.history_type == "~"
    for url in (
        _plan_url("outils:historique", org),
        _plan_url("outils:action", org, action_pk=action.pk),
    ):
        contenu = client.get(url).content.decode()
        assert '<td class="avant">Plan de formation</td>' in contenu
        assert '<td class="apres">Plan de développement des compétences</td>' in contenu
        assert (
            '<td class="avant">Basse</td>' in contenu and '<td class="apres">Haute</td>' in contenu
        )
        assert '<td class="avant">À faire</td>' in contenu
        assert '<td class="apres">En cours</td>' in contenu
        assert '<td class="apres">Rania Benali</td>' in contenu
        assert f"par {pilote}" in contenu


def test_a_deleted_action_stays_in_the_history_and_the_timeline(client, org, pilote):
    action = services.action_creer(organisation=org, auteur=pilote, titre="Éphémère")
    client.force_login(pilote)
    client.post(_plan_url("outils:action_supprimer", org, action_pk=action.pk))
    assert not Action.objects.exists()
    historique = client.get(_plan_url("outils:historique", org)).content.decode()
    assert "Suppression" in historique and "Éphémère" in historique
    chronologie = client.get(_plan_url("outils:chronologie", org)).content.decode()
    assert "Action supprimée : Éphémère" in chronologie


def test_another_app_copies_an_action_plan_into_the_organisation_plan(org, pilote):
    membre = UserFactory(membre_de=org)
    existant = AxeFactory(plan=PlanFactory(organisation=org), titre="Management")
    actions = services.plan_ajouter_actions(
        organisation=org,
        actions=[
            {"titre": "Instaurer un point hebdomadaire", "responsable": membre},
            {"titre": "Former la direction", "axe": "Management", "priorite": 1},
            {"titre": "Lire le guide", "echeance": datetime.date(2031, 1, 31)},
        ],
        auteur=pilote,
        origine="Atelier de co-développement du 12/03/2025",
    )
    assert len(actions) == 3
    premier, second, troisieme = actions
    assert premier.axe.titre == "Atelier de co-développement du 12/03/2025"
    assert troisieme.axe == premier.axe
    assert second.axe == existant
    assert all(a.origine == "Atelier de co-développement du 12/03/2025" for a in actions)
    assert all(a.history.first().history_user == pilote for a in actions)
    assert premier.responsable == membre


def test_copying_an_action_plan_is_all_or_nothing(org, pilote):
    etranger = UserFactory()
    with pytest.raises(ValidationError) as exc:
        services.plan_ajouter_actions(
            organisation=org,
            actions=[{"titre": "Bonne"}, {"titre": ""}, {"titre": "X", "responsable": etranger}],
            auteur=pilote,
            origine="Co-développement",
        )
    assert set(exc.value.message_dict) == {"1.titre", "2.responsable"}
    assert not Action.objects.exists() and not Axe.objects.exists()


def test_plan_exports_neutralise_formula_cells(client, org, pilote):
    plan = PlanFactory(organisation=org)
    ActionFactory(plan=plan, titre='=HYPERLINK("http://x","clic")', description="+33 6 00")
    ActionFactory(plan=plan, titre="@SUM(A1)", ressources="-2+3", axe__titre="Axe normal")
    client.force_login(pilote)
    reponse_csv = client.get(_plan_url("outils:export_plan_csv", org))
    assert reponse_csv["Content-Type"].startswith("text/csv")
    assert "attachment" in reponse_csv["Content-Disposition"]
    texte = b"".join(reponse_csv.streaming_content).decode("utf-8-sig")
    lignes = list(csv.reader(io.StringIO(texte), delimiter=";"))
    assert lignes[0][:2] == ["Axe", "Action"]
    cellules = [c for ligne in lignes[1:] for c in ligne]
    assert '\'=HYPERLINK("http://x","clic")' in cellules
    assert "'+33 6 00" in cellules and "'@SUM(A1)" in cellules and "'-2+3" in cellules
    assert not any(c.startswith(("=", "+", "-", "@")) for c in cellules)

    reponse_xlsx = client.get(_plan_url("outils:export_plan_xlsx", org))
    feuille = load_workbook(io.BytesIO(reponse_xlsx.content)).active
    valeurs = [c.value for ligne in feuille.iter_rows(min_row=2) for c in ligne if c.value]
    assert not any(str(v).startswith(("=", "+", "-", "@")) for v in valeurs)
    assert all(c.data_type != "f" for ligne in feuille.iter_rows() for c in ligne)
    assert '\'=HYPERLINK("http://x","clic")' in valeurs


def test_the_plan_list_is_paginated(client, org, pilote):
    plan = PlanFactory(organisation=org)
    axe = AxeFactory(plan=plan)
    for i in range(30):
        ActionFactory(plan=plan, axe=axe, titre=f"Action numéro {i:02d}")
    client.force_login(pilote)
    page1 = client.get(_plan_url("outils:plan", org)).content.decode()
    page2 = client.get(_plan_url("outils:plan", org), {"page": 2}).content.decode()
    assert "Page 1 sur 2" in page1 and "Page 2 sur 2" in page2
    assert page1.count("Action numéro") + page2.count("Action numéro") == 30


def test_removing_an_axis_keeps_its_actions(client, org, pilote):
    action = ActionFactory(plan=PlanFactory(organisation=org))
    client.force_login(pilote)
    client.post(_plan_url("outils:axe_supprimer", org, axe_pk=action.axe_id))
    action.refresh_from_db()
    assert action.axe is None and not Axe.objects.exists()


def test_comments_are_kept_and_only_their_author_or_a_pilot_deletes_them(client, org, pilote):
    equipe = UserFactory(chargee=True)
    action = ActionFactory(plan=PlanFactory(organisation=org))
    commentaire = services.commentaire_ajouter(action=action, auteur=pilote, texte="Fait pour moi")
    client.force_login(equipe)
    url = _plan_url("outils:commentaire_supprimer", org, commentaire_pk=commentaire.pk)
    assert client.post(url).status_code == 403
    client.post(_plan_url("outils:commentaire_ajouter", org, action_pk=action.pk), {"texte": ""})
    assert action.commentaires.count() == 1
    client.force_login(pilote)
    client.post(url)
    assert not action.commentaires.exists()
