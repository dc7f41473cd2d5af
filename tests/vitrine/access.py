"""Access rules of the vitrine's URLs (merged into tests/access.py's TABLE).

TABLE maps a URL name to an Acces(expected per role, kwargs(world), query).
extend_world(w) adds sample objects to the shared world (a SimpleNamespace).
Members-only content is declared with its members-only sample: the anonymous visitor
must be sent to the login page, never receive the content.
"""

from tests.access_base import CONNECTE, EQUIPE, EQUIPE_POST, LOGIN, PUBLIC, Acces, expect

POST_SEULEMENT = expect(405, anonyme=LOGIN)
MEMBRES = expect(200, anonyme=LOGIN)  # members-only sample: anonymous → login page
CONTRIBUTEURS = expect(403, anonyme=LOGIN, accompagnateur=200, chargee=200)

TABLE: dict = {
    # Référencement
    "vitrine:sitemap": Acces(PUBLIC),
    "vitrine:robots": Acces(PUBLIC),
    # Thèmes et témoignages
    "vitrine:themes": Acces(PUBLIC),
    "vitrine:theme": Acces(PUBLIC, lambda w: {"slug": w.theme_vitrine.slug}),
    "vitrine:temoignages": Acces(PUBLIC),
    "vitrine:temoignage": Acces(PUBLIC, lambda w: {"pk": w.temoignage_publie.pk}),
    "vitrine:temoignages_a_relire": Acces(CONNECTE),
    "vitrine:temoignage_relecture": Acces(
        expect(404, anonyme=LOGIN, pilote=200, chargee=200),
        lambda w: {"pk": w.temoignage_a_valider.pk},
    ),
    # Rejoindre la démarche
    "vitrine:rejoindre": Acces(PUBLIC),
    "vitrine:rejoindre_merci": Acces(PUBLIC),
    # Ressources
    "vitrine:ressources": Acces(PUBLIC),
    "vitrine:ressource": Acces(MEMBRES, lambda w: {"pk": w.ressource_membres.pk}),
    "vitrine:ressource_fichier": Acces(MEMBRES, lambda w: {"pk": w.ressource_membres.pk}),
    "vitrine:ressource_creer": Acces(CONTRIBUTEURS),
    "vitrine:ressources_propositions": Acces(CONTRIBUTEURS),
    "vitrine:ressource_modifier": Acces(
        expect(404, anonyme=LOGIN, accompagnateur=200, chargee=200),
        lambda w: {"pk": w.ressource_proposee.pk},
    ),
    "vitrine:ressource_proposer": Acces(POST_SEULEMENT, lambda w: {"pk": w.ressource_proposee.pk}),
    "vitrine:ressource_supprimer": Acces(EQUIPE_POST, lambda w: {"pk": w.ressource_membres.pk}),
    "vitrine:ressource_epingler": Acces(POST_SEULEMENT, lambda w: {"pk": w.ressource_membres.pk}),
    "vitrine:epingles": Acces(expect(403, anonyme=LOGIN, pilote=200)),
    "vitrine:epingle_retirer": Acces(POST_SEULEMENT, lambda w: {"pk": w.epingle.pk}),
    # MOOC
    "vitrine:mooc": Acces(PUBLIC),
    "vitrine:mooc_mon_parcours": Acces(CONNECTE),
    "vitrine:mooc_suivi": Acces(EQUIPE),
    "vitrine:module": Acces(MEMBRES, lambda w: {"code": w.module_membres.code}),
    "vitrine:lecon": Acces(
        MEMBRES, lambda w: {"code": w.module_membres.code, "pk": w.lecon_membres.pk}
    ),
    "vitrine:lecon_support": Acces(
        MEMBRES, lambda w: {"code": w.module_membres.code, "pk": w.lecon_membres.pk}
    ),
    "vitrine:lecon_terminer": Acces(
        POST_SEULEMENT, lambda w: {"code": w.module_membres.code, "pk": w.lecon_membres.pk}
    ),
    "vitrine:attestation": Acces(
        expect(404, anonyme=LOGIN, membre=200), lambda w: {"code": w.module_public.code}
    ),
    # Équipe
    "vitrine:demandes": Acces(EQUIPE),
    "vitrine:demande": Acces(EQUIPE, lambda w: {"pk": w.demande_rejoindre.pk}),
    "vitrine:demande_accueillir": Acces(EQUIPE_POST, lambda w: {"pk": w.demande_rejoindre.pk}),
    "vitrine:temoignages_gestion": Acces(EQUIPE),
    "vitrine:temoignage_creer": Acces(EQUIPE),
    "vitrine:temoignage_modifier": Acces(EQUIPE, lambda w: {"pk": w.temoignage_publie.pk}),
    "vitrine:temoignage_action": Acces(
        EQUIPE_POST, lambda w: {"pk": w.temoignage_publie.pk, "action": "publier"}
    ),
}


def extend_world(w) -> None:
    from django.core.files.base import ContentFile

    from outils.vitrine.enums import StatutRessource
    from outils.vitrine.models import Attestation, EpingleRessource
    from tests.vitrine.factories import (
        PDF,
        DemandeFactory,
        LeconFactory,
        ModuleFactory,
        QuestionFactory,
        RessourceFactory,
        TemoignageFactory,
        ThemeVitrineFactory,
    )

    chargee = w.users["chargee"]
    w.theme_vitrine = ThemeVitrineFactory(slug="management", titre="Management")
    w.temoignage_publie = TemoignageFactory(organisation=w.org_a, publie=True)
    w.temoignage_a_valider = TemoignageFactory(organisation=w.org_a, a_valider=True)
    w.demande_rejoindre = DemandeFactory(territoire=w.mel)
    w.ressource_publique = RessourceFactory(fichier_pdf=True, cree_par=chargee)
    w.ressource_membres = RessourceFactory(fichier_pdf=True, membres=True, cree_par=chargee)
    w.ressource_proposee = RessourceFactory(
        statut=StatutRessource.PROPOSEE, cree_par=w.users["accompagnateur"]
    )
    w.epingle = EpingleRessource.objects.create(
        ressource=w.ressource_publique, organisation=w.org_a, epinglee_par=w.users["pilote"]
    )
    w.module_public = ModuleFactory(code="module-public")
    w.lecon_publique = LeconFactory(module=w.module_public, ordre=1)
    QuestionFactory(lecon=w.lecon_publique)
    w.module_membres = ModuleFactory(code="module-membres", membres=True)
    w.lecon_membres = LeconFactory(module=w.module_membres, ordre=1, support_titre="Support")
    w.lecon_membres.support = ContentFile(PDF, name="support.pdf")
    w.lecon_membres.save()
    Attestation.objects.create(personne=w.users["membre"], module=w.module_public)
