"""Satisfaction questionnaire: sent once to attendees after the session, one reminder,
one answer per participant, only after the session, only by attendees; aggregates."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from apes_rh.models import Thematique
from communautes import services, tasks
from communautes.models import EnvoiQuestionnaire, Repondant, ReponseQuestionnaire
from communautes.statistiques import (
    satisfaction_par_communaute,
    satisfaction_par_thematique,
    satisfaction_seance,
    themes_suggeres,
)
from parcours.enums import StatutParticipation as S
from parcours.enums import TypeSeance
from tests.factories import UserFactory

from .factories import CommunauteFactory, ParticipationFactory, SeanceFactory

pytestmark = pytest.mark.django_db


def _presents(seance, n=2):
    return [
        ParticipationFactory(seance=seance, statut=S.PRESENT, personne=UserFactory()).personne
        for _ in range(n)
    ]


def _envoyer(django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        return services.questionnaires_envoyer(**kwargs)


def _relancer(django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        return services.questionnaires_relancer(**kwargs)


# --- Sending -------------------------------------------------------------------------------


def test_attendees_of_a_finished_session_receive_the_questionnaire_once(
    django_capture_on_commit_callbacks,
):
    seance = SeanceFactory(passee=True, titre="Recruter en 2021")
    presents = _presents(seance)
    ParticipationFactory(seance=seance, statut=S.INSCRIT)  # attendance not taken
    ParticipationFactory(seance=seance, statut=S.ABSENT)
    ParticipationFactory(seance=seance, statut=S.EXCUSE)
    assert _envoyer(django_capture_on_commit_callbacks) == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in presents)
    assert "Recruter en 2021" in mail.outbox[0].subject
    assert reverse("communautes:questionnaire", args=[seance.pk]) in mail.outbox[0].body
    # The task may run again (or be delivered twice by the broker): nothing is resent.
    assert _envoyer(django_capture_on_commit_callbacks) == 0
    assert len(mail.outbox) == 2
    assert EnvoiQuestionnaire.objects.filter(nature="envoi").count() == 2


def test_a_sending_already_recorded_is_not_sent_again(django_capture_on_commit_callbacks):
    """The unique key (session, person, kind) is written before the e-mail leaves."""
    seance = SeanceFactory(passee=True)
    [personne] = _presents(seance, 1)
    EnvoiQuestionnaire.objects.create(seance=seance, personne=personne, nature="envoi")
    assert _envoyer(django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []


def test_nothing_is_sent_before_the_end_of_the_session(django_capture_on_commit_callbacks):
    aujourd_hui = timezone.localdate()
    a_venir = SeanceFactory()
    _presents(a_venir)
    du_jour = SeanceFactory(
        date=aujourd_hui, heure_debut=datetime.time(9), heure_fin=datetime.time(12)
    )
    _presents(du_jour)
    matin = timezone.make_aware(datetime.datetime.combine(aujourd_hui, datetime.time(11, 0)))
    assert _envoyer(django_capture_on_commit_callbacks, maintenant=matin) == 0
    midi = timezone.make_aware(datetime.datetime.combine(aujourd_hui, datetime.time(12, 5)))
    assert _envoyer(django_capture_on_commit_callbacks, maintenant=midi) == 2


def test_cancelled_information_old_and_parcours_sessions_get_no_questionnaire(
    django_capture_on_commit_callbacks,
):
    _presents(SeanceFactory(passee=True, annulee=True))
    _presents(SeanceFactory(passee=True, type=TypeSeance.INFORMATION))
    _presents(SeanceFactory(date=timezone.localdate() - datetime.timedelta(days=60)))
    _presents(SeanceFactory(passee=True, communaute=None))
    assert _envoyer(django_capture_on_commit_callbacks) == 0


def test_one_reminder_to_those_who_did_not_answer(django_capture_on_commit_callbacks):
    seance = SeanceFactory(passee=True)
    repond, oublie = _presents(seance)
    _envoyer(django_capture_on_commit_callbacks)
    services.questionnaire_repondre(seance=seance, personne=repond, utilite=4)
    mail.outbox.clear()
    # Too early for the reminder.
    assert _relancer(django_capture_on_commit_callbacks) == 0
    plus_tard = timezone.now() + datetime.timedelta(days=5)
    assert _relancer(django_capture_on_commit_callbacks, maintenant=plus_tard) == 1
    assert [m.to for m in mail.outbox] == [[oublie.email]]
    assert mail.outbox[0].subject.startswith("[Démarche progrès RH] Rappel")
    # Sent once, whatever the number of runs.
    encore_plus_tard = plus_tard + datetime.timedelta(days=3)
    assert _relancer(django_capture_on_commit_callbacks, maintenant=encore_plus_tard) == 0
    assert len(mail.outbox) == 1


def test_the_celery_task_sends_and_reminds(django_capture_on_commit_callbacks):
    seance = SeanceFactory(passee=True)
    _presents(seance)
    with django_capture_on_commit_callbacks(execute=True):
        resultat = tasks.questionnaires.delay().get()
    assert resultat == {"envoyes": 2, "relances": 0}
    assert len(mail.outbox) == 2


# --- Answering -----------------------------------------------------------------------------


def test_an_attendee_answers_once_and_the_answer_is_stored_without_their_name(client):
    seance = SeanceFactory(passee=True)
    [personne] = _presents(seance, 1)
    theme = Thematique.objects.create(nom="Gouvernance")
    client.force_login(personne)
    url = reverse("communautes:questionnaire", args=[seance.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {"utilite": 5, "retenu": "Des outils concrets", "thematique_souhaitee": theme.pk},
    )
    assert response.status_code == 302
    reponse = ReponseQuestionnaire.objects.get()
    assert (reponse.utilite, reponse.retenu, reponse.thematique_souhaitee) == (
        5,
        "Des outils concrets",
        theme,
    )
    assert not hasattr(reponse, "personne")
    assert Repondant.objects.filter(seance=seance, personne=personne).exists()
    # Once only.
    assert "déjà répondu" in client.get(url).text
    client.post(url, {"utilite": 1})
    assert ReponseQuestionnaire.objects.count() == 1
    with pytest.raises(ValidationError, match="déjà répondu"):
        services.questionnaire_repondre(seance=seance, personne=personne, utilite=2)
    assert ReponseQuestionnaire.objects.count() == 1


def test_the_questionnaire_opens_only_after_the_session(client):
    seance = SeanceFactory()  # upcoming
    [personne] = _presents(seance, 1)
    client.force_login(personne)
    url = reverse("communautes:questionnaire", args=[seance.pk])
    assert "à la fin de la séance" in client.get(url).text
    client.post(url, {"utilite": 4})
    assert not ReponseQuestionnaire.objects.exists()
    with pytest.raises(ValidationError):
        services.questionnaire_repondre(seance=seance, personne=personne, utilite=4)


def test_only_attendees_answer(client):
    seance = SeanceFactory(passee=True)
    inscrit = ParticipationFactory(seance=seance, statut=S.INSCRIT).personne
    absent = ParticipationFactory(seance=seance, statut=S.ABSENT).personne
    url = reverse("communautes:questionnaire", args=[seance.pk])
    for personne in (inscrit, absent):
        client.force_login(personne)
        response = client.get(url)
        assert response.status_code == 403 and "réservé aux personnes présentes" in response.text
        assert client.post(url, {"utilite": 5}).status_code == 403
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    assert client.post(url, {"utilite": 5}).status_code == 404
    assert not ReponseQuestionnaire.objects.exists() and not Repondant.objects.exists()


def test_a_missing_or_bad_rating_is_a_field_error_and_writes_nothing(client):
    seance = SeanceFactory(passee=True)
    [personne] = _presents(seance, 1)
    client.force_login(personne)
    url = reverse("communautes:questionnaire", args=[seance.pk])
    response = client.post(url, {"retenu": "Sans note"})
    assert response.status_code == 200 and "Ce champ est obligatoire" in response.text
    response = client.post(url, {"utilite": 9})
    assert "Sélectionnez un choix valide" in response.text
    assert not Repondant.objects.exists() and not ReponseQuestionnaire.objects.exists()


def test_the_session_page_invites_attendees_to_answer_until_they_did(client):
    seance = SeanceFactory(passee=True)
    [personne] = _presents(seance, 1)
    client.force_login(personne)
    url = reverse("communautes:seance", args=[seance.pk])
    assert "Répondre au questionnaire" in client.get(url).text
    services.questionnaire_repondre(seance=seance, personne=personne, utilite=3)
    assert "Répondre au questionnaire" not in client.get(url).text


def test_facilitators_opening_the_questionnaire_land_on_the_results(client):
    seance = SeanceFactory(passee=True)
    animateur = UserFactory()
    seance.animateurs.add(animateur)
    client.force_login(animateur)
    response = client.get(reverse("communautes:questionnaire", args=[seance.pk]))
    assert response.url == reverse("communautes:satisfaction_seance", args=[seance.pk])


# --- Aggregates -----------------------------------------------------------------------------


@pytest.fixture
def reponses():
    management = Thematique.objects.create(nom="Management")
    recrutement = Thematique.objects.create(nom="Recrutement")
    egalite = Thematique.objects.create(nom="Égalité")
    virtuelle = CommunauteFactory(nom="Virtuelle")
    territoriale = CommunauteFactory(nom="Territoriale")
    s1 = SeanceFactory(communaute=virtuelle, passee=True, thematiques=[management])
    s2 = SeanceFactory(communaute=virtuelle, passee=True, thematiques=[management, recrutement])
    s3 = SeanceFactory(communaute=territoriale, passee=True, thematiques=[recrutement])
    for seance, notes, souhaits in (
        (s1, [5, 4], [egalite, recrutement]),
        (s2, [3], [egalite]),
        (s3, [2, 2, 5], [None, management, egalite]),
    ):
        for note, souhait in zip(notes, souhaits, strict=True):
            personne = UserFactory()
            ParticipationFactory(seance=seance, personne=personne, statut=S.PRESENT)
            services.questionnaire_repondre(
                seance=seance, personne=personne, utilite=note, thematique_souhaitee=souhait
            )
    # Recrutement is already planned in the virtual community.
    SeanceFactory(communaute=virtuelle, thematiques=[recrutement])
    return locals()


def test_aggregates_per_session(reponses):
    synthese = satisfaction_seance(reponses["s3"])
    assert synthese["nombre"] == 3 and synthese["utilite_moyenne"] == pytest.approx(3)
    assert [r["n"] for r in synthese["repartition"]] == [0, 2, 0, 0, 1]


def test_aggregates_per_community(reponses):
    lignes = {x["seance__communaute__nom"]: x for x in satisfaction_par_communaute()}
    assert lignes["Virtuelle"]["reponses"] == 3 and lignes["Virtuelle"]["seances"] == 2
    assert lignes["Virtuelle"]["utilite_moyenne"] == pytest.approx(4)
    assert lignes["Territoriale"]["utilite_moyenne"] == pytest.approx(3)


def test_aggregates_per_theme_count_an_answer_for_each_theme_of_its_session(reponses):
    lignes = {x["seance__thematiques__nom"]: x for x in satisfaction_par_thematique()}
    assert lignes["Management"]["reponses"] == 3  # s1 (2) + s2 (1)
    assert lignes["Recrutement"]["reponses"] == 4  # s2 (1) + s3 (3)
    assert lignes["Management"]["utilite_moyenne"] == pytest.approx(4)
    virtuelle = {
        x["seance__thematiques__nom"]: x["reponses"]
        for x in satisfaction_par_thematique(reponses["virtuelle"])
    }
    assert virtuelle == {"Management": 3, "Recrutement": 1}


def test_next_theme_suggestions_put_the_most_asked_unplanned_first(reponses):
    suggestions = themes_suggeres()["thematiques"]
    assert [(s["nom"], s["demandes"]) for s in suggestions] == [
        ("Égalité", 3),
        ("Management", 1),
        ("Recrutement", 1),
    ]
    virtuelle = themes_suggeres(reponses["virtuelle"])["thematiques"]
    assert [s["nom"] for s in virtuelle] == ["Égalité", "Recrutement"]
    recrutement = virtuelle[1]
    assert recrutement["deja_prevue"] is True and recrutement["derniere_seance"] is not None
    assert virtuelle[0]["derniere_seance"] is None  # never addressed


def test_the_team_reads_satisfaction_across_communities(client, reponses):
    client.force_login(UserFactory(chargee=True))
    html = client.get(reverse("communautes:satisfaction")).text
    assert "Virtuelle" in html and "Territoriale" in html and "Égalité" in html
    html = client.get(
        reverse("communautes:satisfaction_communaute", args=[reponses["virtuelle"].pk])
    ).text
    assert "Recrutement" in html and "déjà programmée" in html


def test_the_command_has_a_dry_run_that_sends_and_records_nothing():
    import io

    from django.core.management import call_command

    seance = SeanceFactory(passee=True)
    _presents(seance)
    sortie = io.StringIO()
    call_command("questionnaires_satisfaction", "--dry-run", stdout=sortie)
    assert "2 questionnaire(s)" in sortie.getvalue() and "Rien n'a été envoyé" in sortie.getvalue()
    assert not EnvoiQuestionnaire.objects.exists() and mail.outbox == []
