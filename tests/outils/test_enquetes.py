"""Follow-up surveys: created and sent once at 3 and 6 months, answered once by a pilot,
on the timeline, counted in the reports with small counts hidden from funders."""

import datetime as dt
import io
import re

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accompagnateurs.enums import StatutMission
from apes_rh import rappels
from apes_rh.models import EnvoiRappel, PreferenceRappel
from apes_rh.rapports import pdf
from apes_rh.rapports.calculs import Requetes, calculer, donnees_completes
from apes_rh.rapports.perimetre import Perimetre
from outils import demo, tasks
from outils.chronologie import chronologie
from outils.enquetes import (
    ENQUETES_SUIVI,
    ajouter_mois,
    bornes_fin,
    collecter_enquetes,
    enquete_repondre,
    section_rapport,
)
from outils.enums import OrigineEnquete
from outils.models import EnqueteSuivi
from parcours.enums import RoleMembre, StatutInscription
from parcours.models import Membre
from tests.accompagnateurs.factories import MissionFactory
from tests.factories import FinanceurFactory, OrganisationFactory, TerritoireFactory, UserFactory
from tests.outils.factories import ActionFactory, PlanFactory
from tests.parcours.factories import InscriptionFactory, ParcoursFactory

pytestmark = pytest.mark.django_db

# Today for real: surveys are stamped with the current time when sent and answered.
AUJOURDHUI = timezone.localdate()
TEXTE_CONFIDENTIEL = "Nous avons enfin des entretiens annuels, et le CSE en parle."


@pytest.fixture
def aujourdhui(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: AUJOURDHUI)
    return AUJOURDHUI


def _organisation(territoire=None, **kwargs):
    org = OrganisationFactory(territoire=territoire or TerritoireFactory(code="MEL"), **kwargs)
    pilote = UserFactory(pilote_de=org)
    return org, pilote


def _parcours_fini(org, fin):
    parcours = ParcoursFactory(debut=fin - dt.timedelta(days=300), fin=fin)
    return InscriptionFactory(parcours=parcours, organisation=org)


def _mission_finie(org, fin, **kwargs):
    return MissionFactory(
        organisation=org,
        debut=fin - dt.timedelta(days=90),
        fin=fin,
        statut=kwargs.pop("statut", StatutMission.TERMINEE),
        **kwargs,
    )


def _executer(jour=AUJOURDHUI):
    return rappels.executer(ENQUETES_SUIVI, jour)


# -- creation and sending --------------------------------------------------------------------


def test_parcours_and_mission_surveys_are_created_and_sent_at_3_and_6_months(aujourdhui):
    org, pilote = _organisation()
    inscription = _parcours_fini(org, ajouter_mois(AUJOURDHUI, -3))
    mission = _mission_finie(org, ajouter_mois(AUJOURDHUI, -6))

    bilan = _executer()

    assert bilan.envoyes == 2
    enquetes = {(e.origine, e.echeance): e for e in EnqueteSuivi.objects.all()}
    assert set(enquetes) == {(OrigineEnquete.PARCOURS, 3), (OrigineEnquete.MISSION, 6)}
    assert enquetes[OrigineEnquete.PARCOURS, 3].inscription == inscription
    assert enquetes[OrigineEnquete.MISSION, 6].mission == mission
    assert list(enquetes[OrigineEnquete.MISSION, 6].envoyee_a.all()) == [pilote]
    assert {m.to[0] for m in mail.outbox} == {pilote.email}
    lien = reverse(
        "outils:enquete",
        kwargs={"pk": org.pk, "enquete_pk": enquetes[OrigineEnquete.PARCOURS, 3].pk},
    )
    assert any(lien in m.body and "3 mois" in m.subject for m in mail.outbox)
    # The same origins three months later: their other survey, and nothing else.
    mail.outbox.clear()
    plus_tard = ajouter_mois(inscription.parcours.fin, 6)
    bilan = _executer(plus_tard)
    assert bilan.envoyes == 1
    assert EnqueteSuivi.objects.filter(inscription=inscription, echeance=6).exists()
    assert EnqueteSuivi.objects.count() == 3


def test_sent_once_even_when_the_task_runs_twice(aujourdhui):
    org, pilote = _organisation()
    copilote = UserFactory()
    Membre.objects.create(
        personne=copilote, organisation=org, role=RoleMembre.COPILOTE, debut=dt.date(2020, 1, 1)
    )
    _parcours_fini(org, ajouter_mois(AUJOURDHUI, -3))

    premier = tasks.enquetes_suivi()
    second = tasks.enquetes_suivi()
    _executer(AUJOURDHUI + dt.timedelta(days=1))  # the next day's run too

    assert premier["envoyes"] == 2  # the pilot and the co-pilot
    assert second["envoyes"] == 0 and second["deja_envoyes"] == 2
    assert EnqueteSuivi.objects.count() == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted([pilote.email, copilote.email])
    assert EnvoiRappel.objects.filter(type=ENQUETES_SUIVI).count() == 2


def test_the_database_refuses_a_second_survey_for_the_same_origin_and_echeance(aujourdhui):
    org, _ = _organisation()
    inscription = _parcours_fini(org, ajouter_mois(AUJOURDHUI, -3))
    _executer()
    with pytest.raises(IntegrityError), transaction.atomic():
        EnqueteSuivi.objects.create(
            organisation=org,
            origine=OrigineEnquete.PARCOURS,
            inscription=inscription,
            echeance=3,
            fin_accompagnement=inscription.parcours.fin,
        )


def test_a_late_run_catches_up_a_month_but_never_surveys_old_history(aujourdhui):
    org, _ = _organisation()
    rattrape = _mission_finie(org, ajouter_mois(AUJOURDHUI, -3) - dt.timedelta(days=20))
    _mission_finie(org, ajouter_mois(AUJOURDHUI, -3) - dt.timedelta(days=40))  # too late
    _parcours_fini(org, dt.date(2020, 3, 31))  # the imported 2019–2021 programme
    _parcours_fini(org, ajouter_mois(AUJOURDHUI, -3) + dt.timedelta(days=1))  # not yet

    _executer()

    assert list(EnqueteSuivi.objects.values_list("mission", "echeance")) == [(rattrape.pk, 3)]


def test_only_finished_missions_and_enrolled_organisations_are_surveyed(aujourdhui):
    org, _ = _organisation()
    fin = ajouter_mois(AUJOURDHUI, -3)
    _mission_finie(org, fin, statut=StatutMission.EN_COURS)  # may still be extended
    _mission_finie(org, fin, statut=StatutMission.ANNULEE)
    parcours = ParcoursFactory(debut=fin - dt.timedelta(days=300), fin=fin)
    InscriptionFactory(parcours=parcours, statut=StatutInscription.CANDIDATURE)
    archivee, _ = _organisation(archivee=True)
    _parcours_fini(archivee, fin)

    assert _executer().envoyes == 0
    assert not EnqueteSuivi.objects.exists()


def test_preference_off_means_no_email_but_the_survey_waits_in_the_space(aujourdhui, client):
    org, pilote = _organisation()
    PreferenceRappel.objects.create(personne=pilote, type=ENQUETES_SUIVI, recevoir=False)
    _parcours_fini(org, ajouter_mois(AUJOURDHUI, -3))

    bilan = _executer()

    assert bilan.refuses == 1 and mail.outbox == []
    enquete = EnqueteSuivi.objects.get()
    client.force_login(pilote)
    page = client.get(reverse("outils:enquetes", kwargs={"pk": org.pk}))
    assert page.status_code == 200
    assert reverse("outils:enquete", kwargs={"pk": org.pk, "enquete_pk": enquete.pk}) in (
        page.content.decode()
    )


def test_the_collector_runs_a_constant_number_of_queries(aujourdhui, django_assert_max_num_queries):
    def origines(n):
        for _ in range(n):
            org, _ = _organisation()
            _parcours_fini(org, ajouter_mois(AUJOURDHUI, -3))
            _mission_finie(org, ajouter_mois(AUJOURDHUI, -6))

    origines(1)
    with django_assert_max_num_queries(20) as petit:
        assert len(collecter_enquetes(AUJOURDHUI)) == 2
    EnqueteSuivi.objects.all().delete()
    origines(4)
    with django_assert_max_num_queries(len(petit.captured_queries)):
        assert len(collecter_enquetes(AUJOURDHUI)) == 10


# -- answering --------------------------------------------------------------------------------


@pytest.fixture
def enquete(aujourdhui):
    org, pilote = _organisation()
    _parcours_fini(org, ajouter_mois(AUJOURDHUI, -3))
    _executer()
    enquete = EnqueteSuivi.objects.get()
    enquete.pilote = pilote
    return enquete


def _url(enquete, org=None):
    return reverse(
        "outils:enquete", kwargs={"pk": (org or enquete.organisation).pk, "enquete_pk": enquete.pk}
    )


def test_the_pilot_answers_with_the_plan_actions(enquete, client):
    plan = PlanFactory(organisation=enquete.organisation)
    poursuivie, arretee = ActionFactory(plan=plan), ActionFactory(plan=plan)
    client.force_login(enquete.pilote)

    page = client.get(_url(enquete))
    assert poursuivie.titre in page.content.decode()  # a checkbox per action of the plan
    reponse = client.post(
        _url(enquete),
        {
            "ce_qui_a_change": TEXTE_CONFIDENTIEL,
            "actions_poursuivies": [poursuivie.pk],
            "utilite": "4",
        },
    )

    assert reponse.status_code == 302
    enquete.refresh_from_db()
    assert enquete.utilite == 4 and enquete.repondue_par == enquete.pilote
    assert enquete.ce_qui_a_change == TEXTE_CONFIDENTIEL
    assert list(enquete.actions_poursuivies.all()) == [poursuivie]
    assert arretee not in enquete.actions_poursuivies.all()
    assert enquete.history.count() == 2  # created, answered


def test_invalid_answers_get_french_field_messages(enquete, client):
    autre_action = ActionFactory()  # another organisation's plan
    client.force_login(enquete.pilote)

    reponse = client.post(
        _url(enquete),
        {"ce_qui_a_change": "   ", "utilite": "7", "actions_poursuivies": [autre_action.pk]},
    )

    assert reponse.status_code == 200
    erreurs = reponse.context["form"].errors
    assert erreurs["ce_qui_a_change"] == [
        "Dites en quelques mots ce qui a changé (ou que rien n'a changé)."
    ]
    assert erreurs["utilite"] == ["La note d'utilité va de 1 à 5."]
    assert erreurs["actions_poursuivies"] == ["Cette action ne fait pas partie de votre schéma."]
    reponse = client.post(_url(enquete), {"ce_qui_a_change": "Un peu."})
    assert reponse.context["form"].errors["utilite"] == ["Choisissez une note d'utilité de 1 à 5."]
    enquete.refresh_from_db()
    assert enquete.repondue_le is None


def test_a_second_answer_is_refused_politely_and_shows_the_first(enquete, client):
    copilote = UserFactory()
    Membre.objects.create(
        personne=copilote,
        organisation=enquete.organisation,
        role=RoleMembre.COPILOTE,
        debut=dt.date(2020, 1, 1),
    )
    enquete_repondre(
        enquete=enquete, personne=enquete.pilote, ce_qui_a_change="Premier", actions=[], utilite=5
    )
    client.force_login(copilote)

    reponse = client.post(_url(enquete), {"ce_qui_a_change": "Second", "utilite": "1"}, follow=True)

    contenu = reponse.content.decode()
    assert reponse.status_code == 200
    assert "déjà reçu une réponse" in contenu and "Premier" in contenu
    assert '<form method="post" novalidate>' not in contenu
    enquete.refresh_from_db()
    assert (enquete.ce_qui_a_change, enquete.utilite) == ("Premier", 5)


def test_another_organisations_pilot_members_and_coaches_get_404(enquete, client):
    autre_org, autre_pilote = _organisation()
    membre = UserFactory(membre_de=enquete.organisation)
    for personne, url in [
        (autre_pilote, _url(enquete)),
        (autre_pilote, _url(enquete, org=autre_org)),
        (membre, _url(enquete)),
        (membre, reverse("outils:enquetes", kwargs={"pk": enquete.organisation.pk})),
    ]:
        client.force_login(personne)
        assert client.get(url).status_code == 404
        assert client.post(url, {"ce_qui_a_change": "x", "utilite": "3"}).status_code == 404
    enquete.refresh_from_db()
    assert enquete.repondue_le is None


def test_the_team_reads_but_does_not_answer(enquete, client):
    chargee = UserFactory(chargee=True)
    client.force_login(chargee)
    assert client.get(_url(enquete)).status_code == 200
    assert client.post(_url(enquete), {"ce_qui_a_change": "x", "utilite": "3"}).status_code == 403


# -- timeline, team list ---------------------------------------------------------------------


def test_the_answer_appears_on_the_timeline(enquete, client):
    enquete_repondre(
        enquete=enquete,
        personne=enquete.pilote,
        ce_qui_a_change=TEXTE_CONFIDENTIEL,
        actions=[],
        utilite=4,
    )
    evenements = [e for e in chronologie(enquete.organisation) if e.type == "enquete"]
    assert [e.titre for e in evenements] == ["Enquête de suivi à 3 mois : utilité 4/5"]
    membre = UserFactory(membre_de=enquete.organisation)
    client.force_login(membre)
    page = client.get(reverse("outils:chronologie", kwargs={"pk": enquete.organisation.pk}))
    assert "Enquête de suivi à 3 mois : utilité 4/5" in page.content.decode()


def _repondues(n, territoire, utilites, jour=AUJOURDHUI):
    """n organisations of `territoire` whose 3-month survey is answered."""
    for _ in range(n):
        org, _pilote = _organisation(territoire)
        _parcours_fini(org, ajouter_mois(jour, -3))
    _executer(jour)
    for enquete, utilite in zip(
        EnqueteSuivi.objects.filter(organisation__territoire=territoire, repondue_le=None),
        utilites,
        strict=False,
    ):
        enquete_repondre(
            enquete=enquete,
            personne=enquete.envoyee_a.get(),
            ce_qui_a_change=f"{TEXTE_CONFIDENTIEL} ({enquete.pk})",
            actions=[],
            utilite=utilite,
        )


def test_team_list_shows_answers_with_constant_queries(
    aujourdhui, client, django_assert_max_num_queries
):
    mel = TerritoireFactory(code="MEL")
    chargee = UserFactory(chargee=True)
    client.force_login(chargee)
    url = reverse("outils:enquetes_equipe")
    _repondues(1, mel, [4])
    client.get(url)  # warm caches (session, roles)
    with django_assert_max_num_queries(40) as petit:
        page = client.get(url)
    assert TEXTE_CONFIDENTIEL in page.content.decode()
    _repondues(5, mel, [3, 5, 2, 4, 4])
    with django_assert_max_num_queries(len(petit.captured_queries)):
        page = client.get(url)
    assert page.content.decode().count(TEXTE_CONFIDENTIEL) == 6
    assert client.get(url + "?etat=attente").status_code == 200


# -- reports -----------------------------------------------------------------------------------


def _periode():
    return AUJOURDHUI.replace(month=1, day=1), AUJOURDHUI


def test_report_aggregates_for_the_period_and_perimeter(aujourdhui):
    mel, cavm = TerritoireFactory(code="MEL"), TerritoireFactory(code="CAVM")
    _repondues(4, mel, [5, 4, 4, 2])  # 4 sent, 4 answered
    _repondues(2, cavm, [1])  # 2 sent, 1 answered
    du, au = _periode()

    tout = section_rapport(Requetes(du, au, Perimetre.tout()))
    assert tout["envoyees"] == 6 and tout["repondues"] == 5
    assert tout["utilite_moyenne"] == round((5 + 4 + 4 + 2 + 1) / 5, 1)
    assert tout["repartition"] == {"1": 1, "2": 1, "3": 0, "4": 2, "5": 1}
    de_mel = calculer(du, au, Perimetre.de_territoire(mel))["enquetes_suivi"]
    assert (de_mel["envoyees"], de_mel["repondues"], de_mel["utilite_moyenne"]) == (4, 4, 3.8)
    # Outside the period: nothing.
    un_an_avant = du.replace(year=du.year - 1)
    avant = section_rapport(Requetes(un_an_avant, du - dt.timedelta(days=1), Perimetre.tout()))
    assert avant["envoyees"] == 0 and avant["repondues"] == 0 and avant["utilite_moyenne"] is None


def test_funders_never_see_a_count_below_3_nor_any_answer_text(aujourdhui, client):
    mel = TerritoireFactory(code="MEL")
    _repondues(4, mel, [5, 4, 4, 2])
    financeur = FinanceurFactory(code="MEL", territoires=[mel])
    du, au = _periode()

    vu = calculer(du, au, Perimetre.de_financeur(financeur))["enquetes_suivi"]
    assert vu["envoyees"] == 4 and vu["repondues"] == 4 and vu["utilite_moyenne"] == 3.8
    assert vu["repartition"] == {"1": "< 3", "2": "< 3", "3": "< 3", "4": "< 3", "5": "< 3"}

    # Fewer than 3 answers: counts and the average are withheld.
    EnqueteSuivi.objects.filter(utilite__in=[4, 2]).update(repondue_le=None, utilite=None)
    vu = calculer(du, au, Perimetre.de_financeur(financeur))["enquetes_suivi"]
    assert vu["repondues"] == "< 3" and vu["utilite_moyenne"] is None and vu["moyenne_masquee"]
    valeurs = [vu["envoyees"], vu["repondues"], *vu["repartition"].values()]
    assert all(v == "< 3" or v >= 3 for v in valeurs)

    contact = UserFactory(financeur=financeur)
    client.force_login(contact)
    page = client.get(reverse("financeur_tableau"), {"du": du, "au": au}).content.decode()
    assert "Enquêtes de suivi" in page and "&lt; 3" in page and "non communiquée" in page
    assert TEXTE_CONFIDENTIEL not in page
    assert reverse("outils:enquetes_equipe") not in page
    document = pdf.html(donnees_completes(du, au, Perimetre.de_financeur(financeur)))
    assert "Enquêtes de suivi" in document and "non communiquée" in document
    assert TEXTE_CONFIDENTIEL not in document
    for texte, debut in ((page, 'id="titre-enquetes_suivi"'), (document, "<h2>Enquêtes de suivi")):
        section = texte[texte.index(debut) :]
        section = section[: section.index("</section>")]
        chiffres = [int(n) for n in re.findall(r"<(?:td|dd)[^>]*>\s*(\d+)", section)]
        assert chiffres == [4], chiffres  # the 4 surveys sent; everything else "< 3"
        assert section.count("&lt; 3") == 6


def test_team_dashboard_shows_the_exact_figures(aujourdhui, client):
    mel = TerritoireFactory(code="MEL")
    _repondues(2, mel, [5, 4])
    chargee = UserFactory(chargee=True)
    client.force_login(chargee)
    du, au = _periode()
    page = client.get(reverse("rapports:tableau"), {"du": du, "au": au})
    sections = page.context["sections"]
    assert [s["cle"] for s in sections] == ["enquetes_suivi"]
    assert sections[0]["donnees"]["repondues"] == 2
    assert sections[0]["donnees"]["utilite_moyenne"] == 4.5
    assert TEXTE_CONFIDENTIEL not in page.content.decode()


def test_a_report_frozen_before_the_surveys_existed_still_renders(aujourdhui):
    du, au = _periode()
    donnees = donnees_completes(du, au, Perimetre.tout())
    del donnees["enquetes_suivi"]
    assert "Enquêtes de suivi" not in pdf.html(donnees)


def test_answered_surveys_keep_their_moment(enquete):
    avant = timezone.now()
    enquete_repondre(
        enquete=enquete, personne=enquete.pilote, ce_qui_a_change="Oui", actions=[], utilite=3
    )
    enquete.refresh_from_db()
    assert enquete.repondue_le >= avant


def test_month_ends_are_due_on_the_last_day_of_a_shorter_month():
    assert ajouter_mois(dt.date(2025, 8, 31), 6) == dt.date(2026, 2, 28)
    assert bornes_fin(dt.date(2026, 2, 28), 6)[1] == dt.date(2025, 8, 31)
    assert bornes_fin(dt.date(2026, 2, 27), 6)[1] == dt.date(2025, 8, 27)


def test_demo_surveys_are_answered_and_idempotent():
    mel = TerritoireFactory(code="MEL")
    parcours = ParcoursFactory(code="MEL-2019", debut=dt.date(2019, 4, 1), fin=dt.date(2020, 3, 31))
    for i in range(3):
        org, _ = _organisation(mel, nom=f"Association démo {i}")
        InscriptionFactory(parcours=parcours, organisation=org)
    sortie = io.StringIO()
    demo.charger(sortie)
    assert EnqueteSuivi.objects.repondues().count() == 6
    assert set(EnqueteSuivi.objects.values_list("echeance", "utilite")) == {(3, 4), (6, 5)}
    assert EnqueteSuivi.objects.filter(actions_poursuivies__isnull=False).exists()
    demo.charger(sortie)
    assert EnqueteSuivi.objects.count() == 6


def test_the_organisation_pages_run_a_constant_number_of_queries(
    aujourdhui, client, django_assert_max_num_queries
):
    org, pilote = _organisation()
    plan = PlanFactory(organisation=org)
    ActionFactory(plan=plan)

    def enquetes(n):
        for _ in range(n):
            _parcours_fini(org, ajouter_mois(AUJOURDHUI, -3))
        _executer()

    enquetes(1)
    enquete = EnqueteSuivi.objects.get()
    client.force_login(pilote)
    liste = reverse("outils:enquetes", kwargs={"pk": org.pk})
    client.get(liste)
    mesures = {}
    for url in (liste, _url(enquete)):
        with django_assert_max_num_queries(40) as petit:
            assert client.get(url).status_code == 200
        mesures[url] = len(petit.captured_queries)
    enquetes(4)
    for _ in range(6):
        ActionFactory(plan=plan)
    enquete_repondre(
        enquete=enquete,
        personne=pilote,
        ce_qui_a_change="Oui",
        actions=list(plan.actions.all()),
        utilite=4,
    )
    for url, n in mesures.items():
        with django_assert_max_num_queries(n):
            assert client.get(url).status_code == 200


def test_exports_carry_the_section_masked_for_funders(aujourdhui):
    from apes_rh.rapports import exports

    mel = TerritoireFactory(code="MEL")
    _repondues(3, mel, [5, 4, 4])
    financeur = FinanceurFactory(code="MEL", territoires=[mel])
    du, au = _periode()
    rapport = calculer(du, au, Perimetre.de_financeur(financeur))

    lignes = [ligne for ligne in exports.lignes(rapport) if ligne[0] == "enquetes_suivi"]
    assert ("enquetes_suivi", "", "repondues", 3) in lignes
    assert ("enquetes_suivi", "4", "repartition", "< 3") in lignes
    assert ("enquetes_suivi", "", "utilite_moyenne", 4.3) in lignes
    assert TEXTE_CONFIDENTIEL not in exports.csv_octets(rapport).decode()
    assert b'"enquetes_suivi"' in exports.json_octets(rapport)


def test_pilots_find_the_surveys_among_their_reminder_preferences(client):
    _, pilote = _organisation()
    membre = UserFactory(membre_de=OrganisationFactory())
    client.force_login(pilote)
    assert (
        "Enquêtes de suivi" in client.get(reverse("rapports:preferences_rappels")).content.decode()
    )
    client.force_login(membre)
    assert (
        "Enquêtes de suivi"
        not in client.get(reverse("rapports:preferences_rappels")).content.decode()
    )


def test_a_waiting_survey_is_announced_to_pilots_on_the_space_home(enquete, client):
    url = reverse("outils:espace", kwargs={"pk": enquete.organisation.pk})
    client.force_login(enquete.pilote)
    assert _url(enquete) in client.get(url).content.decode()
    client.force_login(UserFactory(membre_de=enquete.organisation))
    assert _url(enquete) not in client.get(url).content.decode()
    enquete_repondre(
        enquete=enquete, personne=enquete.pilote, ce_qui_a_change="Oui", actions=[], utilite=3
    )
    client.force_login(enquete.pilote)
    assert "attend votre réponse" not in client.get(url).content.decode()
