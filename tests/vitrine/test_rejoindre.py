""" "Rejoindre la démarche": the request reaches the team's queue and is acknowledged;
spam is kept out without any third-party service."""

import time
from unittest import mock

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from outils.vitrine import limites
from outils.vitrine.forms import jeton_formulaire
from outils.vitrine.models import DemandeAdhesion
from parcours.models import Membre, Organisation
from tests.factories import TerritoireFactory, ThematiqueFactory, UserFactory
from tests.vitrine.conftest import texte
from tests.vitrine.factories import DemandeFactory

pytestmark = pytest.mark.django_db


def jeton_ancien(secondes=30):
    """A form token as if the page had been displayed `secondes` ago."""
    with mock.patch("django.core.signing.time.time", return_value=time.time() - secondes):
        return jeton_formulaire()


def donnees(**kwargs):
    territoire = TerritoireFactory(code="MEL", nom="Métropole Européenne de Lille")
    return {
        "organisation_nom": "Les Ateliers du Vieux-Lille",
        "type_structure": "association",
        "effectif": "3-10",
        "territoire": territoire.pk,
        "commune": "Lille",
        "contact_prenom": "Sarah",
        "contact_nom": "Benali",
        "contact_fonction": "coordinatrice",
        "contact_email": "Sarah.Benali@Ateliers.example",
        "contact_telephone": "",
        "besoins": "Structurer nos recrutements.",
        "connu_par": "",
        "consentement": "on",
        "site_internet": "",
        "jeton": jeton_ancien(),
        **kwargs,
    }


def test_a_request_reaches_the_queue_and_is_acknowledged(
    client, django_capture_on_commit_callbacks
):
    thematique = ThematiqueFactory(nom="Recrutement et intégration")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("vitrine:rejoindre"), donnees(thematiques=[thematique.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("vitrine:rejoindre_merci")
    demande = DemandeAdhesion.objects.get()
    assert demande.statut == "nouvelle"
    assert demande.contact_email == "sarah.benali@ateliers.example"
    assert list(demande.thematiques.all()) == [thematique]
    assert demande.accuse_envoye_le is not None
    accuse, equipe = sorted(mail.outbox, key=lambda m: m.to != [demande.contact_email])
    assert accuse.to == ["sarah.benali@ateliers.example"]
    assert "Nous avons bien reçu votre demande" in accuse.subject
    assert "Les Ateliers du Vieux-Lille" in accuse.body
    assert accuse.reply_to == [settings.EQUIPE_EMAIL]
    assert equipe.to == [settings.EQUIPE_EMAIL]
    assert reverse("vitrine:demande", kwargs={"pk": demande.pk}) in equipe.body
    assert equipe.reply_to == [demande.contact_email]


def test_the_acknowledgement_is_sent_once_even_if_the_task_runs_twice():
    from outils.vitrine.tasks import demande_notifier

    demande = DemandeFactory()
    demande_notifier(demande.pk)
    demande_notifier(demande.pk)
    assert len(mail.outbox) == 2  # one acknowledgement, one alert to the team


def test_missing_fields_get_french_messages_and_nothing_is_written(client):
    response = client.post(
        reverse("vitrine:rejoindre"),
        donnees(organisation_nom="", contact_email="pas-une-adresse", besoins="", consentement=""),
    )
    assert response.status_code == 400
    erreurs = response.context["form"].errors
    assert erreurs["organisation_nom"] == ["Indiquez le nom de votre structure."]
    assert erreurs["contact_email"] == ["Cette adresse e-mail n'est pas valide."]
    assert erreurs["besoins"] == ["Décrivez en quelques mots vos besoins."]
    assert erreurs["consentement"] == ["Cochez cette case pour que nous puissions vous répondre."]
    assert "Indiquez le nom de votre structure." in response.content.decode()
    assert not DemandeAdhesion.objects.exists()
    assert not mail.outbox


def test_a_filled_honeypot_looks_accepted_but_keeps_nothing(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("vitrine:rejoindre"), donnees(site_internet="http://spam.example")
        )
    assert response.status_code == 302
    assert response["Location"] == reverse("vitrine:rejoindre_merci")
    assert not DemandeAdhesion.objects.exists()
    assert not mail.outbox


def test_a_form_sent_within_seconds_of_display_is_refused(client):
    response = client.post(reverse("vitrine:rejoindre"), donnees(jeton=jeton_formulaire()))
    assert response.status_code == 400
    assert "envoyé trop vite" in response.content.decode()
    assert not DemandeAdhesion.objects.exists()


def test_a_forged_or_stale_token_is_refused(client):
    response = client.post(reverse("vitrine:rejoindre"), donnees(jeton="rejoindre:faux:jeton"))
    assert "n'a pas pu être vérifié" in texte(response)
    response = client.post(reverse("vitrine:rejoindre"), donnees(jeton=jeton_ancien(3 * 86400)))
    assert "restée ouverte trop longtemps" in texte(response)
    assert not DemandeAdhesion.objects.exists()


def test_requests_from_one_address_are_rate_limited(client):
    for i in range(limites.ENVOIS[1]):
        response = client.post(reverse("vitrine:rejoindre"), donnees(organisation_nom=f"S{i}"))
        assert response.status_code == 302
    response = client.post(reverse("vitrine:rejoindre"), donnees(organisation_nom="Une de trop"))
    assert response.status_code == 429
    assert "Trop de demandes" in response.content.decode()
    assert DemandeAdhesion.objects.count() == limites.ENVOIS[1]
    # Another address is not affected.
    autre = client.post(
        reverse("vitrine:rejoindre"),
        donnees(organisation_nom="Autre"),
        REMOTE_ADDR="203.0.113.9",
    )
    assert autre.status_code == 302


def test_repeated_invalid_submissions_are_rate_limited_too(client):
    for _ in range(limites.ESSAIS[1]):
        client.post(reverse("vitrine:rejoindre"), donnees(besoins=""))
    response = client.post(reverse("vitrine:rejoindre"), donnees())
    assert response.status_code == 429
    assert not DemandeAdhesion.objects.exists()


def test_the_form_works_without_javascript_and_labels_every_field(client):
    html = client.get(reverse("vitrine:rejoindre")).content.decode()
    for champ in ("organisation_nom", "contact_email", "besoins", "territoire", "site_internet"):
        assert f'for="id_{champ}"' in html
    assert 'type="submit"' in html
    assert 'name="jeton"' in html


# ------------------------------------------------------------------ the team's queue


def test_the_queue_lists_open_requests_and_filters(client):
    DemandeFactory(organisation_nom="Nouvelle structure")
    DemandeFactory(organisation_nom="Structure classée", statut="classee")
    client.force_login(UserFactory(chargee=True))
    html = client.get(reverse("vitrine:demandes")).content.decode()
    assert "Nouvelle structure" in html and "Structure classée" not in html
    html = client.get(reverse("vitrine:demandes"), {"statut": "classee"}).content.decode()
    assert "Structure classée" in html and "Nouvelle structure" not in html


def test_the_team_follows_up_a_request(client):
    chargee = UserFactory(chargee=True)
    demande = DemandeFactory()
    client.force_login(chargee)
    response = client.post(
        reverse("vitrine:demande", kwargs={"pk": demande.pk}),
        {"statut": "en_cours", "note_interne": "Appel prévu mardi."},
    )
    assert response.status_code == 302
    demande.refresh_from_db()
    assert (demande.statut, demande.note_interne, demande.traitee_par) == (
        "en_cours",
        "Appel prévu mardi.",
        chargee,
    )


def test_welcoming_a_request_creates_the_organisation_and_invites_its_pilot(
    client, django_capture_on_commit_callbacks
):
    territoire = TerritoireFactory(code="CAVM")
    demande = DemandeFactory(
        organisation_nom="Coopérative Terre d'Escaut", contact_email="j@t.example"
    )
    client.force_login(UserFactory(chargee=True))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("vitrine:demande_accueillir", kwargs={"pk": demande.pk}),
            {"territoire": territoire.pk, "message": "Bienvenue !"},
        )
    assert response.status_code == 302
    demande.refresh_from_db()
    organisation = Organisation.objects.get(nom="Coopérative Terre d'Escaut")
    assert demande.organisation == organisation and demande.statut == "acceptee"
    membre = Membre.objects.get(organisation=organisation)
    assert membre.role == "pilote" and membre.personne.email == "j@t.example"
    assert [m.to for m in mail.outbox] == [["j@t.example"]]


def test_welcoming_without_a_territory_says_so_in_french(client):
    demande = DemandeFactory()
    client.force_login(UserFactory(chargee=True))
    response = client.post(reverse("vitrine:demande_accueillir", kwargs={"pk": demande.pk}), {})
    assert response.status_code == 400
    assert "Choisissez le territoire de l'organisation." in texte(response)
    assert not Organisation.objects.exists()


def test_the_queue_queries_do_not_grow_with_the_requests(client, nb_requetes):
    client.force_login(UserFactory(chargee=True))
    territoire = TerritoireFactory(code="MEL")
    for _ in range(3):
        DemandeFactory(territoire=territoire, traitee_par=UserFactory())
    petit = nb_requetes(lambda: client.get(reverse("vitrine:demandes")))
    for _ in range(30):
        DemandeFactory(territoire=territoire, traitee_par=UserFactory())
    assert nb_requetes(lambda: client.get(reverse("vitrine:demandes"))) == petit


def test_closed_requests_are_purged_after_the_announced_delay(capsys):
    import datetime

    from django.core.management import call_command
    from django.utils import timezone

    ancienne = DemandeFactory(statut="classee")
    recente = DemandeFactory(statut="classee")
    ouverte = DemandeFactory()
    il_y_a_3_ans = timezone.now() - datetime.timedelta(days=3 * 365)
    DemandeAdhesion.objects.filter(pk__in=[ancienne.pk, ouverte.pk]).update(
        modifiee_le=il_y_a_3_ans
    )
    call_command("vitrine_purger_demandes")
    assert "1 demande(s)" in capsys.readouterr().out
    assert DemandeAdhesion.objects.count() == 3
    call_command("vitrine_purger_demandes", "--confirmer")
    assert set(DemandeAdhesion.objects.values_list("pk", flat=True)) == {recente.pk, ouverte.pk}
