"""Access rules of this app's URLs (merged into tests/access.py's TABLE).

TABLE maps a URL name to an Acces(expected per role, kwargs(world), query).
extend_world(w) may add sample objects to the shared world (a SimpleNamespace).

The world of this app (see extend_world):
- w.communaute (open): `membre` is a member; w.communaute_fermee (closed): `pilote` has a
  pending request (w.demande_adhesion).
- w.bulle_seance (past bulle of w.communaute): facilitated by the coach, `membre` present,
  one confidential note. The team is neither participant nor facilitator.
- w.codev_seance (past co-dev): facilitated by the coach, `membre` present, `pilote`
  present and client (pilot of org_a), one action in the client's plan.
- w.seance_partenaire (upcoming appui collectif): co-organised by w.reseau (the
  `partenaire`'s network), `pilote` registered, a facilitator's material attached.
The partner's space (communautes:partenaire) is declared in the core table.
"""

from tests.access_base import EQUIPE, EQUIPE_POST, LOGIN, PUBLIC, Acces, expect

# 404 for everyone who may not know the object, per rule.
_CACHE = expect(404, anonyme=LOGIN)

TABLE: dict = {
    # Communities
    "communautes:liste": Acces(PUBLIC),
    "communautes:communaute": Acces(PUBLIC, lambda w: {"pk": w.communaute.pk}),
    "communautes:creer": Acces(EQUIPE),
    "communautes:modifier": Acces(EQUIPE, lambda w: {"pk": w.communaute.pk}),
    "communautes:demandes": Acces(EQUIPE),
    "communautes:demande_accepter": Acces(EQUIPE_POST, lambda w: {"pk": w.demande_adhesion.pk}),
    "communautes:demande_refuser": Acces(EQUIPE_POST, lambda w: {"pk": w.demande_adhesion.pk}),
    "communautes:satisfaction": Acces(EQUIPE),
    "communautes:membres": Acces(
        expect(403, anonyme=LOGIN, membre=200, chargee=200), lambda w: {"pk": w.communaute.pk}
    ),
    "communautes:rejoindre": Acces(
        expect(405, anonyme=LOGIN, membre=403), lambda w: {"pk": w.communaute.pk}
    ),
    "communautes:quitter": Acces(
        expect(403, anonyme=LOGIN, membre=405), lambda w: {"pk": w.communaute.pk}
    ),
    "communautes:demander": Acces(
        expect(200, anonyme=LOGIN, pilote=403), lambda w: {"pk": w.communaute_fermee.pk}
    ),
    "communautes:inviter": Acces(EQUIPE, lambda w: {"pk": w.communaute.pk}),
    "communautes:ressources": Acces(
        expect(403, anonyme=LOGIN, membre=200, chargee=200), lambda w: {"pk": w.communaute.pk}
    ),
    "communautes:seance_creer": Acces(EQUIPE, lambda w: {"pk": w.communaute.pk}),
    "communautes:satisfaction_communaute": Acces(EQUIPE, lambda w: {"pk": w.communaute.pk}),
    "communautes:membre_retirer": Acces(EQUIPE_POST, lambda w: {"pk": w.membre_communaute.pk}),
    "communautes:ressource_telecharger": Acces(
        expect(404, anonyme=LOGIN, membre=200, chargee=200), lambda w: {"pk": w.ressource.pk}
    ),
    "communautes:ressource_supprimer": Acces(
        expect(404, anonyme=LOGIN, membre=403, chargee=405), lambda w: {"pk": w.ressource.pk}
    ),
    # Sessions: the page is public (a bulle shows only its date and attendance count)
    "communautes:seance": Acces(PUBLIC, lambda w: {"pk": w.bulle_seance.pk}),
    "communautes:inscription": Acces(
        expect(405, anonyme=LOGIN, pilote=403), lambda w: {"pk": w.seance_partenaire.pk}
    ),
    "communautes:desinscription": Acces(
        expect(403, anonyme=LOGIN, pilote=405), lambda w: {"pk": w.seance_partenaire.pk}
    ),
    "communautes:inscriptions": Acces(
        expect(403, anonyme=LOGIN, chargee=200, partenaire=200),
        lambda w: {"pk": w.seance_partenaire.pk},
    ),
    "communautes:inscriptions_csv": Acces(
        expect(403, anonyme=LOGIN, chargee=200, partenaire=200),
        lambda w: {"pk": w.seance_partenaire.pk},
    ),
    # Bulle: its circle only — the team is refused like everyone else
    "communautes:bulle_note": Acces(
        expect(403, anonyme=LOGIN, membre=405, accompagnateur=405),
        lambda w: {"pk": w.bulle_seance.pk},
    ),
    "communautes:bulle_places": Acces(
        expect(403, anonyme=LOGIN, accompagnateur=405, chargee=405),
        lambda w: {"pk": w.bulle_seance.pk},
    ),
    # Co-development
    "communautes:codev": Acces(
        expect(404, anonyme=LOGIN, membre=403, pilote=403, accompagnateur=200, chargee=200),
        lambda w: {"pk": w.codev_seance.pk},
    ),
    "communautes:codev_action": Acces(
        expect(404, anonyme=LOGIN, membre=403, pilote=200, accompagnateur=200, chargee=200),
        lambda w: {"pk": w.codev_seance.pk},
    ),
    "communautes:codev_action_supprimer": Acces(
        expect(404, anonyme=LOGIN, membre=403, pilote=405, accompagnateur=405, chargee=405),
        lambda w: {"pk": w.codev_action.pk},
    ),
    "communautes:codev_copier": Acces(
        expect(404, anonyme=LOGIN, membre=403, pilote=405, accompagnateur=403, chargee=405),
        lambda w: {"pk": w.codev_seance.pk},
    ),
    # Appui collectif / rencontre thématique
    "communautes:appui": Acces(EQUIPE, lambda w: {"pk": w.seance_partenaire.pk}),
    "communautes:support": Acces(
        expect(404, anonyme=LOGIN, membre=200, pilote=200, chargee=200),
        lambda w: {"pk": w.seance_partenaire.pk},
    ),
    # Joint events
    "communautes:coorganisateurs": Acces(EQUIPE, lambda w: {"pk": w.seance_partenaire.pk}),
    "communautes:coorganisation_retirer": Acces(EQUIPE_POST, lambda w: {"pk": w.coorganisation.pk}),
    "communautes:atelier_ajouter": Acces(EQUIPE, lambda w: {"pk": w.seance_partenaire.pk}),
    # Questionnaire: attendees answer; facilitators are sent to the results
    "communautes:questionnaire": Acces(
        expect(404, anonyme=LOGIN, membre=200, accompagnateur=302, chargee=302),
        lambda w: {"pk": w.bulle_seance.pk},
    ),
    "communautes:satisfaction_seance": Acces(
        expect(403, anonyme=LOGIN, accompagnateur=200, chargee=200),
        lambda w: {"pk": w.bulle_seance.pk},
    ),
    # Partner networks (team)
    "communautes:reseaux": Acces(EQUIPE),
    "communautes:reseau_creer": Acces(EQUIPE),
    "communautes:reseau": Acces(EQUIPE, lambda w: {"pk": w.reseau.pk}),
    "communautes:reseau_modifier": Acces(EQUIPE, lambda w: {"pk": w.reseau.pk}),
    "communautes:role_ajouter": Acces(EQUIPE, lambda w: {"pk": w.reseau.pk}),
    "communautes:role_terminer": Acces(EQUIPE_POST, lambda w: {"pk": w.role_reseau.pk}),
    "communautes:contact_ajouter": Acces(EQUIPE, lambda w: {"pk": w.reseau.pk}),
    "communautes:contact_retirer": Acces(EQUIPE_POST, lambda w: {"pk": w.contact_partenaire.pk}),
}

# A bulle note that no page, export or report may show outside the bulle's circle.
NOTE_BULLE = "BULLE-SECRET-7f3 : ce qui se dit dans la bulle reste dans la bulle"
SUPPORT_DE_TEST = "communautes/tests/support-acces.pdf"


def extend_world(w) -> None:
    import datetime

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from apes_rh.stockage import stockage_prive
    from communautes.models import (
        ActionCodeveloppement,
        AppuiThematique,
        BulleDialogue,
        Codeveloppement,
        Communaute,
        ContactPartenaire,
        CoOrganisation,
        DemandeAdhesion,
        MembreCommunaute,
        NoteBulle,
        RessourceCommunaute,
        RoleReseauPartenaire,
    )
    from parcours.enums import StatutParticipation as S
    from parcours.enums import TypeSeance as T
    from parcours.models import Participation, Seance

    membre, pilote, coach, chargee = (
        w.users["membre"],
        w.users["pilote"],
        w.users["accompagnateur"],
        w.users["chargee"],
    )
    w.membre_communaute = MembreCommunaute.objects.create(
        communaute=w.communaute, personne=membre, organisation=w.org_a
    )
    w.communaute_fermee = Communaute.objects.create(
        code="FERMEE", nom="Communauté fermée", type="partenariale", ouverte=False
    )
    w.demande_adhesion = DemandeAdhesion.objects.create(
        communaute=w.communaute_fermee, personne=pilote
    )

    # Members-only files live in PRIVATE_MEDIA_ROOT (a temporary folder in tests).
    stockage = stockage_prive()
    if not stockage.exists(SUPPORT_DE_TEST):
        stockage.save(SUPPORT_DE_TEST, ContentFile(b"%PDF-1.4\n% support de test\n"))
    w.ressource = RessourceCommunaute.objects.create(
        communaute=w.communaute,
        titre="Guide",
        nature="fichier",
        fichier=SUPPORT_DE_TEST,
        nom_fichier="guide.pdf",
        taille=30,
        ajoutee_par=chargee,
    )

    w.bulle_seance = Seance.objects.create(
        ref="BULLE-ACCES",
        titre="Bulle de dialogue",
        type=T.BULLE_DIALOGUE,
        date=datetime.date(2021, 1, 21),
        communaute=w.communaute,
        capacite=8,
    )
    w.bulle_seance.animateurs.add(coach)
    w.bulle = BulleDialogue.objects.create(seance=w.bulle_seance)
    Participation.objects.create(seance=w.bulle_seance, personne=membre, statut=S.PRESENT)
    NoteBulle.objects.create(
        bulle=w.bulle, auteur=membre, texte=NOTE_BULLE, lien="https://partage.example.org/7f3"
    )

    w.codev_seance = Seance.objects.create(
        ref="CODEV-ACCES",
        titre="Co-développement",
        type=T.CODEVELOPPEMENT,
        date=datetime.date(2021, 5, 27),
        communaute=w.communaute,
    )
    w.codev_seance.animateurs.add(coach)
    Participation.objects.create(seance=w.codev_seance, personne=membre, statut=S.PRESENT)
    Participation.objects.create(seance=w.codev_seance, personne=pilote, statut=S.PRESENT)
    w.codev = Codeveloppement.objects.create(
        seance=w.codev_seance, client=pilote, organisation_client=w.org_a
    )
    w.codev_action = ActionCodeveloppement.objects.create(codev=w.codev, titre="Fiches de poste")

    w.seance_partenaire = Seance.objects.create(
        ref="PART-ACCES",
        titre="Rencontre avec la MRES",
        type=T.APPUI_COLLECTIF,
        date=timezone.localdate() + datetime.timedelta(days=30),
        communaute=w.communaute,
    )
    AppuiThematique.objects.create(
        seance=w.seance_partenaire, theme="Télétravail", support=SUPPORT_DE_TEST
    )
    Participation.objects.create(seance=w.seance_partenaire, personne=pilote, statut=S.INSCRIT)
    w.coorganisation = CoOrganisation.objects.create(seance=w.seance_partenaire, reseau=w.reseau)
    w.role_reseau = RoleReseauPartenaire.objects.create(
        reseau=w.reseau, role="contributeur", debut=datetime.date(2020, 1, 1)
    )
    w.contact_partenaire = ContactPartenaire.objects.get(reseau=w.reseau)
