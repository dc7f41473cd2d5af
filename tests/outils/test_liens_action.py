"""The pilots' weekly e-mail of due actions and its buttons (signed, single-use links)."""

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from apes_rh import rappels, tasks
from apes_rh.models import PreferenceRappel
from outils import liens, services
from outils.digest import collecter_actions_pilotes
from outils.enums import ChangementLien, StatutAction
from outils.models import Action, LienAction
from parcours.enums import RoleMembre
from parcours.models import Membre
from tests.factories import OrganisationFactory, UserFactory
from tests.outils.factories import ActionFactory, PlanFactory

pytestmark = pytest.mark.django_db

AUJOURDHUI = dt.date(2024, 5, 6)  # a Monday


@pytest.fixture
def aujourdhui(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: AUJOURDHUI)
    return AUJOURDHUI


@pytest.fixture
def org():
    return OrganisationFactory(nom="Les Jardins solidaires")


@pytest.fixture
def pilote(org):
    return UserFactory(email="pilote@jardins.example", first_name="Awa", pilote_de=org)


def _action(org, jours, **kwargs):
    return ActionFactory(
        plan=PlanFactory(organisation=org), echeance=AUJOURDHUI + dt.timedelta(days=jours), **kwargs
    )


def _chemin(action, personne, changement=ChangementLien.FAITE, **kwargs) -> str:
    action = Action.objects.select_related("plan").get(pk=action.pk)
    url = liens.liens_creer(destinataire=personne, actions=[action], **kwargs)[action.pk]
    return urlsplit(url[changement]).path


# --------------------------------------------------------------------------- the digest


def test_each_pilot_gets_one_digest_of_due_actions_once_even_if_the_task_runs_twice(
    aujourdhui, org, pilote
):
    copilote = UserFactory(email="copilote@jardins.example")
    Membre.objects.create(
        personne=copilote, organisation=org, role=RoleMembre.COPILOTE, debut=dt.date(2023, 1, 1)
    )
    UserFactory(email="membre@jardins.example", membre_de=org)
    ancien = UserFactory(email="ancien@jardins.example", pilote_de=org)
    Membre.objects.filter(personne=ancien).update(fin=AUJOURDHUI - dt.timedelta(days=1))
    en_retard = _action(org, -3, titre="Mettre à jour le registre du personnel")
    _action(org, 7, titre="Préparer les entretiens annuels", statut=StatutAction.EN_COURS)
    _action(org, 8, titre="Trop tard pour cette semaine")
    _action(org, -1, titre="Déjà faite", statut=StatutAction.FAITE)
    _action(org, -1, titre="Abandonnée", statut=StatutAction.ABANDONNEE)
    ActionFactory(plan=PlanFactory(organisation=org), echeance=None, titre="Sans échéance")
    calme = OrganisationFactory(nom="Rien à signaler")
    UserFactory(email="pilote@calme.example", pilote_de=calme)
    _action(calme, 30)

    premier = tasks.digest_actions_pilotes()
    second = tasks.digest_actions_pilotes()

    assert premier["envoyes"] == 2 and second == {**premier, "envoyes": 0, "deja_envoyes": 2}
    assert sorted(m.to[0] for m in mail.outbox) == [
        "copilote@jardins.example",
        "pilote@jardins.example",
    ]
    message = next(m for m in mail.outbox if m.to == ["pilote@jardins.example"])
    assert "Les Jardins solidaires : 2 actions à échéance dont 1 en retard" in message.subject
    html = message.alternatives[0][0]
    for corps in (message.body, html):
        assert "Mettre à jour le registre du personnel" in corps
        assert "Préparer les entretiens annuels" in corps
        for absente in ("Trop tard", "Déjà faite", "Abandonnée", "Sans échéance"):
            assert absente not in corps
        assert len(re.findall(r"/courriel/action/[\w:-]+/", corps)) == 6
    assert "Fait" in html and "En cours" in html and "Reporter d'un mois" in html
    # Links exist only for the e-mails that left: 2 people × 2 actions × 3 buttons.
    assert LienAction.objects.count() == 12
    assert set(
        LienAction.objects.filter(action=en_retard).values_list("changement", flat=True)
    ) == {
        "faite",
        "en_cours",
        "reporter",
    }


def test_no_digest_when_nothing_is_due(aujourdhui, org, pilote):
    _action(org, 8)

    assert tasks.digest_actions_pilotes()["envoyes"] == 0
    assert mail.outbox == []


def test_a_pilot_who_opted_out_gets_no_digest_and_no_link(aujourdhui, org, pilote):
    _action(org, 1)
    PreferenceRappel.objects.create(personne=pilote, type=rappels.ACTIONS_PILOTES, recevoir=False)

    bilan = tasks.digest_actions_pilotes()

    assert bilan["refuses"] == 1 and mail.outbox == []
    assert not LienAction.objects.exists()


def test_the_kind_is_offered_to_pilots_on_their_preferences(org, pilote):
    assert rappels.ACTIONS_PILOTES in {t.code for t in rappels.types_pour(pilote)}


def test_collector_queries_do_not_grow_with_organisations(aujourdhui, django_assert_num_queries):
    def monde(n):
        for _ in range(n):
            organisation = OrganisationFactory()
            UserFactory(pilote_de=organisation)
            _action(organisation, 2)
            _action(organisation, -2)

    monde(1)
    with django_assert_num_queries(2):
        assert len(collecter_actions_pilotes(AUJOURDHUI)) == 1
    monde(4)
    with django_assert_num_queries(2):
        assert len(collecter_actions_pilotes(AUJOURDHUI)) == 5


# --------------------------------------------------------------------------- the links


def test_opening_a_link_changes_nothing_and_shows_a_confirmation_form(client, org, pilote):
    action = _action(org, 2, titre="Afficher le règlement intérieur")
    chemin = _chemin(action, pilote, ChangementLien.FAITE)

    reponse = client.get(chemin)

    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert "Afficher le règlement intérieur" in contenu
    assert '<button type="submit"' in contenu and 'method="post"' in contenu
    assert "noindex" in contenu and reponse["X-Robots-Tag"] == "noindex, nofollow"
    action.refresh_from_db()
    assert action.statut == StatutAction.A_FAIRE
    assert LienAction.objects.get(changement="faite").utilise_le is None


def test_confirming_applies_the_change_once_and_records_it_as_made_from_the_email(
    client, org, pilote
):
    action = _action(org, 2, titre="Afficher le règlement intérieur")
    chemin = _chemin(action, pilote, ChangementLien.FAITE)

    reponse = client.post(chemin)  # nobody logged in

    assert reponse.status_code == 200 and "C'est enregistré" in reponse.content.decode()
    action.refresh_from_db()
    assert action.statut == StatutAction.FAITE
    dernier = action.history.latest()
    assert dernier.history_user == pilote
    assert dernier.history_change_reason == liens.RAISON
    assert LienAction.objects.get(changement="faite").utilise_le is not None

    # The history and the timeline of the space say so.
    client.force_login(pilote)
    historique = client.get(reverse("outils:historique", kwargs={"pk": org.pk})).content.decode()
    assert "depuis l&#x27;e-mail du résumé hebdomadaire" in historique
    chronologie = client.get(reverse("outils:chronologie", kwargs={"pk": org.pk}))
    assert "depuis l&#x27;e-mail du résumé hebdomadaire" in chronologie.content.decode()


def test_a_used_link_cannot_be_replayed(client, org, pilote):
    action = _action(org, 2)
    chemin = _chemin(action, pilote, ChangementLien.FAITE)
    client.post(chemin)
    services.action_changer_statut(action=action, statut=StatutAction.EN_COURS, auteur=pilote)
    versions = action.history.count()

    for reponse in (client.post(chemin), client.get(chemin)):
        assert reponse.status_code == 410
        contenu = reponse.content.decode()
        assert "Ce lien a déjà servi le" in contenu and "est en cours" in contenu
        assert "Connectez-vous pour la modifier" in contenu
        assert reverse("outils:action", kwargs={"pk": org.pk, "action_pk": action.pk}) in contenu
    action.refresh_from_db()
    assert action.statut == StatutAction.EN_COURS and action.history.count() == versions


def test_two_concurrent_confirmations_apply_once(org, pilote):
    action = _action(org, 2)
    chemin = _chemin(action, pilote, ChangementLien.REPORTER)
    jeton = chemin.rstrip("/").rsplit("/", 1)[-1]
    premier, second = liens.lien_trouver(jeton), liens.lien_trouver(jeton)  # both read unused

    liens.lien_utiliser(lien=premier)
    with pytest.raises(liens.LienRefuse) as refus:
        liens.lien_utiliser(lien=second)

    assert refus.value.etat == liens.UTILISE
    action.refresh_from_db()
    assert action.echeance == AUJOURDHUI + dt.timedelta(days=2) + dt.timedelta(days=31)


def test_an_expired_link_explains_what_to_do(client, org, pilote):
    action = _action(org, 2)
    il_y_a = timezone.now() - liens.VALIDITE - dt.timedelta(minutes=1)
    chemin = _chemin(action, pilote, ChangementLien.EN_COURS, maintenant=il_y_a)

    for reponse in (client.get(chemin), client.post(chemin)):
        assert reponse.status_code == 410
        contenu = reponse.content.decode()
        assert "Ce lien a expiré" in contenu
        assert "connectez-vous" in contenu and "lundi prochain" in contenu
    action.refresh_from_db()
    assert action.statut == StatutAction.A_FAIRE


@pytest.mark.parametrize(
    ("echeance", "reportee"),
    [
        (dt.date(2025, 1, 31), dt.date(2025, 2, 28)),
        (dt.date(2024, 1, 31), dt.date(2024, 2, 29)),
        (dt.date(2024, 3, 31), dt.date(2024, 4, 30)),
        (dt.date(2024, 12, 15), dt.date(2025, 1, 15)),
    ],
)
def test_postponing_moves_the_due_date_by_one_calendar_month(
    client, org, pilote, echeance, reportee
):
    action = ActionFactory(plan=PlanFactory(organisation=org), echeance=echeance)
    chemin = _chemin(action, pilote, ChangementLien.REPORTER)

    apercu = client.get(chemin).content.decode()
    assert reportee.strftime("%d/%m/%Y") in apercu
    client.post(chemin)

    action.refresh_from_db()
    assert action.echeance == reportee and action.statut == StatutAction.A_FAIRE
    assert action.history.latest().history_change_reason == liens.RAISON


def test_a_made_up_or_tampered_link_is_not_found(client, org, pilote):
    chemin = _chemin(_action(org, 2), pilote)
    jeton = chemin.rstrip("/").rsplit("/", 1)[-1]
    valeur, signature = jeton.rsplit(":", 1)
    autre = "A" if valeur[0] != "A" else "B"

    for faux in (
        valeur,  # unsigned
        f"{autre}{valeur[1:]}:{signature}",  # token changed
        f"{valeur}:{signature[:-1]}{'x' if signature[-1] != 'x' else 'y'}",  # signature changed
        liens._signer().sign("jeton-inconnu"),  # well signed, never issued
    ):
        url = reverse("outils:lien_action", kwargs={"jeton": faux})
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
    assert not LienAction.objects.filter(utilise_le__isnull=False).exists()


def test_a_former_pilots_link_is_refused(client, org, pilote):
    action = _action(org, 2)
    chemin = _chemin(action, pilote, ChangementLien.FAITE)
    Membre.objects.filter(personne=pilote).update(fin=timezone.localdate() - dt.timedelta(days=1))

    for reponse in (client.get(chemin), client.post(chemin)):
        assert reponse.status_code == 403
        assert "plus pilote" in reponse.content.decode()
    action.refresh_from_db()
    assert action.statut == StatutAction.A_FAIRE


def test_a_link_to_a_deleted_action_explains_it(client, org, pilote):
    action = _action(org, 2, titre="Action retirée du plan")
    chemin = _chemin(action, pilote)
    services.action_supprimer(action=action, auteur=pilote)

    reponse = client.post(chemin)

    assert reponse.status_code == 410
    assert "Action retirée du plan" in reponse.content.decode()
    assert "a été retirée du schéma" in reponse.content.decode()


def test_nothing_to_change_shows_no_button(client, org, pilote):
    action = _action(org, 2, statut=StatutAction.EN_COURS)
    chemin = _chemin(action, pilote, ChangementLien.EN_COURS)

    contenu = client.get(chemin).content.decode()

    assert "Rien à changer" in contenu and '<button type="submit"' not in contenu


def test_tokens_are_unguessable_only_their_digest_is_stored_and_robots_stay_out(
    client, org, pilote
):
    chemin = _chemin(_action(org, 2), pilote)
    jeton = chemin.rstrip("/").rsplit("/", 1)[-1]
    valeur = jeton.rsplit(":", 1)[0]

    assert len(valeur) >= 43  # 32 random bytes, base64
    assert not LienAction.objects.filter(empreinte__contains=valeur).exists()
    assert "Disallow: /courriel/" in client.get("/robots.txt").content.decode()
