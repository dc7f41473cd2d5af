"""Bad input anywhere in the space: a French message or a refusal, never a 500."""

import pytest
from django.urls import reverse

from outils.models import Action, Suivi

pytestmark = pytest.mark.django_db

DECHETS = {
    "titre": "x" * 5000,
    "description": "\x00",
    "echeance": "31/02/2025",
    "priorite": "urgentissime",
    "statut": "perdue",
    "responsable": "abc",
    "axe": "999999",
    "theme": "-1",
    "texte": "",
    "date": "hier",
    "realise": "",
    "personnes": ["nope"],
    "avant": "x",
    "apres": "y",
    "indicateurs-TOTAL_FORMS": "abc",
}


def _urls(w):
    org = {"pk": w.org_a.pk}
    diag = {**org, "diagnostic_pk": w.diagnostic.pk}
    return [
        reverse("outils:diagnostic_creer", kwargs=org),
        reverse("outils:diagnostic_remplir", kwargs=diag) + "?theme=abc",
        reverse("outils:evaluation_enregistrer", kwargs={**diag, "critere_pk": w.critere.pk}),
        reverse("outils:avis_demander", kwargs=diag),
        reverse("outils:axe_creer", kwargs=org),
        reverse("outils:axe_modifier", kwargs={**org, "axe_pk": w.axe.pk}),
        reverse("outils:action_creer", kwargs=org) + "?axe=zz",
        reverse("outils:action_modifier", kwargs={**org, "action_pk": w.action.pk}),
        reverse("outils:action_statut", kwargs={**org, "action_pk": w.action.pk}),
        reverse("outils:commentaire_ajouter", kwargs={**org, "action_pk": w.action.pk}),
        reverse("outils:suivi_creer", kwargs=org) + "?action=zz",
        reverse("outils:suivi_modifier", kwargs={**org, "suivi_pk": w.suivi.pk}),
    ]


def test_garbage_posted_to_every_form_never_breaks_anything(client, monde):
    client.force_login(monde.users["pilote"])
    actions_avant = list(Action.objects.values_list("pk", "titre", "statut"))
    suivis_avant = Suivi.objects.count()
    for url in _urls(monde):
        for donnees in (DECHETS, {}):
            response = client.post(url, donnees, headers={"HX-Request": "true"})
            assert response.status_code < 500, url
            response = client.post(url, donnees)
            assert response.status_code < 500, url
    assert list(Action.objects.values_list("pk", "titre", "statut")) == actions_avant
    assert Suivi.objects.count() == suivis_avant


def test_garbage_in_query_strings_is_harmless(client, monde):
    client.force_login(monde.users["pilote"])
    org = {"pk": monde.org_a.pk}
    for nom, query in [
        ("outils:plan", "?page=zz&statut=x&priorite=y&responsable=z&en_retard=maybe"),
        ("outils:diagnostic_comparer", "?avant=1&apres=zz"),
        ("outils:chronologie", "?type=inconnu&page=-3"),
        ("outils:historique", "?objet=inconnu&page=999"),
        ("outils:suivi", "?action=zz&page=0"),
        ("outils:diagnostics", "?page=abc"),
    ]:
        response = client.get(reverse(nom, kwargs=org) + query)
        assert response.status_code == 200, nom


def test_a_form_error_is_reported_in_french_on_the_field(client, monde):
    client.force_login(monde.users["pilote"])
    response = client.post(
        reverse("outils:action_creer", kwargs={"pk": monde.org_a.pk}),
        {"titre": "Une action", "echeance": "31/02/2025", "priorite": 2, "statut": "a_faire"},
    )
    contenu = response.content.decode()
    assert "Saisissez une date valide" in contenu
