"""Sessions scheduled by the team: form, derived half-days, conflicts, duplicate, series, cancel."""

import datetime

import icalendar
import pytest
from django.core import mail
from django.urls import reverse

from parcours import services
from parcours.models import Seance
from tests.factories import UserFactory
from tests.parcours.factories import ParcoursFactory, ParticipationFactory, SeanceFactory, dans

pytestmark = pytest.mark.django_db


@pytest.fixture
def chargee(client):
    user = UserFactory(chargee=True)
    client.force_login(user)
    return user


@pytest.fixture
def coach():
    from accompagnateurs.models import Accompagnateur

    user = UserFactory(first_name="Béatrice", last_name="Boutin")
    Accompagnateur.objects.create(user=user, entree=datetime.date(2018, 1, 1))
    return user


def _donnees(**extra):
    return {
        "titre": "Atelier recrutement",
        "type": "appui_collectif",
        "parcours": "",
        "communaute": "",
        "date": dans(30).isoformat(),
        "heure_debut": "09:00",
        "heure_fin": "17:00",
        "demi_journees": "",
        "lieu": "Maison des associations, Lille",
        "ville": "Lille",
        "lien_visio": "",
        "capacite": "12",
        "description": "",
        **extra,
    }


def test_the_team_schedules_a_session_and_the_half_days_come_from_the_times(client, chargee):
    parcours = ParcoursFactory(code="MEL-2027")
    response = client.post(reverse("parcours:seance_creer"), _donnees(parcours=parcours.pk))
    seance = Seance.objects.get(titre="Atelier recrutement")
    assert response["Location"] == reverse("parcours:seance", args=[seance.pk])
    assert seance.demi_journees == 2 and not seance.demi_journees_forcees
    assert seance.ref == f"MEL-2027-{seance.date:%Y%m%d}"


def test_a_typed_length_overrides_the_times(client, chargee):
    client.post(reverse("parcours:seance_creer"), _donnees(demi_journees="3"))
    seance = Seance.objects.get()
    assert seance.demi_journees == 3 and seance.demi_journees_forcees


@pytest.mark.parametrize(
    ("debut", "fin", "attendu"),
    [("09:00", "12:30", 1), ("14:00", "18:00", 1), ("09:00", "17:00", 2), ("09:00", "13:05", 2)],
)
def test_half_days_derived_from_times(debut, fin, attendu):
    def heure(texte):
        return datetime.time(*map(int, texte.split(":")))

    assert Seance.demi_journees_pour(heure(debut), heure(fin)) == attendu


def test_two_sessions_on_the_same_day_get_distinct_refs(client, chargee):
    client.post(reverse("parcours:seance_creer"), _donnees())
    client.post(reverse("parcours:seance_creer"), _donnees(heure_debut="18:00", heure_fin="20:00"))
    refs = sorted(Seance.objects.values_list("ref", flat=True))
    assert refs == [f"APES-{dans(30):%Y%m%d}", f"APES-{dans(30):%Y%m%d}-2"]


def test_an_end_before_the_start_is_refused_on_the_end_field(client, chargee):
    response = client.post(
        reverse("parcours:seance_creer"), _donnees(heure_debut="14:00", heure_fin="10:00")
    )
    assert response.context["form"].errors["heure_fin"] == [
        "L'heure de fin doit suivre l'heure de début."
    ]
    assert not Seance.objects.exists()


def test_a_session_belongs_to_a_parcours_or_a_community_not_both(client, chargee):
    from communautes.models import Communaute

    communaute = Communaute.objects.create(code="VIRT", nom="Virtuelle", type="virtuelle")
    response = client.post(
        reverse("parcours:seance_creer"),
        _donnees(parcours=ParcoursFactory().pk, communaute=communaute.pk),
    )
    assert response.context["form"].errors["communaute"]
    assert not response.context["form"].non_field_errors()


def test_capacity_below_current_registrations_is_refused(client, chargee):
    seance = SeanceFactory(capacite=5, parcours=None)
    for _ in range(3):
        ParticipationFactory(seance=seance)
    data = _donnees(
        titre=seance.titre,
        type=seance.type,
        date=seance.date.isoformat(),
        heure_debut="09:30",
        heure_fin="12:30",
        capacite="2",
    )
    response = client.post(reverse("parcours:seance_modifier", args=[seance.pk]), data)
    assert response.context["form"].errors["capacite"] == [
        "La capacité ne peut pas être inférieure au nombre de personnes déjà inscrites (3)."
    ]
    seance.refresh_from_db()
    assert seance.capacite == 5


def test_a_facilitator_already_booked_is_flagged_and_must_be_confirmed(client, chargee, coach):
    autre = SeanceFactory(
        titre="Bulle de dialogue",
        date=dans(30),
        heure_debut=datetime.time(10, 0),
        heure_fin=datetime.time(12, 0),
        animateurs=[coach],
    )
    data = _donnees(animateurs=[coach.pk], heure_debut="09:00", heure_fin="11:00")
    response = client.post(reverse("parcours:seance_creer"), data)
    erreurs = response.context["form"].non_field_errors()
    assert "Béatrice Boutin anime déjà « Bulle de dialogue » de 10:00 à 12:00" in erreurs[0]
    assert not Seance.objects.exclude(pk=autre.pk).exists()
    assert "confirmer_conflits" in response.content.decode()

    response = client.post(
        reverse("parcours:seance_creer"), {**data, "confirmer_conflits": "on"}, follow=True
    )
    nouvelle = Seance.objects.exclude(pk=autre.pk).get()
    assert "Conflit d&#x27;animation maintenu" in response.content.decode()
    assert services.conflits_par_seance([nouvelle])[nouvelle.pk] == [(coach, autre)]
    assert response.context["conflits"] == [(coach, autre)]


@pytest.mark.parametrize(
    ("debut", "fin", "conflit"),
    [
        (datetime.time(14, 0), datetime.time(16, 0), False),  # the afternoon
        (datetime.time(12, 0), datetime.time(13, 0), False),  # starts when the other ends
        (datetime.time(11, 59), datetime.time(13, 0), True),
        (None, None, True),  # no times: the whole day
    ],
)
def test_conflict_detection_compares_times_on_the_same_day(coach, debut, fin, conflit):
    SeanceFactory(
        date=dans(3),
        heure_debut=datetime.time(9, 0),
        heure_fin=datetime.time(12, 0),
        animateurs=[coach],
    )
    trouves = services.conflits_animateurs(
        date=dans(3), heure_debut=debut, heure_fin=fin, animateurs=[coach]
    )
    assert bool(trouves) is conflit


def test_a_cancelled_session_or_another_facilitator_is_no_conflict(coach):
    SeanceFactory(date=dans(3), animateurs=[coach], annulee=True)
    SeanceFactory(date=dans(3), animateurs=[UserFactory()])
    assert not services.conflits_animateurs(
        date=dans(3),
        heure_debut=datetime.time(9, 0),
        heure_fin=datetime.time(12, 0),
        animateurs=[coach],
    )


def test_duplicating_prefills_a_new_session_a_week_later(client, chargee, coach):
    source = SeanceFactory(titre="Co-développement", animateurs=[coach], capacite=8)
    page = client.get(reverse("parcours:seance_dupliquer", args=[source.pk]))
    initial = page.context["form"].initial
    assert initial["date"] == source.date + datetime.timedelta(days=7)
    assert initial["titre"] == "Co-développement" and initial["animateurs"] == [coach]
    data = _donnees(
        titre="Co-développement",
        type=source.type,
        parcours=source.parcours.pk,
        date=(source.date + datetime.timedelta(days=7)).isoformat(),
        animateurs=[coach.pk],
        capacite="8",
    )
    client.post(reverse("parcours:seance_dupliquer", args=[source.pk]), data)
    copie = Seance.objects.exclude(pk=source.pk).get()
    assert copie.titre == source.titre and list(copie.animateurs.all()) == [coach]
    assert copie.ref != source.ref


def test_every_second_tuesday_for_six_months():
    premiere = datetime.date(2026, 1, 13)  # the 2nd Tuesday of January 2026
    dates = services.dates_serie(
        premiere=premiere, jusqu_au=datetime.date(2026, 6, 30), frequence="mensuelle"
    )
    assert [d.isoformat() for d in dates] == [
        "2026-01-13",
        "2026-02-10",
        "2026-03-10",
        "2026-04-14",
        "2026-05-12",
        "2026-06-09",
    ]
    assert all(d.weekday() == 1 and 8 <= d.day <= 14 for d in dates)


def test_a_fifth_weekday_falls_back_to_the_last_one_of_the_month():
    dates = services.dates_serie(
        premiere=datetime.date(2026, 1, 29),  # 5th Thursday
        jusqu_au=datetime.date(2026, 3, 31),
        frequence="mensuelle",
    )
    assert dates == [datetime.date(2026, 1, 29), datetime.date(2026, 2, 26), dans_mars()]


def dans_mars():
    return datetime.date(2026, 3, 26)


def test_every_other_week():
    dates = services.dates_serie(
        premiere=datetime.date(2026, 3, 3),
        jusqu_au=datetime.date(2026, 4, 1),
        frequence="bimensuelle",
    )
    assert dates == [
        datetime.date(2026, 3, 3),
        datetime.date(2026, 3, 17),
        datetime.date(2026, 3, 31),
    ]


def test_the_team_creates_a_series(client, chargee, coach):
    premiere = dans(10)
    data = _donnees(
        date=premiere.isoformat(),
        frequence="mensuelle",
        jusqu_au=(premiere + datetime.timedelta(days=183)).isoformat(),
        animateurs=[coach.pk],
    )
    response = client.post(reverse("parcours:seance_serie"), data)
    assert response.status_code == 302
    seances = list(Seance.objects.order_by("date"))
    assert len(seances) in (6, 7)
    assert len({s.serie for s in seances}) == 1 and seances[0].serie is not None
    assert len({s.ref for s in seances}) == len(seances)
    assert all(list(s.animateurs.all()) == [coach] for s in seances)


def test_a_series_end_before_its_start_is_refused(client, chargee):
    data = _donnees(frequence="hebdomadaire", jusqu_au=dans(1).isoformat())
    response = client.post(reverse("parcours:seance_serie"), data)
    assert response.context["form"].errors["jusqu_au"] == [
        "La fin de la série précède la première date."
    ]
    assert not Seance.objects.exists()


def test_changing_the_time_sends_the_updated_event_to_registered_people(
    client, chargee, django_capture_on_commit_callbacks
):
    seance = SeanceFactory(parcours=None, capacite=1)
    inscrite = ParticipationFactory(seance=seance)
    attente = ParticipationFactory(seance=seance, statut="attente")
    data = _donnees(
        titre=seance.titre,
        type=seance.type,
        date=seance.date.isoformat(),
        heure_debut="14:00",
        heure_fin="17:00",
        lieu=seance.lieu,
        capacite="1",
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("parcours:seance_modifier", args=[seance.pk]), data)
    seance.refresh_from_db()
    assert seance.sequence == 1
    # The waiting list hears of the new times too, without an event (see emails.py).
    par_personne = {m.to[0]: m for m in mail.outbox}
    assert set(par_personne) == {inscrite.personne.email, attente.personne.email}
    assert not par_personne[attente.personne.email].attachments
    ics = icalendar.Calendar.from_ical(par_personne[inscrite.personne.email].attachments[0][1])
    event = ics.walk("VEVENT")[0]
    assert event.decoded("dtstart").hour == 14 and int(event["SEQUENCE"]) == 1


def test_cancelling_a_session_tells_everyone_with_a_cancelled_event(
    client, chargee, django_capture_on_commit_callbacks
):
    seance = SeanceFactory()
    inscrite = ParticipationFactory(seance=seance)
    attente = ParticipationFactory(seance=seance, statut="attente")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("parcours:seance_annuler", args=[seance.pk]), {"motif": "Animatrice malade."}
        )
    seance.refresh_from_db()
    assert seance.annulee and seance.motif_annulation == "Animatrice malade."
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [inscrite.personne.email, attente.personne.email]
    )
    event = icalendar.Calendar.from_ical(mail.outbox[0].attachments[0][1]).walk("VEVENT")[0]
    assert str(event["STATUS"]) == "CANCELLED"
    assert "Animatrice malade." in mail.outbox[0].body


def _seances(n):
    parcours = ParcoursFactory()
    coach = UserFactory()
    for i in range(n):
        seance = SeanceFactory(parcours=parcours, date=dans(i % 20 + 1), animateurs=[coach])
        ParticipationFactory(seance=seance)
        ParticipationFactory(seance=seance, statut="attente")


def test_the_team_list_runs_the_same_number_of_queries_for_2_or_30_sessions(
    client, chargee, django_assert_num_queries
):
    _seances(2)
    with django_assert_num_queries(13):
        client.get(reverse("parcours:seances"))
    _seances(28)
    with django_assert_num_queries(13):
        response = client.get(reverse("parcours:seances"))
    assert len(response.context["seances"]) == 25


def test_the_month_agenda_runs_the_same_number_of_queries_for_2_or_30_sessions(
    client, chargee, django_assert_num_queries
):
    mois = f"{dans(1):%Y-%m}"
    _seances(2)
    with django_assert_num_queries(9):
        client.get(reverse("parcours:agenda_equipe"), {"mois": mois})
    _seances(28)
    with django_assert_num_queries(9):
        response = client.get(reverse("parcours:agenda_equipe"), {"mois": mois})
    assert response.status_code == 200


def test_the_month_agenda_ignores_a_malformed_month(client, chargee):
    assert client.get(reverse("parcours:agenda_equipe"), {"mois": "2026-13"}).status_code == 200
    assert client.get(reverse("parcours:agenda_equipe"), {"mois": "abc"}).status_code == 200


def test_a_facilitator_who_left_the_pool_is_kept_when_the_session_is_edited(client, chargee):
    ancienne = UserFactory(first_name="Ancienne")  # no coach profile any more
    seance = SeanceFactory(parcours=None, animateurs=[ancienne])
    page = client.get(reverse("parcours:seance_modifier", args=[seance.pk]))
    assert ancienne in page.context["form"].fields["animateurs"].queryset


def test_co_organising_partners_are_shared_with_the_communities_app(client, chargee):
    from communautes.models import ContactPartenaire, CoOrganisation, ReseauPartenaire

    reseau = ReseauPartenaire.objects.create(code="MRES", nom="MRES")
    contact = UserFactory()
    ContactPartenaire.objects.create(reseau=reseau, personne=contact)
    client.post(reverse("parcours:seance_creer"), _donnees(coorganisateurs=[reseau.pk]))
    seance = Seance.objects.get()
    assert CoOrganisation.objects.filter(seance=seance, reseau=reseau).exists()
    ParticipationFactory(seance=seance, personne=UserFactory(last_name="Inscrite"))
    client.force_login(contact)
    page = client.get(reverse("parcours:seance", args=[seance.pk]))
    assert page.status_code == 200 and page.context["peut"]["participants"]
    assert "Inscrite" in page.content.decode()


def test_the_team_list_filters_by_facilitator_name_or_email(client, chargee):
    anna = UserFactory(first_name="Anna", last_name="Lefort", email="anna@pool.example")
    seances = [SeanceFactory(date=dans(i + 1)) for i in range(2)]
    seances[0].animateurs.add(anna)
    for recherche in ("lefort", "anna@pool", "Anna Lefort"):
        response = client.get(
            reverse("parcours:seances"), {"animateur": recherche, "periode": "toutes"}
        )
        assert list(response.context["seances"]) == [seances[0]], recherche
    response = client.get(reverse("parcours:seances"), {"animateur": "personne"})
    assert list(response.context["seances"]) == []
