"""Testimonials: written by the team, validated by the organisation's pilot, then published."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from outils.vitrine.models import Temoignage
from parcours.models import Membre
from tests.factories import OrganisationFactory, ThematiqueFactory, UserFactory
from tests.vitrine.conftest import texte
from tests.vitrine.factories import TemoignageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation():
    return OrganisationFactory(nom="La Clef du permis")


@pytest.fixture
def pilote(organisation):
    return UserFactory(email="pilote@clef.example", pilote_de=organisation)


@pytest.fixture
def chargee():
    return UserFactory(chargee=True)


def _action(client, temoignage, action):
    return client.post(
        reverse("vitrine:temoignage_action", kwargs={"pk": temoignage.pk, "action": action})
    )


def _relire(client, temoignage, **data):
    return client.post(reverse("vitrine:temoignage_relecture", kwargs={"pk": temoignage.pk}), data)


def test_only_published_testimonials_are_public(client, organisation):
    publie = TemoignageFactory(organisation=organisation, titre="Histoire publiée", publie=True)
    brouillon = TemoignageFactory(organisation=organisation, titre="Brouillon")
    html = client.get(reverse("vitrine:temoignages")).content.decode()
    assert "Histoire publiée" in html and "Brouillon" not in html
    assert client.get(publie.get_absolute_url()).status_code == 200
    assert client.get(brouillon.get_absolute_url()).status_code == 404
    client.force_login(UserFactory(membre_de=organisation))
    assert client.get(brouillon.get_absolute_url()).status_code == 404


def test_the_pilot_and_the_team_can_preview_a_draft(client, organisation, pilote, chargee):
    brouillon = TemoignageFactory(organisation=organisation)
    for personne in (pilote, chargee):
        client.force_login(personne)
        response = client.get(brouillon.get_absolute_url())
        assert response.status_code == 200
        assert 'name="robots" content="noindex"' in response.content.decode()


def test_the_team_writes_a_testimonial_with_french_errors(client, organisation, chargee):
    client.force_login(chargee)
    response = client.post(reverse("vitrine:temoignage_creer"), {"organisation": organisation.pk})
    assert response.status_code == 200
    erreurs = response.context["form"].errors
    assert erreurs["titre"] == ["Donnez un titre au témoignage."]
    assert erreurs["situation"] == ["Décrivez la situation de départ."]
    assert not Temoignage.objects.exists()
    response = client.post(
        reverse("vitrine:temoignage_creer"),
        {
            "organisation": organisation.pk,
            "titre": "Poser les bases",
            "situation": "Un conflit.",
            "demarche": "Le parcours.",
            "resultat": "Des outils.",
            "validation_requise": "on",
        },
    )
    temoignage = Temoignage.objects.get()
    assert response.status_code == 302
    assert (temoignage.statut, temoignage.redige_par) == ("brouillon", chargee)


def test_the_whole_validation_journey(
    client, organisation, pilote, chargee, django_capture_on_commit_callbacks
):
    ancien = UserFactory(email="ancien@clef.example")
    Membre.objects.create(
        personne=ancien,
        organisation=organisation,
        role="pilote",
        debut=datetime.date(2018, 1, 1),
        fin=datetime.date(2019, 1, 1),
    )
    UserFactory(email="membre@clef.example", membre_de=organisation)
    temoignage = TemoignageFactory(organisation=organisation)

    client.force_login(chargee)
    _action(client, temoignage, "publier")
    temoignage.refresh_from_db()
    assert temoignage.statut == "brouillon"  # not validated yet: cannot be published

    with django_capture_on_commit_callbacks(execute=True):
        _action(client, temoignage, "relecture")
    temoignage.refresh_from_db()
    assert temoignage.statut == "a_valider"
    assert [m.to for m in mail.outbox] == [["pilote@clef.example"]]
    lien = reverse("vitrine:temoignage_relecture", kwargs={"pk": temoignage.pk})
    assert lien in mail.outbox[0].body

    client.force_login(pilote)
    assert temoignage in client.get(reverse("vitrine:temoignages_a_relire")).context["page"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = _relire(client, temoignage, decision="valider", commentaire="Parfait.")
    assert response.status_code == 302
    temoignage.refresh_from_db()
    assert (temoignage.statut, temoignage.valide_par) == ("valide", pilote)
    assert [m.to for m in mail.outbox] == [[settings.EQUIPE_EMAIL]]

    client.force_login(chargee)
    _action(client, temoignage, "publier")
    temoignage.refresh_from_db()
    assert temoignage.statut == "publie" and temoignage.publie_le is not None
    assert temoignage.titre in client.get(reverse("vitrine:temoignages")).content.decode()


def test_the_pilot_can_ask_for_changes_with_a_comment(client, organisation, pilote, chargee):
    temoignage = TemoignageFactory(organisation=organisation, a_valider=True)
    client.force_login(pilote)
    response = _relire(client, temoignage, decision="modifier", commentaire="")
    assert response.status_code == 200
    assert response.context["form"].errors["commentaire"] == [
        "Précisez les modifications que vous souhaitez."
    ]
    _relire(client, temoignage, decision="modifier", commentaire="Retirez le nom du salarié.")
    temoignage.refresh_from_db()
    assert temoignage.statut == "a_revoir"
    assert temoignage.commentaire_organisation == "Retirez le nom du salarié."
    client.force_login(chargee)
    _action(client, temoignage, "publier")
    temoignage.refresh_from_db()
    assert temoignage.statut == "a_revoir"


def test_without_a_pilot_the_team_is_told_and_nothing_changes(client, chargee):
    temoignage = TemoignageFactory()
    client.force_login(chargee)
    response = _action(client, temoignage, "relecture")
    temoignage.refresh_from_db()
    assert temoignage.statut == "brouillon"
    suivante = client.get(response["Location"])
    assert "pas de pilote actif" in texte(suivante)


def test_other_people_cannot_review(client, organisation):
    temoignage = TemoignageFactory(organisation=organisation, a_valider=True)
    client.force_login(UserFactory(membre_de=organisation))
    assert _relire(client, temoignage, decision="valider").status_code == 404
    client.force_login(UserFactory(pilote_de=OrganisationFactory()))
    assert _relire(client, temoignage, decision="valider").status_code == 404
    temoignage.refresh_from_db()
    assert temoignage.statut == "a_valider"


def test_the_team_sees_the_review_page_but_cannot_answer_for_the_pilot(
    client, organisation, chargee
):
    temoignage = TemoignageFactory(organisation=organisation, a_valider=True)
    client.force_login(chargee)
    assert (
        client.get(reverse("vitrine:temoignage_relecture", kwargs={"pk": temoignage.pk})).context[
            "peut_relire"
        ]
        is False
    )
    _relire(client, temoignage, decision="valider")
    temoignage.refresh_from_db()
    assert temoignage.statut == "a_valider"


def test_a_testimonial_without_validation_is_published_directly(client, chargee):
    temoignage = TemoignageFactory(validation_requise=False)
    client.force_login(chargee)
    _action(client, temoignage, "publier")
    temoignage.refresh_from_db()
    assert temoignage.statut == "publie"
    _action(client, temoignage, "retirer")
    temoignage.refresh_from_db()
    assert temoignage.statut == "retire" and temoignage.publie_le is None


def test_changing_a_validated_text_needs_a_new_validation(client, organisation, pilote, chargee):
    temoignage = TemoignageFactory(organisation=organisation, a_valider=True)
    client.force_login(pilote)
    _relire(client, temoignage, decision="valider")
    client.force_login(chargee)
    _action(client, temoignage, "publier")
    temoignage.refresh_from_db()
    assert temoignage.statut == "publie"
    url = reverse("vitrine:temoignage_modifier", kwargs={"pk": temoignage.pk})
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "thematiques"}
    data["organisation"] = organisation.pk
    data["resultat"] = "Un résultat réécrit par l'équipe."
    data["validation_requise"] = "on"
    client.post(url, data)
    temoignage.refresh_from_db()
    assert temoignage.statut == "retire" and temoignage.valide_le is None
    assert client.get(temoignage.get_absolute_url()).status_code == 200  # team preview
    client.logout()
    assert client.get(temoignage.get_absolute_url()).status_code == 404


def test_lists_queries_do_not_grow(client, chargee, nb_requetes):
    def peupler(n):
        for _ in range(n):
            temoignage = TemoignageFactory(publie=True, redige_par=UserFactory())
            temoignage.thematiques.add(*ThematiqueFactory.create_batch(2))

    peupler(2)
    petit = nb_requetes(lambda: client.get(reverse("vitrine:temoignages")))
    client.force_login(chargee)
    petit_equipe = nb_requetes(lambda: client.get(reverse("vitrine:temoignages_gestion")))
    peupler(20)
    assert nb_requetes(lambda: client.get(reverse("vitrine:temoignages_gestion"))) == petit_equipe
    client.logout()
    assert nb_requetes(lambda: client.get(reverse("vitrine:temoignages"))) == petit


def test_an_unknown_action_is_a_404(client, chargee):
    temoignage = TemoignageFactory()
    client.force_login(chargee)
    assert _action(client, temoignage, "supprimer-tout").status_code == 404
