"""Bad input never gives a server error and writes nothing half-way."""

import pytest
from django.urls import reverse

from communautes.models import (
    ActionCodeveloppement,
    Communaute,
    ContactPartenaire,
    NoteBulle,
    ReseauPartenaire,
    RessourceCommunaute,
    RoleReseauPartenaire,
)
from parcours.models import Seance
from tests.communautes.access import TABLE

pytestmark = pytest.mark.django_db

GARBAGE = [
    {},
    {"titre": "x" * 5000, "date": "2021-02-30", "type": "inconnu", "capacite": "-3"},
    {"email": "pas-une-adresse", "debut": "demain", "fin": "hier", "role": "chef"},
    {"utilite": "onze", "thematique_souhaitee": "999999", "reseau": "abc", "client": "0"},
    {"limite": "1000", "nature": "secret", "texte": "", "lien": "ftp://x", "priorite": "0"},
    {"url": "javascript:alert(1)", "lien_replay": "http://insecure", "heure_debut": "25:99"},
]


def _compter():
    return [
        m.objects.count()
        for m in (
            Communaute,
            Seance,
            RessourceCommunaute,
            NoteBulle,
            ActionCodeveloppement,
            ReseauPartenaire,
            RoleReseauPartenaire,
            ContactPartenaire,
        )
    ]


@pytest.mark.parametrize("role", ["chargee", "membre", "accompagnateur", "pilote", "partenaire"])
def test_garbage_posted_to_every_url_gives_no_server_error(client, monde, role):
    client.force_login(monde.users[role])
    avant = _compter()
    for name, acces in TABLE.items():
        if name.endswith(
            (
                "rejoindre",
                "quitter",
                "_retirer",
                "supprimer",
                "desinscription",
                "inscription",
                "accepter",
                "refuser",
                "terminer",
                "copier",
            )
        ):
            continue  # actions without a form: their own tests cover them
        url = reverse(name, kwargs=acces.kwargs(monde))
        for donnees in GARBAGE:
            response = client.post(url, donnees)
            assert response.status_code < 500, (role, url, donnees)
    assert _compter() == avant
