"""Funding lines: default charging, the team's changes kept in history, the ledger and its
agreement with the activity report, who sees which line, constant query counts."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apes_rh.financements import (
    ALERTE_DEPASSEE,
    ALERTE_EPUISEE,
    compte_de,
    financements_du_rapport,
    grand_livre,
)
from apes_rh.forms import FinancementForm
from apes_rh.models import Financement, Financeur, Territoire
from apes_rh.rapports.calculs import Requetes, calculer, chiffres_cles, donnees_completes
from apes_rh.rapports.perimetre import Perimetre
from tests.factories import FinanceurFactory, OrganisationFactory, TerritoireFactory, UserFactory
from tests.rapports.factories import (
    CoachFactory,
    CommunauteFactory,
    DemiJourneeFactory,
    InscriptionFactory,
    ParcoursFactory,
    SeanceFactory,
)

pytestmark = pytest.mark.django_db

DU, AU = dt.date(2019, 1, 1), dt.date(2022, 12, 31)


def ligne(financeur=None, annee=2020, convention="Convention", **kwargs):
    return Financement.objects.create(
        financeur=financeur or FinanceurFactory(), annee=annee, convention=convention, **kwargs
    )


@pytest.fixture
def programme(db):
    """The demo programme (apes_rh/demo CSVs) with the demo funding lines charged."""
    from apes_rh import demo_financements
    from apes_rh.importation import importer_dossier
    from tests.rapports.factories import DEMO

    for code in ("DREETS", "REGION", "MEL", "CAVM"):
        FinanceurFactory(code=code)
    resultat = importer_dossier(DEMO)
    assert resultat.ok, resultat.erreurs
    Financeur.objects.get(code="MEL").territoires.set(Territoire.objects.filter(code="MEL"))
    demo_financements.charger(io.StringIO())
    return Financement.objects.all()


# -- the ledger adds up to the report ---------------------------------------------------------


def test_ledger_of_every_line_plus_not_charged_equals_the_report(programme):
    livre = grand_livre(list(programme), du=DU, au=AU, non_impute=True)
    rapport = calculer(DU, AU)["chiffres_cles"]

    assert livre.non_impute.utilise_individuelles > 0  # the demo leaves some activity unassigned
    assert livre.total.utilise_individuelles == rapport["demi_journees_individuelles"]
    assert livre.total.utilise_collectives == rapport["demi_journees_collectives"]
    assert sum(c.utilise_collectives for c in livre.comptes) > 0


def test_a_funders_lines_add_up_to_its_report_for_the_same_period_and_perimeter(programme):
    """Two MEL lines cover the MEL perimeter: the MEL 2019 parcours line (charged by default)
    and a second line to which the team charges the rest of the perimeter's activity."""
    mel = Financeur.objects.get(code="MEL")
    perimetre = Perimetre.de_financeur(mel)
    r = Requetes(DU, AU, perimetre)
    autre = ligne(mel, 2020, "Appuis hors parcours", budget_individuel=20)
    for dj in r.demi_journees_individuelles().filter(financement__isnull=True):
        dj.financement = autre
        dj.save()
    for seance in r.seances().filter(financement__isnull=True):
        seance.financement = autre
        seance.save()
    lignes = list(Financement.objects.filter(financeur=mel))
    assert len(lignes) == 2

    livre = grand_livre(lignes, du=DU, au=AU)
    rapport = chiffres_cles(r)
    assert rapport["demi_journees_individuelles"] > 0
    assert rapport["demi_journees_collectives"] > 0
    assert (
        sum(c.utilise_individuelles for c in livre.comptes)
        == rapport["demi_journees_individuelles"]
    )
    assert sum(c.utilise_collectives for c in livre.comptes) == rapport["demi_journees_collectives"]
    # The same figures in the funder's report (frozen data, PDF, exports).
    donnees = donnees_completes(DU, AU, perimetre)
    section = donnees["financements"]
    assert {f["convention"] for f in section} == {c.convention for c in lignes}
    assert (
        sum(f["utilise_individuelles"] for f in section)
        == (donnees["chiffres_cles"]["demi_journees_individuelles"])
    )
    assert (
        sum(f["utilise_collectives"] for f in section)
        == (donnees["chiffres_cles"]["demi_journees_collectives"])
    )
    assert (
        sum(m["individuelles"] for f in section for m in f["mois"])
        == (rapport["demi_journees_individuelles"])
    )
    from apes_rh.rapports import exports, pdf

    html = pdf.html(donnees)
    assert "Vos lignes de financement" in html and '<th scope="row">avril 2019</th>' in html
    assert "Appuis hors parcours" in exports.csv_octets(donnees).decode("utf-8")
    assert b"financements" in exports.json_octets(donnees)


def test_a_report_without_funder_has_no_ledger_section(programme):
    mel = Territoire.objects.get(code="MEL")
    assert financements_du_rapport(DU, AU, Perimetre.de_territoire(mel)) == []
    assert "financements" not in donnees_completes(DU, AU, Perimetre.tout())


# -- default charging ---------------------------------------------------------------------------


def test_a_new_session_takes_the_line_of_its_parcours_or_community():
    l_parcours, l_communaute = ligne(convention="P"), ligne(convention="C")
    parcours = ParcoursFactory(financement=l_parcours)
    communaute = CommunauteFactory(financement=l_communaute)

    assert SeanceFactory(parcours=parcours).financement == l_parcours
    assert SeanceFactory(communaute=communaute).financement == l_communaute
    assert SeanceFactory().financement is None  # regional event: not charged
    choisie = ligne(convention="Autre")
    assert SeanceFactory(parcours=parcours, financement=choisie).financement == choisie


def test_a_half_day_takes_its_missions_line_else_its_parcours_line_on_that_date():
    from tests.accompagnateurs.factories import MissionFactory

    l_parcours, l_mission = ligne(convention="P"), ligne(convention="M")
    parcours = ParcoursFactory(
        debut=dt.date(2020, 1, 1), fin=dt.date(2020, 12, 31), financement=l_parcours
    )
    org = OrganisationFactory()
    InscriptionFactory(parcours=parcours, organisation=org)

    assert DemiJourneeFactory(organisation=org, date=dt.date(2020, 5, 1)).financement == l_parcours
    assert DemiJourneeFactory(organisation=org, date=dt.date(2021, 5, 1)).financement is None
    mission = MissionFactory(organisation=org, debut=dt.date(2020, 2, 1))
    assert mission.financement == l_parcours  # a mission defaults to the parcours' line too
    mission.financement = l_mission
    mission.save()
    dj = DemiJourneeFactory(organisation=org, date=dt.date(2020, 5, 2), mission=mission)
    assert dj.financement == l_mission


def test_import_charges_new_sessions_and_half_days_and_a_second_import_changes_nothing(tmp_path):
    from apes_rh.importation import importer_dossier
    from parcours.models import Parcours, Seance
    from tests.rapports.factories import ecrire_csv

    TerritoireFactory(code="MEL")
    l_parcours = ligne(convention="P")
    parcours = ParcoursFactory(
        code="MEL-2019", debut=dt.date(2019, 1, 1), fin=dt.date(2019, 12, 31)
    )
    Parcours.objects.filter(pk=parcours.pk).update(financement=l_parcours)
    org = OrganisationFactory(nom="Asso A")
    InscriptionFactory(parcours=parcours, organisation=org)
    coach = CoachFactory(user=UserFactory(email="coach@example.org"))
    ecrire_csv(
        tmp_path,
        "seances.csv",
        [
            ["ref", "titre", "type", "date", "demi_journees", "parcours", "communaute"],
            ["S1", "Lancement", "collectif_parcours", "2019-03-01", "2", "MEL-2019", ""],
            ["S2", "Forum", "information", "2019-03-02", "1", "", ""],
        ],
    )
    ecrire_csv(
        tmp_path,
        "appuis_individuels.csv",
        [
            ["accompagnateur", "organisation", "date", "demi_journees"],
            [coach.user.email, "Asso A", "2019-04-01", "1"],
            [coach.user.email, "Asso A", "2020-04-01", "1"],  # after the parcours
        ],
    )
    assert importer_dossier(tmp_path).ok
    assert Seance.objects.get(ref="S1").financement == l_parcours
    assert Seance.objects.get(ref="S2").financement is None
    from accompagnateurs.models import DemiJournee

    assert DemiJournee.objects.get(date=dt.date(2019, 4, 1)).financement == l_parcours
    assert DemiJournee.objects.get(date=dt.date(2020, 4, 1)).financement is None

    # The team moves S1 to another line: importing again keeps its choice.
    autre = ligne(convention="Autre")
    s1 = Seance.objects.get(ref="S1")
    s1.financement = autre
    s1.save()
    resultat = importer_dossier(tmp_path)
    assert resultat.ok
    assert Seance.objects.get(ref="S1").financement == autre


# -- the team changes a line; history keeps it --------------------------------------------------


def test_the_team_changes_a_half_days_line_and_history_records_it(client):
    from accompagnateurs.models import DemiJournee

    avant, apres = ligne(convention="Avant"), ligne(convention="Après")
    parcours = ParcoursFactory(financement=avant)
    org = OrganisationFactory()
    InscriptionFactory(parcours=parcours, organisation=org)
    dj = DemiJourneeFactory(organisation=org, date=dt.date(2020, 3, 1))
    assert dj.financement == avant
    chargee = UserFactory(chargee=True)
    client.force_login(chargee)

    response = client.post(
        reverse("accompagnateurs:demi_journee_modifier", args=[dj.pk]),
        {
            "date": "2020-03-01",
            "organisation": org.pk,
            "demi_journees": 1,
            "nature": "individuel",
            "financement": apres.pk,
            "motif": "Convention 2020 épuisée",
        },
    )

    assert response.status_code == 302, response.context["form"].errors
    dj = DemiJournee.objects.get(pk=dj.pk)
    assert dj.financement == apres
    derniere, precedente = dj.history.order_by("-history_date", "-history_id")[:2]
    assert (precedente.financement_id, derniere.financement_id) == (avant.pk, apres.pk)
    assert derniere.history_user == chargee
    assert derniere.history_change_reason == "Convention 2020 épuisée"
    page = client.get(reverse("accompagnateurs:demi_journee", args=[dj.pk]))
    assert f"ligne {apres}" in page.content.decode()


def test_the_team_changes_a_sessions_line_through_the_session_form_and_history_keeps_it():
    from parcours import services
    from parcours.forms import SeanceForm

    avant, apres = ligne(convention="Avant"), ligne(convention="Après")
    seance = SeanceFactory(parcours=ParcoursFactory(financement=avant))
    donnees = {
        "titre": seance.titre,
        "type": seance.type,
        "parcours": seance.parcours_id,
        "date": "2020-03-01",
        "demi_journees": 1,
        "financement": apres.pk,
    }
    form = SeanceForm(donnees, instance=seance)
    assert form.is_valid(), form.errors
    services.seance_enregistrer(seance=form.save(commit=False))
    seance.refresh_from_db()
    assert seance.financement == apres
    assert [h.financement_id for h in seance.history.order_by("history_date", "history_id")] == [
        avant.pk,
        apres.pk,
    ]
    # Emptied: back to the parcours' default line.
    form = SeanceForm({**donnees, "financement": ""}, instance=seance)
    assert form.is_valid(), form.errors
    services.seance_enregistrer(seance=form.save(commit=False))
    seance.refresh_from_db()
    assert seance.financement == avant


# -- planned, warnings --------------------------------------------------------------------------


def test_planned_counts_scheduled_sessions_and_open_missions_remainder_and_warns():
    from tests.accompagnateurs.factories import MissionFactory

    aujourd_hui = timezone.localdate()
    f = ligne(budget_individuel=10, budget_collectif=10)
    parcours = ParcoursFactory(financement=f)
    SeanceFactory(parcours=parcours, date=aujourd_hui - dt.timedelta(days=3), demi_journees=4)
    SeanceFactory(parcours=parcours, date=aujourd_hui + dt.timedelta(days=30), demi_journees=4)
    SeanceFactory(parcours=parcours, date=aujourd_hui + dt.timedelta(days=3), annulee=True)
    SeanceFactory(parcours=parcours, date=aujourd_hui, type="information", demi_journees=3)
    mission = MissionFactory(financement=f, budget_demi_journees=6, debut=aujourd_hui)
    DemiJourneeFactory(mission=mission, organisation=mission.organisation, demi_journees=2)
    DemiJourneeFactory(  # not validated yet: still in the mission's remainder
        mission=mission, organisation=mission.organisation, demi_journees=1, statut="soumise"
    )

    compte = compte_de(Financement.objects.get(pk=f.pk))
    assert (compte.utilise_collectives, compte.prevu_collectives) == (4, 4)
    assert (compte.utilise_individuelles, compte.prevu_individuelles) == (2, 4)
    assert compte.alerte == ""  # 8/10 collective, 6/10 individual

    SeanceFactory(parcours=parcours, date=aujourd_hui + dt.timedelta(days=40))
    assert compte_de(f).alerte == ALERTE_EPUISEE  # 9/10 ≥ 90 %
    SeanceFactory(parcours=parcours, date=aujourd_hui + dt.timedelta(days=50), demi_journees=2)
    compte = compte_de(f)
    assert compte.alerte == ALERTE_DEPASSEE and compte.alerte_libelle == "Ligne dépassée"
    assert {m.mois.month for m in compte.mois} >= {aujourd_hui.replace(day=1).month}


# -- who sees what ------------------------------------------------------------------------------


def test_a_funder_sees_its_own_lines_only(client):
    mel, cavm = FinanceurFactory(code="MEL"), FinanceurFactory(code="CAVM")
    sienne = ligne(mel, 2019, "Parcours MEL 2019", budget_individuel=30)
    autre = ligne(cavm, 2020, "Parcours CAVM 2020")
    SeanceFactory(parcours=ParcoursFactory(financement=sienne), demi_journees=2)
    client.force_login(UserFactory(financeur=mel))

    page = client.get(reverse("financement_grand_livre", args=[sienne.pk]))
    assert page.status_code == 200
    assert "Parcours MEL 2019" in page.content.decode()
    # Ledger figures are half-days, not people: the funders' "< 3" rule does not apply, so
    # the 2 collective half-days used show as 2 (allocated / used / planned / left).
    assert "0 / 2 / 0 / -2" in page.content.decode()
    assert "&lt; 3" not in page.content.decode()
    assert client.get(reverse("financement_grand_livre", args=[autre.pk])).status_code == 404

    tableau = client.get(reverse("financeur_tableau")).content.decode()
    assert "Parcours MEL 2019" in tableau
    assert "Parcours CAVM 2020" not in tableau
    assert "Non imputé" not in tableau  # may hold other funders' activity
    assert list(Financement.objects.visibles_par(UserFactory(financeur=mel))) == [sienne]


def test_the_team_sees_every_line_and_what_is_not_charged(client):
    sienne = ligne(FinanceurFactory(code="MEL"), 2019, "Parcours MEL 2019")
    SeanceFactory(demi_journees=3)  # a regional event without a line
    client.force_login(UserFactory(chargee=True))

    page = client.get(reverse("equipe_financements")).content.decode()
    assert str(sienne) in page and "Non imputé" in page
    assert client.get(reverse("financement_grand_livre", args=[sienne.pk])).status_code == 200
    assert (
        client.get(reverse("equipe_tableau")).content.decode().count(reverse("equipe_financements"))
    )


# -- forms --------------------------------------------------------------------------------------


def test_the_form_refuses_a_negative_budget_and_a_duplicate_in_french():
    financeur = FinanceurFactory(code="DREETS")
    ligne(financeur, 2021, "Mission RH")
    form = FinancementForm(
        {
            "financeur": financeur.pk,
            "convention": "mission rh",
            "annee": 2021,
            "budget_individuel": -1,
            "budget_collectif": 10,
        }
    )
    assert not form.is_valid()
    assert form.errors["budget_individuel"] == ["Le budget ne peut pas être négatif."]
    assert form.errors["convention"] == [
        "Ce financeur a déjà une ligne pour cette convention et cette année."
    ]
    assert "__all__" not in form.errors


def test_the_team_creates_and_edits_a_line(client):
    financeur = FinanceurFactory(code="DREETS")
    mel = TerritoireFactory(code="MEL")
    client.force_login(UserFactory(chargee=True))
    donnees = {
        "financeur": financeur.pk,
        "convention": "Mission RH",
        "annee": 2021,
        "territoires": [mel.pk],
        "budget_individuel": 40,
        "budget_collectif": 20,
    }
    response = client.post(reverse("equipe_financement_creer"), donnees)
    f = Financement.objects.get()
    assert response.url == reverse("financement_grand_livre", args=[f.pk])
    assert str(f) == "DREETS 2021 — convention Mission RH"
    client.post(
        reverse("equipe_financement_modifier", args=[f.pk]), {**donnees, "budget_collectif": 25}
    )
    f.refresh_from_db()
    assert f.budget_collectif == 25 and list(f.territoires.all()) == [mel]


# -- constant queries ---------------------------------------------------------------------------


def _requetes(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _activite(financement, n):
    parcours = ParcoursFactory(financement=financement)
    for i in range(n):
        org = OrganisationFactory()
        InscriptionFactory(parcours=parcours, organisation=org)
        SeanceFactory(parcours=parcours, date=dt.date(2020, 1 + i % 12, 1))
        DemiJourneeFactory(organisation=org, date=dt.date(2020, 1 + i % 12, 2))


def test_ledger_pages_run_a_constant_number_of_queries(client):
    mel = FinanceurFactory(code="MEL", territoires=[TerritoireFactory(code="MEL")])
    f = ligne(mel, 2020, "Parcours")
    equipe, contact = UserFactory(chargee=True), UserFactory(financeur=mel)
    urls = [
        (equipe, reverse("equipe_financements")),
        (equipe, reverse("financement_grand_livre", args=[f.pk])),
        (contact, reverse("financement_grand_livre", args=[f.pk])),
        (contact, reverse("financeur_tableau")),
    ]
    _activite(f, 2)
    ligne(mel, 2021, "Deuxième")
    avant = []
    for user, url in urls:
        client.force_login(user)
        avant.append(_requetes(client, url))
    _activite(f, 12)
    for i in range(5):
        ligne(mel, 2022 + i, f"Ligne {i}")
    apres = []
    for user, url in urls:
        client.force_login(user)
        apres.append(_requetes(client, url))
    assert apres == avant


def test_the_session_page_shows_its_line_to_the_team_only(client):
    f = ligne(FinanceurFactory(code="MEL"), 2019, "Parcours MEL 2019")
    seance = SeanceFactory(parcours=ParcoursFactory(financement=f), publique=True)
    url = reverse("parcours:seance", args=[seance.pk])
    client.force_login(UserFactory(chargee=True))
    assert str(f) in client.get(url).content.decode()
    client.force_login(UserFactory())
    page = client.get(url)
    assert page.status_code == 200 and str(f) not in page.content.decode()


def test_a_coach_moving_a_draft_to_another_organisation_moves_its_default_line():
    from accompagnateurs import services

    l_a, l_b = ligne(convention="A"), ligne(convention="B")
    org_a, org_b = OrganisationFactory(), OrganisationFactory()
    InscriptionFactory(parcours=ParcoursFactory(financement=l_a), organisation=org_a)
    InscriptionFactory(parcours=ParcoursFactory(financement=l_b), organisation=org_b)
    coach = CoachFactory()
    champs = {"date": dt.date(2020, 3, 1), "demi_journees": 1, "nature": "individuel"}
    dj = services.demi_journee_enregistrer(accompagnateur=coach, organisation=org_a, **champs)
    assert dj.financement == l_a
    dj = services.demi_journee_enregistrer(
        accompagnateur=coach, instance=dj, organisation=org_b, **champs
    )
    assert dj.financement == l_b


def test_the_team_dashboard_warns_about_lines_nearly_exhausted_or_over(client):
    annee = timezone.localdate().year
    presque = ligne(FinanceurFactory(code="MEL"), annee, "Presque", budget_collectif=10)
    ligne(FinanceurFactory(code="CAVM"), annee, "Large", budget_collectif=100)
    ancienne = ligne(FinanceurFactory(code="REGION"), annee - 5, "Ancienne", budget_collectif=1)
    SeanceFactory(parcours=ParcoursFactory(financement=presque), demi_journees=9)
    SeanceFactory(parcours=ParcoursFactory(financement=ancienne), demi_journees=9)
    client.force_login(UserFactory(chargee=True))

    html = client.get(reverse("equipe_tableau")).content.decode()

    assert f"{presque}</a> : ligne bientôt épuisée" in html
    assert "Large" not in html and "Ancienne" not in html  # closed lines stay quiet


def test_the_validation_screen_shows_each_half_days_line(client):
    f = ligne(FinanceurFactory(code="MEL"), 2020, "Parcours MEL")
    org = OrganisationFactory()
    InscriptionFactory(parcours=ParcoursFactory(financement=f), organisation=org)
    DemiJourneeFactory(organisation=org, statut="soumise")
    DemiJourneeFactory(statut="soumise")
    client.force_login(UserFactory(chargee=True))
    html = client.get(reverse("accompagnateurs:validation")).content.decode()
    assert str(f) in html and "non imputée" in html
