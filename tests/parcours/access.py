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
PARCOURS_GERER = expect(404, anonyme=LOGIN, membre=403, pilote=403, chargee=200)


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
    # Parcours (w.parcours_a: org A is enrolled)
    "parcours:parcours_liste": Acces(expect(200, anonyme=LOGIN, financeur=403, partenaire=403)),
    "parcours:parcours_creer": Acces(EQUIPE),
    "parcours:candidatures": Acces(EQUIPE),
    "parcours:parcours": Acces(ORGA_VOIR, lambda w: {"pk": w.parcours_a.pk}),
    "parcours:parcours_modifier": Acces(PARCOURS_GERER, lambda w: {"pk": w.parcours_a.pk}),
    "parcours:parcours_inscrire": Acces(PARCOURS_GERER, lambda w: {"pk": w.parcours_a.pk}),
    "parcours:parcours_candidater": Acces(
        expect(403, anonyme=LOGIN, pilote=200), lambda w: {"pk": w.parcours_ouvert.pk}
    ),
    "parcours:candidature_decider": Acces(
        expect(404, anonyme=LOGIN, chargee=200), lambda w: {"pk": w.candidature_a.pk}
    ),
    "parcours:inscription_etape": Acces(
        expect(404, anonyme=LOGIN, membre=403, pilote=403, chargee=405),
        lambda w: {"pk": w.inscription_a.pk},
    ),
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
    "parcours:parcours": lambda w: {"pk": w.parcours_b.pk},
    "parcours:parcours_modifier": lambda w: {"pk": w.parcours_b.pk},
    "parcours:parcours_inscrire": lambda w: {"pk": w.parcours_b.pk},
    "parcours:candidature_decider": lambda w: {"pk": w.candidature_b.pk},
    "parcours:inscription_etape": lambda w: {"pk": w.inscription_b.pk},
}

# URLs with arguments that concern no organisation (declared so the isolation test is complete).
HORS_ORGANISATION: set = {
    "parcours:parcours_candidater",  # a call for applications, open to every pilot
}


def extend_world(w) -> None:
    import datetime

    from django.utils import timezone

    from parcours.enums import StatutInscription
    from parcours.models import Inscription, Membre, Parcours
    from tests.factories import UserFactory

    today = timezone.localdate()
    w.adhesion_membre_a = Membre.objects.get(personne=w.users["membre"], organisation=w.org_a)
    membre_b = UserFactory(email="membre@b.example", membre_de=w.org_b)
    w.adhesion_membre_b = Membre.objects.get(personne=membre_b, organisation=w.org_b)

    def parcours(code, territoire, **extra):
        return Parcours.objects.create(
            code=code,
            nom=f"Parcours {code}",
            territoire=territoire,
            debut=today - datetime.timedelta(days=60),
            fin=today + datetime.timedelta(days=300),
            **extra,
        )

    w.parcours_a = parcours("MEL-EN-COURS", w.mel, capacite=12)
    w.parcours_b = parcours("CAVM-EN-COURS", w.cavm)
    w.parcours_ouvert = parcours("REGION-OUVERT", w.mel, candidatures_ouvertes=True)
    w.inscription_a = Inscription.objects.create(parcours=w.parcours_a, organisation=w.org_a)
    w.inscription_b = Inscription.objects.create(parcours=w.parcours_b, organisation=w.org_b)
    w.candidature_a = Inscription.objects.create(
        parcours=w.parcours_ouvert,
        organisation=w.org_a,
        statut=StatutInscription.CANDIDATURE,
        candidature_par=w.users["pilote"],
    )
    w.candidature_b = Inscription.objects.create(
        parcours=w.parcours_ouvert,
        organisation=w.org_b,
        statut=StatutInscription.CANDIDATURE,
        candidature_par=w.pilote_b,
    )
