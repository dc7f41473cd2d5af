"""Co-développement: six steps, the client role, the client's action plan and its copy into
the organisation's improvement plan (outils.services.plan_ajouter_actions)."""

import datetime
import sys
import types

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse

from communautes import services
from communautes.enums import EtapeCodev
from communautes.models import ActionCodeveloppement, Codeveloppement, EtapeCodeveloppement
from parcours.enums import StatutParticipation as S
from tests.factories import OrganisationFactory, UserFactory

from .factories import ParticipationFactory, codev

pytestmark = pytest.mark.django_db


@pytest.fixture
def atelier():
    """A past co-dev: a facilitator, a client who pilots their organisation, a peer."""
    c = codev(passee=True)
    org = OrganisationFactory(nom="Maillage")
    client_ = UserFactory(pilote_de=org, first_name="Inès", last_name="Client")
    pair = UserFactory()
    facilitatrice = UserFactory()
    c.seance.animateurs.add(facilitatrice)
    ParticipationFactory(seance=c.seance, personne=client_, statut=S.PRESENT)
    ParticipationFactory(seance=c.seance, personne=pair, statut=S.PRESENT)
    return types.SimpleNamespace(
        codev=c, seance=c.seance, org=org, client=client_, pair=pair, facilitatrice=facilitatrice
    )


@pytest.fixture
def plan_outils(monkeypatch):
    """Stand-in for outils.services.plan_ajouter_actions (built in parallel)."""
    import importlib

    try:
        module = importlib.import_module("outils.services")
    except ImportError:
        module = types.ModuleType("outils.services")
        monkeypatch.setitem(sys.modules, "outils.services", module)
    appels = []

    def plan_ajouter_actions(*, organisation, actions, auteur, origine):
        appels.append(
            {"organisation": organisation, "actions": actions, "auteur": auteur, "origine": origine}
        )
        return [object() for _ in actions]

    monkeypatch.setattr(module, "plan_ajouter_actions", plan_ajouter_actions, raising=False)
    return appels


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_the_facilitator_records_the_client_and_the_six_steps(client, atelier):
    client.force_login(atelier.facilitatrice)
    donnees = {
        "client": atelier.client.pk,
        "organisation_client": atelier.org.pk,
        "problematique": "Réécrire les fiches de poste",
        **{f"etape_{e.value}": f"Contenu de l'étape {e.value}" for e in EtapeCodev},
    }
    response = client.post(reverse("communautes:codev", args=[atelier.seance.pk]), donnees)
    assert response.status_code == 302
    c = Codeveloppement.objects.get(pk=atelier.codev.pk)
    assert c.client == atelier.client and c.organisation_client == atelier.org
    assert list(c.etapes.values_list("etape", flat=True)) == [1, 2, 3, 4, 5, 6]
    page = client.get(reverse("communautes:seance", args=[atelier.seance.pk])).text
    for etape in EtapeCodev:
        assert etape.label.replace("'", "&#x27;") in page
    assert "Contenu de l&#x27;étape 6" in page


def test_saving_the_steps_again_only_rewrites_what_changed(atelier):
    services.codev_etapes_enregistrer(
        codev=atelier.codev, contenus={1: "Exposé", 2: "Questions"}, par=atelier.facilitatrice
    )
    avant = EtapeCodeveloppement.objects.get(codev=atelier.codev, etape=1).modifiee_le
    services.codev_etapes_enregistrer(
        codev=atelier.codev, contenus={1: "Exposé", 2: "Autres questions"}, par=atelier.pair
    )
    e1 = EtapeCodeveloppement.objects.get(codev=atelier.codev, etape=1)
    e2 = EtapeCodeveloppement.objects.get(codev=atelier.codev, etape=2)
    assert e1.modifiee_le == avant and e1.modifiee_par == atelier.facilitatrice
    assert e2.contenu == "Autres questions" and e2.modifiee_par == atelier.pair


def test_the_client_must_take_part_in_the_session(atelier):
    with pytest.raises(ValidationError) as exc:
        services.codev_client_designer(codev=atelier.codev, client=UserFactory(), organisation=None)
    assert "client" in exc.value.message_dict


def test_the_client_must_belong_to_the_organisation(client, atelier):
    client.force_login(atelier.facilitatrice)
    autre_org = OrganisationFactory()
    ParticipationFactory(seance=atelier.seance, personne=UserFactory(membre_de=autre_org))
    response = client.post(
        reverse("communautes:codev", args=[atelier.seance.pk]),
        {"client": atelier.client.pk, "organisation_client": autre_org.pk},
    )
    assert response.status_code == 200
    assert "pas membre de cette organisation" in response.text
    atelier.codev.refresh_from_db()
    assert atelier.codev.client is None


def test_participants_read_the_workshop_and_outsiders_do_not(client, atelier):
    services.codev_etapes_enregistrer(
        codev=atelier.codev, contenus={1: "EXPOSE-CONFIDENTIEL"}, par=atelier.facilitatrice
    )
    url = reverse("communautes:seance", args=[atelier.seance.pk])
    client.force_login(atelier.pair)
    assert "EXPOSE-CONFIDENTIEL" in client.get(url).text
    client.force_login(UserFactory())
    assert "EXPOSE-CONFIDENTIEL" not in client.get(url).text


def test_the_client_builds_their_action_plan_as_structured_items(client, atelier):
    atelier.codev.client = atelier.client
    atelier.codev.save()
    client.force_login(atelier.client)
    url = reverse("communautes:codev_action", args=[atelier.seance.pk])
    response = client.post(
        url,
        {
            "titre": "Co-écrire les fiches de poste",
            "description": "En binôme",
            "echeance": "2030-03-01",
            "priorite": 1,
        },
    )
    assert response.status_code == 302
    action = ActionCodeveloppement.objects.get()
    assert action.echeance == datetime.date(2030, 3, 1) and action.priorite == 1
    response = client.post(url, {"titre": "", "echeance": "pas une date", "priorite": 9})
    assert response.status_code == 200
    assert "Ce champ est obligatoire" in response.text
    assert "Saisissez une date valide" in response.text
    assert ActionCodeveloppement.objects.count() == 1
    # A peer reads the plan but does not write it.
    client.force_login(atelier.pair)
    assert client.post(url, {"titre": "Intrus", "priorite": 2}).status_code == 403


def test_copying_the_plan_calls_the_organisation_plan_service_once_per_action(
    client, atelier, plan_outils
):
    atelier.codev.client, atelier.codev.organisation_client = atelier.client, atelier.org
    atelier.codev.save()
    services.codev_action_ajouter(codev=atelier.codev, titre="Lister les activités", priorite=1)
    services.codev_action_ajouter(
        codev=atelier.codev, titre="Relire en équipe", echeance=datetime.date(2030, 1, 1)
    )
    client.force_login(atelier.client)
    url = reverse("communautes:codev_copier", args=[atelier.seance.pk])
    response = client.post(url)
    assert response.status_code == 302
    assert "2 actions copiées" in _messages(response)[0]
    [appel] = plan_outils
    assert appel["organisation"] == atelier.org and appel["auteur"] == atelier.client
    assert appel["origine"].startswith("Co-développement du")
    assert appel["actions"] == [
        {
            "titre": "Lister les activités",
            "description": "",
            "echeance": None,
            "priorite": 1,
            "responsable": atelier.client,
        },
        {
            "titre": "Relire en équipe",
            "description": "",
            "echeance": datetime.date(2030, 1, 1),
            "priorite": 2,
            "responsable": atelier.client,
        },
    ]
    assert not ActionCodeveloppement.objects.filter(copiee_le__isnull=True).exists()
    # Copying again sends nothing twice.
    response = client.post(url)
    assert "déjà été copiées" in _messages(response)[-1]
    assert len(plan_outils) == 1
    # A new action is copied alone.
    services.codev_action_ajouter(codev=atelier.codev, titre="Bilan à six mois")
    client.post(url)
    assert [a["titre"] for a in plan_outils[1]["actions"]] == ["Bilan à six mois"]


def test_a_rejected_copy_marks_nothing_as_copied(atelier, monkeypatch, plan_outils):
    import importlib

    module = importlib.import_module("outils.services")

    def refuse(**kwargs):
        raise ValidationError({"0.titre": "Titre trop long."})

    monkeypatch.setattr(module, "plan_ajouter_actions", refuse)
    atelier.codev.client, atelier.codev.organisation_client = atelier.client, atelier.org
    atelier.codev.save()
    services.codev_action_ajouter(codev=atelier.codev, titre="Action")
    with pytest.raises(ValidationError):
        services.codev_plan_copier(codev=atelier.codev, par=atelier.client)
    assert ActionCodeveloppement.objects.get().copiee_le is None


def test_without_the_plan_service_the_client_gets_a_clear_message(client, atelier, monkeypatch):
    """outils.services may not exist yet (built in parallel)."""
    monkeypatch.setitem(sys.modules, "outils.services", None)  # import fails
    atelier.codev.client, atelier.codev.organisation_client = atelier.client, atelier.org
    atelier.codev.save()
    services.codev_action_ajouter(codev=atelier.codev, titre="Action")
    client.force_login(atelier.client)
    response = client.post(reverse("communautes:codev_copier", args=[atelier.seance.pk]))
    assert response.status_code == 302
    [message] = _messages(response)
    assert "pas encore disponible" in message and "copier plus tard" in message
    assert ActionCodeveloppement.objects.get().copiee_le is None


def test_only_a_client_who_pilots_the_organisation_copies(client, atelier, plan_outils):
    membre_simple = UserFactory(membre_de=atelier.org)
    ParticipationFactory(seance=atelier.seance, personne=membre_simple, statut=S.PRESENT)
    atelier.codev.client, atelier.codev.organisation_client = membre_simple, atelier.org
    atelier.codev.save()
    services.codev_action_ajouter(codev=atelier.codev, titre="Action")
    url = reverse("communautes:codev_copier", args=[atelier.seance.pk])
    client.force_login(membre_simple)
    assert client.post(url).status_code == 403
    client.force_login(atelier.pair)
    assert client.post(url).status_code == 403
    client.force_login(UserFactory(chargee=True))
    assert client.post(url).status_code == 302
    assert len(plan_outils) == 1


def test_copying_into_the_real_improvement_plan(client, atelier):
    """With the organisations' space (outils) available, the actions land in the plan."""
    outils_models = pytest.importorskip("outils.models")
    atelier.codev.client, atelier.codev.organisation_client = atelier.client, atelier.org
    atelier.codev.save()
    services.codev_action_ajouter(
        codev=atelier.codev,
        titre="Co-écrire les fiches de poste",
        description="En binôme",
        echeance=datetime.date(2030, 3, 1),
        priorite=1,
    )
    client.force_login(atelier.client)
    client.post(reverse("communautes:codev_copier", args=[atelier.seance.pk]))
    action = outils_models.Action.objects.get(plan__organisation=atelier.org)
    assert (action.titre, action.description, action.echeance, action.priorite) == (
        "Co-écrire les fiches de poste",
        "En binôme",
        datetime.date(2030, 3, 1),
        1,
    )
    assert action.responsable == atelier.client and action.cree_par == atelier.client
    assert action.axe.titre.startswith("Co-développement du")
