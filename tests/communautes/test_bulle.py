"""Bulle de dialogue: its notes and shared content are for its circle only (DESIGN §2).

Participants (registered or present) and facilitators (`seance.animateurs`) read them;
everyone else — the team included — sees that it took place, its date and attendance
count. Checked on every page, export and admin screen, for every role.
"""

import datetime

import pytest
from django.urls import reverse

from apes_rh.perms import can
from communautes import services
from communautes.models import BulleDialogue, NoteBulle, ReponseQuestionnaire
from communautes.statistiques import activite_communaute, bulles_tenues
from parcours.enums import StatutParticipation as S
from parcours.models import Participation, Seance
from tests.access import TABLE
from tests.access_base import ROLES
from tests.factories import UserFactory

from .access import NOTE_BULLE
from .factories import ParticipationFactory, bulle

pytestmark = pytest.mark.django_db

SECRET = "BULLE-SECRET-7f3"
CERCLE = {"membre", "accompagnateur"}  # present participant, facilitator


def _contenu(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


@pytest.mark.parametrize("role", ROLES)
def test_the_bulle_page_shows_notes_to_its_circle_only(client, monde, role):
    user = monde.users[role]
    if user:
        client.force_login(user)
    html = client.get(reverse("communautes:seance", args=[monde.bulle_seance.pk])).text
    # Everyone: it took place, its date and attendance count.
    assert "21 janvier 2021" in html
    assert "1 participant·e" in html or "1 présent·e" in html
    if role in CERCLE:
        assert SECRET in html and "partage.example.org/7f3" in html
        assert str(monde.users["membre"]) in html  # who took part
    else:
        assert SECRET not in html and "partage.example.org/7f3" not in html
        assert str(monde.users["membre"]) not in html


@pytest.mark.parametrize("role", sorted(set(ROLES) - CERCLE))
def test_no_page_of_the_platform_leaks_a_bulle_note(client, monde, role):
    """Walks every URL of the access table (exports and reports included) as each role
    outside the bulle's circle: the note never appears."""
    user = monde.users[role]
    if user:
        client.force_login(user)
    for name, acces in TABLE.items():
        url = reverse(name, kwargs=acces.kwargs(monde)) + (acces.query or "")
        response = client.get(url)
        assert SECRET not in _contenu(response), f"{role} lit la note de bulle sur {url}"


def test_the_team_exports_of_a_person_do_not_contain_their_bulle_notes(client, monde):
    client.force_login(monde.users["chargee"])
    auteur = monde.users["membre"]
    response = client.get(reverse("equipe_personne_export", args=[auteur.pk]))
    assert response.status_code == 200
    assert SECRET not in _contenu(response)


def test_the_admin_never_shows_a_bulle_note(client, monde):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    note = NoteBulle.objects.get(texte=NOTE_BULLE)
    pages = [
        reverse("admin:communautes_notebulle_changelist"),
        reverse("admin:communautes_notebulle_change", args=[note.pk]),
        reverse("admin:communautes_notebulle_changelist") + "?q=BULLE-SECRET",
        reverse("admin:communautes_bulledialogue_changelist"),
        reverse("admin:communautes_bulledialogue_change", args=[monde.bulle.pk]),
        reverse("admin:parcours_seance_change", args=[monde.bulle_seance.pk]),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert SECRET not in response.text, url
        assert "partage.example.org/7f3" not in response.text, url


def test_the_admin_cannot_edit_or_add_bulle_notes(client, monde):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    note = NoteBulle.objects.get(texte=NOTE_BULLE)
    response = client.post(
        reverse("admin:communautes_notebulle_change", args=[note.pk]), {"texte": "modifié"}
    )
    assert response.status_code == 403
    note.refresh_from_db()
    assert note.texte == NOTE_BULLE


def test_the_report_helpers_give_counts_never_content(monde):
    figures = activite_communaute(monde.communaute, datetime.date(2021, 1, 1))
    assert figures["bulles_tenues"] == 1
    assert SECRET not in repr(figures)
    tenues = bulles_tenues(Seance.objects.filter(communaute=monde.communaute))
    assert tenues == [
        {"pk": monde.bulle_seance.pk, "date": datetime.date(2021, 1, 21), "presents": 1}
    ]


@pytest.mark.parametrize(
    ("statut", "voit"),
    [
        (S.INSCRIT, True),
        (S.PRESENT, True),
        (S.ATTENTE, False),
        (S.ABSENT, False),
        (S.EXCUSE, False),
        (S.ANNULE, False),
    ],
)
def test_only_registered_or_present_participants_read_the_bulle(statut, voit):
    b = bulle()
    personne = UserFactory()
    ParticipationFactory(seance=b.seance, personne=personne, statut=statut)
    assert can(personne, "bulle.contenu", Seance.objects.get(pk=b.seance.pk)) is voit


def test_the_team_reads_a_bulle_only_when_it_facilitates_it(client):
    b = bulle()
    NoteBulle.objects.create(bulle=b, texte=SECRET)
    equipe = UserFactory(chargee=True)
    client.force_login(equipe)
    url = reverse("communautes:seance", args=[b.seance.pk])
    assert SECRET not in client.get(url).text
    b.seance.animateurs.add(equipe)
    assert SECRET in client.get(url).text


def test_a_community_facilitator_is_not_in_a_bulle_s_circle(client):
    b = bulle()
    NoteBulle.objects.create(bulle=b, texte=SECRET)
    animatrice = UserFactory()
    b.seance.communaute.animateurs.add(animatrice)
    client.force_login(animatrice)
    assert SECRET not in client.get(reverse("communautes:seance", args=[b.seance.pk])).text


def test_the_bulle_registrations_are_for_its_facilitators_only(client):
    b = bulle()
    ParticipationFactory(seance=b.seance, personne=UserFactory(last_name="Discrète"))
    facilitatrice = UserFactory()
    b.seance.animateurs.add(facilitatrice)
    for url_name in ("communautes:inscriptions", "communautes:inscriptions_csv"):
        url = reverse(url_name, args=[b.seance.pk])
        client.force_login(UserFactory(chargee=True))
        assert client.get(url).status_code == 403
        client.force_login(facilitatrice)
        response = client.get(url)
        assert response.status_code == 200 and "Discrète" in _contenu(response)


def test_participants_write_notes_and_outsiders_cannot(client):
    b = bulle()
    participant = UserFactory()
    ParticipationFactory(seance=b.seance, personne=participant)
    url = reverse("communautes:bulle_note", args=[b.seance.pk])
    client.force_login(UserFactory(chargee=True))
    assert client.post(url, {"nature": "note", "texte": "intrus"}).status_code == 403
    client.force_login(participant)
    response = client.post(url, {"nature": "partage", "texte": "Notre charte", "lien": ""})
    assert response.status_code == 302
    note = NoteBulle.objects.get()
    assert note.auteur == participant and note.nature == "partage"


def test_an_empty_note_is_refused():
    b = bulle()
    participant = UserFactory()
    ParticipationFactory(seance=b.seance, personne=participant)
    with pytest.raises(Exception, match="Écrivez"):
        services.bulle_note_ajouter(bulle=b, auteur=participant, texte="  ", nature="note")
    assert not NoteBulle.objects.exists()


def test_a_bulle_is_limited_to_eight_then_waiting_list():
    b = bulle()
    participations = [
        services.seance_inscrire(seance=b.seance, personne=UserFactory()) for _ in range(9)
    ]
    assert [p.statut for p in participations].count(S.INSCRIT) == 8
    assert participations[-1].statut == S.ATTENTE


def test_facilitators_change_the_number_of_places(client):
    b = bulle()
    facilitatrice = UserFactory()
    b.seance.animateurs.add(facilitatrice)
    client.force_login(facilitatrice)
    client.post(reverse("communautes:bulle_places", args=[b.seance.pk]), {"limite": 6})
    b = BulleDialogue.objects.select_related("seance").get(pk=b.pk)
    assert b.limite == 6 and b.seance.capacite == 6
    client.post(reverse("communautes:bulle_places", args=[b.seance.pk]), {"limite": 40})
    b.refresh_from_db()
    assert b.limite == 6


def test_what_participants_take_away_from_a_bulle_stays_in_its_circle(client):
    b = bulle(passee=True)
    facilitatrice = UserFactory()
    b.seance.animateurs.add(facilitatrice)
    Participation.objects.create(seance=b.seance, personne=UserFactory(), statut=S.PRESENT)
    ReponseQuestionnaire.objects.create(seance=b.seance, utilite=5, retenu="BULLE-RETENU-7f3")
    url = reverse("communautes:satisfaction_seance", args=[b.seance.pk])
    client.force_login(UserFactory(chargee=True))
    html = client.get(url).text
    assert "BULLE-RETENU-7f3" not in html and "5,0" in html
    assert "BULLE-RETENU-7f3" not in client.get(reverse("communautes:satisfaction")).text
    client.force_login(facilitatrice)
    assert "BULLE-RETENU-7f3" in client.get(url).text


def test_erasing_the_author_removes_their_words_and_keeps_the_counts(monde):
    from apes_rh.donnees import personne_anonymiser
    from communautes.services import NOTE_RETIREE

    auteur = monde.users["membre"]
    personne_anonymiser(personne=auteur)
    note = NoteBulle.objects.get(bulle=monde.bulle)
    assert note.texte == NOTE_RETIREE and note.lien == ""
    assert note.auteur.anonymise_le is not None
    assert monde.bulle_seance.participations.filter(statut=S.PRESENT).count() == 1
