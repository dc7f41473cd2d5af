"""Every definition of DESIGN §5, on a dataset built for each edge."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apes_rh.rapports.calculs import calculer, chronologie
from apes_rh.rapports.perimetre import Perimetre
from tests.factories import (
    FinanceurFactory,
    OrganisationFactory,
    TerritoireFactory,
    ThematiqueFactory,
    UserFactory,
)
from tests.rapports.factories import (
    CoachFactory,
    CommunauteFactory,
    DemiJourneeFactory,
    InscriptionFactory,
    ParcoursFactory,
    ParticipationFactory,
    SeanceFactory,
)

pytestmark = pytest.mark.django_db

DU, AU = dt.date(2019, 1, 1), dt.date(2019, 12, 31)


def d(texte):
    return dt.date.fromisoformat(texte)


def chiffres(perimetre=None, du=DU, au=AU):
    return calculer(du, au, perimetre)["chiffres_cles"]


def test_coaches_count_when_their_time_in_the_pool_overlaps_the_period():
    CoachFactory(entree=d("2018-01-01"), sortie=d("2018-12-31"))  # left before
    CoachFactory(entree=d("2019-06-01"), sortie=None)  # still in the pool
    CoachFactory(entree=d("2018-01-01"), sortie=d("2019-01-01"))  # last day of the pool = du
    CoachFactory(entree=d("2019-12-31"), sortie=None)  # first day = au
    CoachFactory(entree=d("2020-01-01"), sortie=None)  # arrived after

    assert chiffres()["accompagnateurs"] == 3


def test_organisations_in_parcours_are_distinct_and_enrolled_in_an_overlapping_parcours():
    chevauche = ParcoursFactory(debut=d("2018-09-01"), fin=d("2019-01-01"))
    aussi = ParcoursFactory(debut=d("2019-11-01"), fin=d("2020-06-30"))
    apres = ParcoursFactory(debut=d("2020-01-01"), fin=d("2020-12-31"))
    deux_fois = OrganisationFactory()
    InscriptionFactory(parcours=chevauche, organisation=deux_fois)
    InscriptionFactory(parcours=aussi, organisation=deux_fois)
    InscriptionFactory(parcours=aussi)
    InscriptionFactory(parcours=apres)
    InscriptionFactory(parcours=aussi, statut="candidature")  # not enrolled
    InscriptionFactory(parcours=aussi, statut="refusee")

    assert chiffres()["organisations_parcours"] == 2


def test_individual_half_days_are_validated_individual_ones_dated_in_the_period():
    DemiJourneeFactory(date=d("2019-01-01"), demi_journees=2)
    DemiJourneeFactory(date=d("2019-12-31"), demi_journees=3)
    DemiJourneeFactory(date=d("2018-12-31"), demi_journees=10)  # before
    DemiJourneeFactory(date=d("2020-01-01"), demi_journees=10)  # after
    DemiJourneeFactory(date=d("2019-05-01"), statut="soumise", demi_journees=10)
    DemiJourneeFactory(date=d("2019-05-01"), statut="brouillon", demi_journees=10)
    DemiJourneeFactory(date=d("2019-05-01"), nature="collectif", demi_journees=10)

    assert chiffres()["demi_journees_individuelles"] == 5


def test_collective_half_days_exclude_information_meetings_and_cancelled_sessions():
    SeanceFactory(date=d("2019-02-01"), type="collectif_parcours", demi_journees=2)
    SeanceFactory(date=d("2019-03-01"), type="bulle_dialogue", demi_journees=1)
    SeanceFactory(date=d("2019-04-01"), type="codeveloppement", demi_journees=1)
    SeanceFactory(date=d("2019-05-01"), type="rencontre_thematique", demi_journees=1)
    SeanceFactory(date=d("2019-06-01"), type="appui_collectif", demi_journees=1)
    SeanceFactory(date=d("2019-07-01"), type="information", demi_journees=5)
    SeanceFactory(date=d("2019-08-01"), type="appui_collectif", demi_journees=5, annulee=True)
    SeanceFactory(date=d("2020-01-01"), type="appui_collectif", demi_journees=5)

    assert chiffres()["demi_journees_collectives"] == 6


def test_community_participants_are_distinct_people_who_attended_in_the_period():
    communaute = CommunauteFactory()
    autre = CommunauteFactory()
    s1 = SeanceFactory(communaute=communaute, date=d("2019-03-01"))
    s2 = SeanceFactory(communaute=autre, date=d("2019-04-01"))
    hors_periode = SeanceFactory(communaute=communaute, date=d("2020-03-01"))
    de_parcours = SeanceFactory(parcours=ParcoursFactory(), date=d("2019-03-01"))
    fidele, absente, tardif = UserFactory(), UserFactory(), UserFactory()
    ParticipationFactory(seance=s1, personne=fidele)
    ParticipationFactory(seance=s2, personne=fidele)  # the same person twice: counted once
    ParticipationFactory(seance=s2, personne=UserFactory())
    ParticipationFactory(seance=s1, personne=absente, statut="absent")
    ParticipationFactory(seance=s2, personne=UserFactory(), statut="inscrit")
    ParticipationFactory(seance=hors_periode, personne=tardif)
    ParticipationFactory(seance=de_parcours, personne=UserFactory())

    rapport = calculer(DU, AU)

    assert rapport["chiffres_cles"]["participants_communautes"] == 2
    par_code = {c["code"]: c for c in rapport["communautes"]}
    assert par_code[communaute.code]["participants"] == 1
    assert par_code[autre.code]["participants"] == 2


def test_per_parcours_individual_support_counts_only_inside_the_parcours_dates():
    parcours = ParcoursFactory(code="P", debut=d("2019-04-01"), fin=d("2019-09-30"))
    a, b, c = OrganisationFactory(), OrganisationFactory(), OrganisationFactory()
    for org in (a, b, c):
        InscriptionFactory(parcours=parcours, organisation=org)
    non_inscrite = OrganisationFactory()
    DemiJourneeFactory(organisation=a, date=d("2019-04-01"), demi_journees=2)
    DemiJourneeFactory(organisation=a, date=d("2019-09-30"), demi_journees=1)
    DemiJourneeFactory(organisation=b, date=d("2019-03-31"), demi_journees=4)  # before the parcours
    DemiJourneeFactory(organisation=c, date=d("2019-10-01"), demi_journees=4)  # after it
    DemiJourneeFactory(organisation=non_inscrite, date=d("2019-05-01"), demi_journees=4)
    SeanceFactory(parcours=parcours, date=d("2019-05-01"), demi_journees=2)
    SeanceFactory(parcours=parcours, date=d("2019-06-01"), type="information", demi_journees=1)

    (ligne,) = calculer(DU, AU)["parcours"]

    assert ligne == {
        "code": "P",
        "nom": parcours.nom,
        "territoire": "MEL",
        "organisations": 3,
        "demi_journees_collectives": 2,
        "organisations_appui_individuel": 1,
        "demi_journees_individuelles": 3,
    }


def test_per_parcours_figures_only_count_what_is_dated_in_the_period():
    parcours = ParcoursFactory(code="P", debut=d("2019-10-01"), fin=d("2020-06-30"))
    org = OrganisationFactory()
    InscriptionFactory(parcours=parcours, organisation=org)
    DemiJourneeFactory(organisation=org, date=d("2019-11-01"), demi_journees=1)
    DemiJourneeFactory(organisation=org, date=d("2020-02-01"), demi_journees=5)
    SeanceFactory(parcours=parcours, date=d("2019-10-15"), demi_journees=1)
    SeanceFactory(parcours=parcours, date=d("2020-01-15"), demi_journees=5)

    (ligne,) = calculer(DU, AU)["parcours"]

    assert ligne["demi_journees_individuelles"] == 1
    assert ligne["demi_journees_collectives"] == 1


def test_themes_count_sessions_except_information_and_individual_half_days():
    rh = ThematiqueFactory(nom="Recrutement")
    s = SeanceFactory(date=d("2019-02-01"))
    s.thematiques.add(rh)
    info = SeanceFactory(date=d("2019-02-02"), type="information")
    info.thematiques.add(rh)
    DemiJourneeFactory(date=d("2019-03-01"), thematique=rh, demi_journees=2)
    DemiJourneeFactory(date=d("2019-03-02"), thematique=rh, demi_journees=1)

    assert calculer(DU, AU)["thematiques"] == [
        {"thematique": "Recrutement", "seances": 1, "demi_journees_individuelles": 3}
    ]


def _deux_territoires():
    mel, cavm = TerritoireFactory(code="MEL"), TerritoireFactory(code="CAVM")
    region = TerritoireFactory(code="Hauts-de-France")
    p_mel = ParcoursFactory(territoire=mel, debut=d("2019-01-01"), fin=d("2019-12-31"))
    p_cavm = ParcoursFactory(territoire=cavm, debut=d("2019-01-01"), fin=d("2019-12-31"))
    org_mel = OrganisationFactory(territoire=mel)
    org_cavm = OrganisationFactory(territoire=cavm)
    InscriptionFactory(parcours=p_mel, organisation=org_mel)
    InscriptionFactory(parcours=p_cavm, organisation=org_cavm)
    coach_mel, coach_cavm, coach_oisif = CoachFactory(), CoachFactory(), CoachFactory()
    DemiJourneeFactory(accompagnateur=coach_mel, organisation=org_mel, date=d("2019-05-01"))
    DemiJourneeFactory(
        accompagnateur=coach_cavm, organisation=org_cavm, date=d("2019-05-01"), demi_journees=4
    )
    SeanceFactory(parcours=p_mel, date=d("2019-06-01"), demi_journees=2)
    s_cavm = SeanceFactory(parcours=p_cavm, date=d("2019-06-01"), demi_journees=3)
    s_cavm.animateurs.add(coach_oisif.user)
    virtuelle = CommunauteFactory(territoire=None)
    locale = CommunauteFactory(territoire=cavm)
    s_virt = SeanceFactory(communaute=virtuelle, date=d("2019-07-01"), demi_journees=1)
    s_loc = SeanceFactory(communaute=locale, date=d("2019-07-01"), demi_journees=1)
    for _ in range(4):
        ParticipationFactory(seance=s_virt)
    ParticipationFactory(seance=s_loc)
    return mel, cavm, region


def test_the_territory_filter_keeps_its_parcours_organisations_coaches_and_communities():
    mel, cavm, region = _deux_territoires()

    rapport = calculer(DU, AU, Perimetre.de_territoire(cavm))

    assert rapport["chiffres_cles"] == {
        "accompagnateurs": 2,  # the one with a half-day there and the facilitator
        "organisations_parcours": 1,
        "demi_journees_individuelles": 4,
        "demi_journees_collectives": 4,
        "participants_communautes": 1,
    }
    assert [p["territoire"] for p in rapport["parcours"]] == ["CAVM"]
    assert len(rapport["communautes"]) == 1
    assert calculer(DU, AU)["chiffres_cles"]["demi_journees_collectives"] == 7


def test_region_wide_communities_belong_to_regional_funders_only():
    mel, cavm, region = _deux_territoires()
    dreets = FinanceurFactory(code="DREETS", territoires=[mel, cavm, region])
    metropole = FinanceurFactory(code="MEL", territoires=[mel])

    assert chiffres(Perimetre.de_financeur(dreets))["participants_communautes"] == 5
    assert chiffres(Perimetre.de_financeur(metropole))["participants_communautes"] == "< 3"


def test_funder_reports_show_counts_of_fewer_than_3_people_as_less_than_3():
    mel, cavm, region = _deux_territoires()
    financeur = FinanceurFactory(code="CAVM", territoires=[cavm])

    rapport = calculer(DU, AU, Perimetre.de_financeur(financeur))

    assert rapport["chiffres_cles"]["accompagnateurs"] == "< 3"
    assert rapport["chiffres_cles"]["participants_communautes"] == "< 3"
    assert rapport["communautes"][0]["participants"] == "< 3"
    # Organisations and half-days are not people: shown as they are.
    assert rapport["chiffres_cles"]["organisations_parcours"] == 1
    assert rapport["chiffres_cles"]["demi_journees_individuelles"] == 4
    # The team sees the same perimeter unmasked.
    assert calculer(DU, AU, Perimetre.de_territoire(cavm))["chiffres_cles"]["accompagnateurs"] == 2


def test_a_funder_without_territory_sees_nothing():
    _deux_territoires()
    financeur = FinanceurFactory(code="VIDE")

    rapport = calculer(DU, AU, Perimetre.de_financeur(financeur))

    assert rapport["parcours"] == [] and rapport["communautes"] == []
    assert rapport["chiffres_cles"]["organisations_parcours"] == 0


def test_the_chronology_gives_half_days_per_month():
    SeanceFactory(date=d("2019-02-10"), demi_journees=2)
    SeanceFactory(date=d("2019-02-20"), demi_journees=1)
    DemiJourneeFactory(date=d("2019-12-31"), demi_journees=4)

    mois = chronologie(DU, AU, Perimetre.tout())

    assert len(mois) == 12
    assert mois[1] == {
        "mois": "2019-02-01",
        "demi_journees_collectives": 3,
        "seances": 2,
        "demi_journees_individuelles": 0,
    }
    assert mois[11]["demi_journees_individuelles"] == 4


def _requetes(perimetre):
    with CaptureQueriesContext(connection) as ctx:
        calculer(DU, AU, perimetre)
    return len(ctx.captured_queries)


@pytest.mark.parametrize("perimetre", ["tout", "territoire", "financeur"])
def test_the_number_of_queries_does_not_grow_with_the_data(perimetre):
    def construire():
        mel, cavm, region = _deux_territoires()
        if perimetre == "tout":
            return Perimetre.tout()
        if perimetre == "territoire":
            return Perimetre.de_territoire(cavm)
        return Perimetre.de_financeur(
            FinanceurFactory(code="F", territoires=[mel, cavm]), [mel, cavm]
        )

    p = construire()
    petit = _requetes(p)
    for _ in range(3):
        _deux_territoires()
    # 10 for DESIGN §5 (the themes: two grouped queries and their list), plus one aggregate
    # for the follow-up surveys' section (outils).
    assert _requetes(p) == petit == 11


def test_the_workshops_of_a_joint_event_add_no_half_days():
    from communautes.models import Atelier

    communaute = CommunauteFactory()
    evenement = SeanceFactory(communaute=communaute, date=d("2019-06-01"), demi_journees=2)
    for i in range(3):
        atelier = SeanceFactory(communaute=communaute, date=d("2019-06-01"), demi_journees=1)
        Atelier.objects.create(seance=atelier, evenement=evenement, ordre=i)
        ParticipationFactory(seance=atelier)

    rapport = calculer(DU, AU)

    assert rapport["chiffres_cles"]["demi_journees_collectives"] == 2
    assert rapport["communautes"][0]["demi_journees_collectives"] == 2
    assert rapport["chiffres_cles"]["participants_communautes"] == 3
