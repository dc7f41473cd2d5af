"""The attendance sheet: facilitators and the team, phone-friendly, saved with htmx."""

import pytest
from django.core import mail
from django.urls import reverse

from apes_rh.models import Invitation
from parcours.models import Participation
from tests.factories import UserFactory
from tests.parcours.factories import ParticipationFactory, SeanceFactory, dans

pytestmark = pytest.mark.django_db


@pytest.fixture
def animatrice():
    return UserFactory(first_name="Audrey")


@pytest.fixture
def seance(animatrice):
    return SeanceFactory(date=dans(0), animateurs=[animatrice])


def test_the_facilitator_marks_a_person_present_without_reloading(client, animatrice, seance):
    participation = ParticipationFactory(seance=seance)
    ParticipationFactory(seance=seance)
    client.force_login(animatrice)
    response = client.post(
        reverse("parcours:presence_enregistrer", args=[participation.pk]),
        {"statut": "present"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert f'id="presence-{participation.pk}"' in html and "Enregistré" in html
    assert 'id="compteurs" class="compteurs row g-2 text-center" hx-swap-oob="true"' in html
    participation.refresh_from_db()
    assert participation.statut == "present"
    assert participation.presence_par == animatrice and participation.presence_le


def test_the_sheet_has_one_big_choice_per_person_and_posts_with_htmx(client, animatrice, seance):
    participations = [ParticipationFactory(seance=seance) for _ in range(3)]
    client.force_login(animatrice)
    html = client.get(reverse("parcours:seance_presences", args=[seance.pk])).content.decode()
    for p in participations:
        url = reverse("parcours:presence_enregistrer", args=[p.pk])
        assert f'hx-post="{url}"' in html
        for statut in ("present", "absent", "excuse"):
            assert f'id="pr-{p.pk}-{statut}"' in html
    assert 'hx-trigger="change"' in html
    assert "style=" not in html and "<script>" not in html


def test_without_javascript_the_form_still_saves(client, animatrice, seance):
    participation = ParticipationFactory(seance=seance)
    client.force_login(animatrice)
    response = client.post(
        reverse("parcours:presence_enregistrer", args=[participation.pk]), {"statut": "absent"}
    )
    assert response["Location"] == reverse("parcours:seance_presences", args=[seance.pk])
    participation.refresh_from_db()
    assert participation.statut == "absent"


def test_attendance_of_a_future_session_is_refused_but_excused_is_allowed(client, animatrice):
    seance = SeanceFactory(date=dans(5), animateurs=[animatrice])
    participation = ParticipationFactory(seance=seance)
    client.force_login(animatrice)
    url = reverse("parcours:presence_enregistrer", args=[participation.pk])
    response = client.post(url, {"statut": "present"}, HTTP_HX_REQUEST="true")
    assert "La présence se relève le jour de la séance ou après." in response.content.decode()
    participation.refresh_from_db()
    assert participation.statut == "inscrit"
    client.post(url, {"statut": "excuse"}, HTTP_HX_REQUEST="true")
    participation.refresh_from_db()
    assert participation.statut == "excuse"


def test_an_unknown_status_is_refused(client, animatrice, seance):
    participation = ParticipationFactory(seance=seance)
    client.force_login(animatrice)
    response = client.post(
        reverse("parcours:presence_enregistrer", args=[participation.pk]),
        {"statut": "annule"},
        HTTP_HX_REQUEST="true",
    )
    assert "Choisissez présent·e, absent·e ou excusé·e." in response.content.decode()
    participation.refresh_from_db()
    assert participation.statut == "inscrit"


def test_a_registered_member_may_not_take_attendance(client, seance):
    participation = ParticipationFactory(seance=seance)
    client.force_login(participation.personne)
    url = reverse("parcours:presence_enregistrer", args=[participation.pk])
    assert client.post(url, {"statut": "present"}).status_code == 403
    assert client.get(reverse("parcours:seance_presences", args=[seance.pk])).status_code == 403


def test_a_walk_in_is_added_present_and_invited(
    client, animatrice, seance, django_capture_on_commit_callbacks
):
    client.force_login(animatrice)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("parcours:presence_ajouter", args=[seance.pk]),
            {"email": "nouvelle@example.org", "first_name": "Nina", "last_name": "Roux"},
        )
    participation = Participation.objects.get(personne__email="nouvelle@example.org")
    assert participation.statut == "present"
    assert Invitation.objects.filter(personne=participation.personne).exists()
    assert mail.outbox[0].to == ["nouvelle@example.org"]


def test_the_waiting_list_shows_on_the_sheet_and_can_be_marked_present(client, animatrice, seance):
    attente = ParticipationFactory(seance=seance, statut="attente")
    client.force_login(animatrice)
    page = client.get(reverse("parcours:seance_presences", args=[seance.pk]))
    assert page.context["attente"] == [attente]
    client.post(reverse("parcours:presence_enregistrer", args=[attente.pk]), {"statut": "present"})
    attente.refresh_from_db()
    assert attente.statut == "present"


def test_the_sheet_runs_the_same_number_of_queries_for_2_or_40_people(
    client, animatrice, seance, django_assert_num_queries
):
    client.force_login(animatrice)
    for _ in range(2):
        ParticipationFactory(seance=seance)
    with django_assert_num_queries(9):
        client.get(reverse("parcours:seance_presences", args=[seance.pk]))
    for _ in range(38):
        ParticipationFactory(seance=seance)
    with django_assert_num_queries(9):
        response = client.get(reverse("parcours:seance_presences", args=[seance.pk]))
    assert response.context["compteurs"]["inscrits"] == 40
