"""Access rules of this app's URLs (merged into tests/access.py's TABLE).

TABLE maps a URL name to an Acces(expected per role, kwargs(world), query).
extend_world(w) adds sample objects to the shared world (a SimpleNamespace).
ORG_B maps every URL that concerns one organisation's objects to the kwargs of the same
kind of object belonging to org B: the pilot of org A must get 404 on all of them
(tests/parcours/test_isolation.py).
"""

from tests.access_base import CONNECTE, EQUIPE, LOGIN, PUBLIC, Acces, expect  # noqa: F401

# Pages of an organisation (org A): its members see it, its pilot changes it, outsiders get
# 404. The coach follows org A (w.mission, tests/accompagnateurs/access.py): reads, changes nothing.
ORGA_VOIR = expect(404, anonyme=LOGIN, membre=200, pilote=200, accompagnateur=200, chargee=200)
ORGA_PILOTER = expect(404, anonyme=LOGIN, membre=403, pilote=200, accompagnateur=403, chargee=200)
ORGA_PILOTER_POST = expect(
    404, anonyme=LOGIN, membre=403, pilote=405, accompagnateur=403, chargee=405
)
ORGA_EQUIPE_POST = expect(
    404, anonyme=LOGIN, membre=403, pilote=403, accompagnateur=403, chargee=405
)
PARCOURS_GERER = expect(404, anonyme=LOGIN, membre=403, pilote=403, chargee=200)
# A session of org A's parcours, facilitated by the coach (w.seance_a).
SEANCE_VOIR = expect(404, anonyme=LOGIN, membre=200, pilote=200, accompagnateur=200, chargee=200)
SEANCE_GERER = expect(404, anonyme=LOGIN, membre=403, pilote=403, accompagnateur=403, chargee=200)
SEANCE_PRESENCES = expect(
    404, anonyme=LOGIN, membre=403, pilote=403, accompagnateur=200, chargee=200
)
SEANCE_PRESENCES_POST = expect(
    404, anonyme=LOGIN, membre=403, pilote=403, accompagnateur=405, chargee=405
)


def _seance(w):
    return {"pk": w.seance_a.pk}


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
    "parcours:parcours": Acces(
        expect(404, anonyme=LOGIN, membre=200, pilote=200, chargee=200),
        lambda w: {"pk": w.parcours_a.pk},
    ),
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
    # Sessions: the team's agenda and forms
    "parcours:seances": Acces(EQUIPE),
    "parcours:agenda_equipe": Acces(EQUIPE),
    "parcours:seance_creer": Acces(EQUIPE),
    "parcours:seance_serie": Acces(EQUIPE),
    "parcours:seance": Acces(SEANCE_VOIR, _seance),
    "parcours:seance_ics": Acces(SEANCE_VOIR, _seance),
    "parcours:seance_modifier": Acces(SEANCE_GERER, _seance),
    "parcours:seance_dupliquer": Acces(SEANCE_GERER, _seance),
    "parcours:seance_annuler": Acces(SEANCE_GERER, _seance),
    # Registration (the coach facilitates but may not register to it)
    "parcours:seance_sinscrire": Acces(
        expect(404, anonyme=LOGIN, membre=405, pilote=405, accompagnateur=403, chargee=405),
        _seance,
    ),
    "parcours:seance_inscrire_autrui": Acces(
        expect(404, anonyme=LOGIN, membre=200, pilote=200, accompagnateur=403, chargee=200),
        _seance,
    ),
    "parcours:participation_annuler": Acces(
        expect(404, anonyme=LOGIN, membre=405, pilote=405, accompagnateur=403, chargee=405),
        lambda w: {"pk": w.participation_membre_a.pk},
    ),
    # Attendance: facilitators and the team
    "parcours:seance_presences": Acces(SEANCE_PRESENCES, _seance),
    "parcours:presence_ajouter": Acces(SEANCE_PRESENCES_POST, _seance),
    "parcours:presence_enregistrer": Acces(
        SEANCE_PRESENCES_POST, lambda w: {"pk": w.participation_membre_a.pk}
    ),
    # Calendars
    "parcours:mes_seances": Acces(CONNECTE),
    "parcours:calendrier_jeton_renouveler": Acces(expect(405, anonyme=LOGIN)),
    "parcours:calendrier_jeton_revoquer": Acces(expect(405, anonyme=LOGIN)),
    "parcours:calendrier_prive": Acces(PUBLIC, lambda w: {"jeton": w.jeton_membre.jeton}),
    "parcours:agenda_public": Acces(PUBLIC),
    "parcours:agenda_public_ics": Acces(PUBLIC),
    "parcours:agenda_public_seance": Acces(PUBLIC, lambda w: {"pk": w.seance_publique.pk}),
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
    "parcours:seance": lambda w: {"pk": w.seance_b.pk},
    "parcours:seance_ics": lambda w: {"pk": w.seance_b.pk},
    "parcours:seance_modifier": lambda w: {"pk": w.seance_b.pk},
    "parcours:seance_dupliquer": lambda w: {"pk": w.seance_b.pk},
    "parcours:seance_annuler": lambda w: {"pk": w.seance_b.pk},
    "parcours:seance_sinscrire": lambda w: {"pk": w.seance_b.pk},
    "parcours:seance_inscrire_autrui": lambda w: {"pk": w.seance_b.pk},
    "parcours:participation_annuler": lambda w: {"pk": w.participation_b.pk},
    "parcours:seance_presences": lambda w: {"pk": w.seance_b.pk},
    "parcours:presence_ajouter": lambda w: {"pk": w.seance_b.pk},
    "parcours:presence_enregistrer": lambda w: {"pk": w.participation_b.pk},
}

# URLs with arguments that concern no organisation (declared so the isolation test is complete).
HORS_ORGANISATION: set = {
    "parcours:parcours_candidater",  # a call for applications, open to every pilot
    "parcours:calendrier_prive",  # the secret token is the credential
    "parcours:agenda_public_seance",  # public by design
}


def extend_world(w) -> None:
    import datetime

    from django.utils import timezone

    from parcours.enums import StatutInscription
    from parcours.models import (
        Inscription,
        JetonCalendrier,
        Membre,
        Parcours,
        Participation,
        Seance,
    )
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

    coach = w.users["accompagnateur"]

    def seance(ref, **extra):
        valeurs = {
            "titre": f"Séance {ref}",
            "type": "collectif_parcours",
            "date": today + datetime.timedelta(days=20),
            "heure_debut": datetime.time(9, 30),
            "heure_fin": datetime.time(12, 30),
            "lieu": "Maison de l'économie sociale, Lille",
            "lien_visio": "https://visio.example/secret-" + ref.lower(),
            **extra,
        }
        return Seance.objects.create(ref=ref, **valeurs)

    w.seance_a = seance("A-01", parcours=w.parcours_a, capacite=10)
    w.seance_a.animateurs.add(coach)
    w.seance_b = seance("B-01", parcours=w.parcours_b)
    w.seance_b.animateurs.add(coach)
    w.seance_publique = seance("PUB-01", type="information", publique=True, ville="Lille")
    w.participation_membre_a = Participation.objects.create(
        seance=w.seance_a, personne=w.users["membre"], organisation=w.org_a
    )
    w.participation_b = Participation.objects.create(
        seance=w.seance_b, personne=w.pilote_b, organisation=w.org_b
    )
    w.jeton_membre = JetonCalendrier.objects.create(
        personne=w.users["membre"], jeton="jeton-secret-du-membre-de-a"
    )
