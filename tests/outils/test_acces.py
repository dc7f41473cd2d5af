"""Who may see and change a space: members, pilots, supporting coaches, the team, nobody else."""

import datetime

import pytest
from django.urls import reverse

from accompagnateurs.models import Accompagnateur, DemiJournee
from outils.models import Action, Evaluation
from outils.perms import coach_supports, organisations_soutenues, organisations_visibles
from parcours.enums import StatutInscription
from parcours.models import Inscription, Membre, Parcours, Seance
from tests.factories import OrganisationFactory, TerritoireFactory, UserFactory
from tests.outils.factories import ActionFactory, DiagnosticFactory

pytestmark = pytest.mark.django_db


def _parcours(code="P1"):
    return Parcours.objects.create(
        code=code,
        nom=code,
        territoire=TerritoireFactory(code="MEL"),
        debut=datetime.date(2024, 1, 1),
        fin=datetime.date(2024, 12, 31),
    )


def _coach():
    user = UserFactory()
    Accompagnateur.objects.create(user=user, entree=datetime.date(2020, 1, 1))
    return user


def test_a_coach_listed_on_the_parcours_of_the_organisation_supports_it():
    org, coach = OrganisationFactory(), _coach()
    parcours = _parcours()
    Inscription.objects.create(parcours=parcours, organisation=org)
    assert not coach_supports(coach, org)
    parcours.accompagnateurs.add(coach)
    assert coach_supports(coach, org)


def test_a_coach_facilitating_a_session_of_the_parcours_supports_the_organisation():
    org, coach = OrganisationFactory(), _coach()
    parcours = _parcours()
    Inscription.objects.create(parcours=parcours, organisation=org)
    seance = Seance.objects.create(
        ref="S1", titre="Atelier", type="collectif_parcours", date="2024-03-01", parcours=parcours
    )
    seance.animateurs.add(coach)
    assert coach_supports(coach, org)


def test_a_coach_who_recorded_a_half_day_supports_the_organisation():
    org, coach, binome = OrganisationFactory(), _coach(), _coach()
    DemiJournee.objects.create(
        accompagnateur=coach.accompagnateur,
        co_accompagnateur=binome.accompagnateur,
        organisation=org,
        date=datetime.date(2024, 2, 1),
    )
    assert coach_supports(coach, org) and coach_supports(binome, org)


def test_an_application_that_was_not_accepted_gives_no_support():
    org, coach = OrganisationFactory(), _coach()
    parcours = _parcours()
    parcours.accompagnateurs.add(coach)
    Inscription.objects.create(
        parcours=parcours, organisation=org, statut=StatutInscription.CANDIDATURE
    )
    assert not coach_supports(coach, org)
    assert list(organisations_soutenues(coach)) == []


def test_the_visible_organisations_queryset_agrees_with_the_rule(monde):
    from apes_rh.perms import can

    coach = monde.users["accompagnateur"]
    DemiJournee.objects.create(
        accompagnateur=monde.accompagnateur,
        organisation=monde.org_b,
        date=datetime.date(2024, 1, 5),
    )
    for user in [*filter(None, monde.users.values()), monde.pilote_b]:
        attendues = {o.pk for o in (monde.org_a, monde.org_b) if can(user, "outils.espace.voir", o)}
        visibles = set(
            organisations_visibles(user)
            .filter(pk__in=[monde.org_a.pk, monde.org_b.pk])
            .values_list("pk", flat=True)
        )
        assert visibles == attendues, user
    # org_a through the shared world's mission, org_b through the half-day above.
    assert set(organisations_visibles(coach).values_list("pk", flat=True)) == {
        monde.org_a.pk,
        monde.org_b.pk,
    }
    assert not organisations_visibles(monde.users["financeur"]).exists()
    assert not organisations_visibles(monde.users["partenaire"]).exists()


def test_a_supporting_coach_reads_and_comments_but_cannot_edit(client, monde):
    coach = monde.users["accompagnateur"]
    monde.parcours.accompagnateurs.add(coach)
    Inscription.objects.create(parcours=monde.parcours, organisation=monde.org_a)
    client.force_login(coach)
    kwargs = {"pk": monde.org_a.pk}
    for nom in ("outils:espace", "outils:plan", "outils:suivi", "outils:historique"):
        assert client.get(reverse(nom, kwargs=kwargs)).status_code == 200, nom
    action_kwargs = {**kwargs, "action_pk": monde.action.pk}
    assert client.get(reverse("outils:action", kwargs=action_kwargs)).status_code == 200
    response = client.post(
        reverse("outils:commentaire_ajouter", kwargs=action_kwargs), {"texte": "Bien avancé !"}
    )
    assert response.status_code == 302
    assert monde.action.commentaires.filter(auteur=coach, texte="Bien avancé !").exists()
    response = client.post(
        reverse("outils:action_modifier", kwargs=action_kwargs), {"titre": "Changé", "priorite": 1}
    )
    assert response.status_code == 403
    assert (
        client.get(
            reverse(
                "outils:diagnostic_remplir", kwargs={**kwargs, "diagnostic_pk": monde.diagnostic.pk}
            )
        ).status_code
        == 403
    )


def test_a_member_without_the_pilot_role_cannot_edit(client, monde):
    membre = monde.users["membre"]
    client.force_login(membre)
    diag = {"pk": monde.org_a.pk, "diagnostic_pk": monde.diagnostic.pk}
    response = client.post(
        reverse("outils:evaluation_enregistrer", kwargs={**diag, "critere_pk": monde.critere.pk}),
        {f"c{monde.critere.pk}-niveau": "4", f"c{monde.critere.pk}-commentaire": "Moi je dis 4"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 403
    assert Evaluation.objects.get(diagnostic=monde.diagnostic, critere=monde.critere).niveau == 2
    action = {"pk": monde.org_a.pk, "action_pk": monde.action.pk}
    assert (
        client.post(reverse("outils:action_statut", kwargs=action), {"statut": "faite"}).status_code
        == 403
    )
    assert (
        client.post(
            reverse("outils:action_creer", kwargs={"pk": monde.org_a.pk}),
            {"titre": "Intrus", "priorite": 2, "statut": "a_faire"},
        ).status_code
        == 403
    )
    assert (
        client.post(
            reverse("outils:commentaire_ajouter", kwargs=action), {"texte": "Je commente"}
        ).status_code
        == 403
    )
    assert (
        client.post(
            reverse("outils:suivi_creer", kwargs={"pk": monde.org_a.pk}),
            {"date": "2024-01-01", "realise": "x"},
        ).status_code
        == 403
    )
    monde.action.refresh_from_db()
    assert monde.action.statut == "a_faire"
    assert not Action.objects.filter(titre="Intrus").exists()
    # …but reads everything.
    assert client.get(reverse("outils:diagnostic", kwargs=diag)).status_code == 200


def test_a_former_member_no_longer_sees_the_space(client, monde):
    membre = monde.users["membre"]
    Membre.objects.filter(personne=membre).update(fin=datetime.date(2021, 1, 1))
    client.force_login(membre)
    assert client.get(reverse("outils:espace", kwargs={"pk": monde.org_a.pk})).status_code == 404


def test_objects_of_another_organisation_are_not_found_through_mine(client, monde):
    autre_action = ActionFactory(plan__organisation=monde.org_b)
    autre_diag = DiagnosticFactory(organisation=monde.org_b)
    client.force_login(monde.users["pilote"])
    urls = [
        reverse("outils:action", kwargs={"pk": monde.org_a.pk, "action_pk": autre_action.pk}),
        reverse("outils:diagnostic", kwargs={"pk": monde.org_a.pk, "diagnostic_pk": autre_diag.pk}),
        reverse("outils:espace", kwargs={"pk": monde.org_b.pk}),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    response = client.post(
        reverse(
            "outils:action_statut", kwargs={"pk": monde.org_a.pk, "action_pk": autre_action.pk}
        ),
        {"statut": "faite"},
    )
    assert response.status_code == 404
    autre_action.refresh_from_db()
    assert autre_action.statut == "a_faire"


def test_a_funder_never_sees_a_space_even_of_its_own_territory(client, monde):
    client.force_login(monde.users["financeur"])
    assert monde.org_a.territoire in monde.financeur.territoires.all()
    assert client.get(reverse("outils:espace", kwargs={"pk": monde.org_a.pk})).status_code == 404
    response = client.get(reverse("outils:espaces"))
    assert monde.org_a.nom not in response.content.decode()


def test_the_spaces_list_shows_what_each_person_may_open(client, monde):
    client.force_login(monde.users["membre"])
    contenu = client.get(reverse("outils:espaces")).content.decode()
    assert monde.org_a.nom in contenu and monde.org_b.nom not in contenu
    client.force_login(monde.users["chargee"])
    contenu = client.get(reverse("outils:espaces") + "?q=B").content.decode()
    assert monde.org_b.nom in contenu and monde.org_a.nom not in contenu


def test_a_coach_on_a_mission_supports_the_organisation_unless_it_was_cancelled():
    from accompagnateurs.models import Mission
    from tests.factories import ThematiqueFactory

    org, coach, binome = OrganisationFactory(), _coach(), _coach()
    mission = Mission.objects.create(
        organisation=org,
        thematique=ThematiqueFactory(),
        objectif="Structurer la fonction employeur",
        accompagnateur=coach.accompagnateur,
        co_accompagnateur=binome.accompagnateur,
        budget_demi_journees=4,
        debut=datetime.date(2024, 1, 1),
    )
    assert coach_supports(coach, org) and coach_supports(binome, org)
    mission.statut = "annulee"
    mission.save()
    assert not coach_supports(coach, org) and not coach_supports(binome, org)


def test_a_coach_who_does_not_support_the_organisation_does_not_know_its_space(client, monde):
    autre_coach = monde.accompagnateur_b.user  # on a mission for org_b only
    client.force_login(autre_coach)
    assert client.get(reverse("outils:espace", kwargs={"pk": monde.org_a.pk})).status_code == 404
    action = {"pk": monde.org_a.pk, "action_pk": monde.action.pk}
    assert client.get(reverse("outils:action", kwargs=action)).status_code == 404
    assert (
        client.post(
            reverse("outils:commentaire_ajouter", kwargs=action), {"texte": "Intrusion"}
        ).status_code
        == 404
    )
    assert client.get(reverse("outils:espace", kwargs={"pk": monde.org_b.pk})).status_code == 200
