"""Access rules of this app's URLs (merged into tests/access.py's TABLE).

TABLE maps a URL name to an Acces(expected per role, kwargs(world), query).
extend_world(w) adds sample objects to the shared world (a SimpleNamespace).
ORG_B maps every URL that concerns one organisation's objects to the kwargs of the same
kind of object belonging to org B: the pilot of org A must get 404 on all of them
(tests/parcours/test_isolation.py).
"""

from tests.access_base import EQUIPE, LOGIN, Acces, expect  # noqa: F401

# Pages of an organisation (org A): its members see it, its pilot changes it, outsiders get 404.
ORGA_VOIR = expect(404, anonyme=LOGIN, membre=200, pilote=200, chargee=200)
ORGA_PILOTER = expect(404, anonyme=LOGIN, membre=403, pilote=200, chargee=200)
ORGA_PILOTER_POST = expect(404, anonyme=LOGIN, membre=403, pilote=405, chargee=405)
ORGA_EQUIPE_POST = expect(404, anonyme=LOGIN, membre=403, pilote=403, chargee=405)


def _org(w):
    return {"pk": w.org_a.pk}


TABLE: dict = {
    # Organisations
    "parcours:organisations": Acces(EQUIPE),
    "parcours:organisation_creer": Acces(EQUIPE),
    "parcours:organisation": Acces(ORGA_VOIR, _org),
    "parcours:organisation_modifier": Acces(ORGA_PILOTER, _org),
    "parcours:organisation_archiver": Acces(ORGA_EQUIPE_POST, _org),
    "parcours:organisation_restaurer": Acces(ORGA_EQUIPE_POST, _org),
    "parcours:organisation_membres": Acces(ORGA_PILOTER, _org),
    "parcours:organisation_inviter": Acces(ORGA_PILOTER, _org),
    "parcours:organisation_passation": Acces(ORGA_PILOTER, _org),
    "parcours:membre_role": Acces(ORGA_PILOTER_POST, lambda w: {"pk": w.adhesion_membre_a.pk}),
    "parcours:membre_retirer": Acces(ORGA_PILOTER_POST, lambda w: {"pk": w.adhesion_membre_a.pk}),
}

# The same URLs, pointed at org B's objects.
ORG_B: dict = {
    "parcours:organisation": lambda w: {"pk": w.org_b.pk},
    "parcours:organisation_modifier": lambda w: {"pk": w.org_b.pk},
    "parcours:organisation_archiver": lambda w: {"pk": w.org_b.pk},
    "parcours:organisation_restaurer": lambda w: {"pk": w.org_b.pk},
    "parcours:organisation_membres": lambda w: {"pk": w.org_b.pk},
    "parcours:organisation_inviter": lambda w: {"pk": w.org_b.pk},
    "parcours:organisation_passation": lambda w: {"pk": w.org_b.pk},
    "parcours:membre_role": lambda w: {"pk": w.adhesion_membre_b.pk},
    "parcours:membre_retirer": lambda w: {"pk": w.adhesion_membre_b.pk},
}

# URLs with arguments that concern no organisation (declared so the isolation test is complete).
HORS_ORGANISATION: set = set()


def extend_world(w) -> None:
    from parcours.models import Membre
    from tests.factories import UserFactory

    w.adhesion_membre_a = Membre.objects.get(personne=w.users["membre"], organisation=w.org_a)
    membre_b = UserFactory(email="membre@b.example", membre_de=w.org_b)
    w.adhesion_membre_b = Membre.objects.get(personne=membre_b, organisation=w.org_b)
