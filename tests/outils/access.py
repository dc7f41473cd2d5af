"""Access rules of the follow-up space (merged into tests/access.py's TABLE).

Every URL is about w.org_a: its pilot edits; its member reads; the team and the shared
coach (who supports org_a through a mission and recorded half-days, see
tests/accompagnateurs/access.py) read and comment; funders and partners never know the
space exists (404). Coaches who do not support an organisation are covered in
tests/outils/test_acces.py.
"""

from django.core.files.base import ContentFile

from tests.access_base import EQUIPE, LOGIN, PUBLIC, Acces, expect

# Read: members, pilot, team, supporting coach. Outsiders: 404.
LIRE = expect(404, anonyme=LOGIN, membre=200, pilote=200, chargee=200, accompagnateur=200)
# Edit pages (GET forms): pilot only; readers get 403.
MODIFIER = expect(404, anonyme=LOGIN, membre=403, pilote=200, chargee=403, accompagnateur=403)
# POST-only edits: GET answers 405 to the pilot once the rule passed.
MODIFIER_POST = expect(404, anonyme=LOGIN, membre=403, pilote=405, chargee=403, accompagnateur=403)
# Comments: pilot, team and supporting coaches; plain members 403.
COMMENTER_POST = expect(404, anonyme=LOGIN, membre=403, pilote=405, chargee=405, accompagnateur=405)
# Readers' POST (export request): everyone who reads.
LIRE_POST = expect(404, anonyme=LOGIN, membre=405, pilote=405, chargee=405, accompagnateur=405)
# Follow-up surveys: pilots answer, the team reads; members and coaches never know (404).
ENQUETES = expect(404, anonyme=LOGIN, pilote=200, chargee=200)


def _org(w):
    return {"pk": w.org_a.pk}


def _diag(w):
    return {"pk": w.org_a.pk, "diagnostic_pk": w.diagnostic.pk}


def _critere(w):
    return {**_diag(w), "critere_pk": w.critere.pk}


def _avis(w):
    return {"pk": w.org_a.pk, "avis_pk": w.avis.pk}


def _action(w):
    return {"pk": w.org_a.pk, "action_pk": w.action.pk}


def _axe(w):
    return {"pk": w.org_a.pk, "axe_pk": w.axe.pk}


def _suivi(w):
    return {"pk": w.org_a.pk, "suivi_pk": w.suivi.pk}


def _piece(w):
    return {"pk": w.org_a.pk, "piece_pk": w.piece.pk}


def _suggestion(w):
    t = w.suggestion_ecartee
    return {"pk": w.org_a.pk, "critere_pk": t.critere_id, "type": t.type, "objet_pk": t.objet_id}


def _export(w):
    return {"pk": w.org_a.pk, "export_pk": w.export.pk}


TABLE: dict = {
    "outils:espaces": Acces(expect(200, anonyme=LOGIN)),
    "outils:espace": Acces(LIRE, _org),
    # Diagnostic
    "outils:diagnostics": Acces(LIRE, _org),
    "outils:diagnostic_creer": Acces(MODIFIER, _org),
    "outils:diagnostic_comparer": Acces(LIRE, _org),
    "outils:diagnostic": Acces(LIRE, _diag),
    "outils:diagnostic_remplir": Acces(MODIFIER, _diag),
    "outils:evaluation_enregistrer": Acces(MODIFIER_POST, _critere),
    "outils:axe_depuis_critere": Acces(MODIFIER_POST, _critere),
    "outils:diagnostic_terminer": Acces(MODIFIER_POST, _diag),
    "outils:diagnostic_rouvrir": Acces(MODIFIER_POST, _diag),
    "outils:diagnostic_supprimer": Acces(MODIFIER_POST, _diag),
    "outils:avis_demander": Acces(MODIFIER, _diag),
    # A member's own view: only the person asked (w.users["membre"]) knows it exists.
    "outils:avis_remplir": Acces(expect(404, anonyme=LOGIN, membre=200), _avis),
    "outils:avis_reponse_enregistrer": Acces(
        expect(404, anonyme=LOGIN, membre=405), lambda w: {**_avis(w), "critere_pk": w.critere.pk}
    ),
    "outils:avis_envoyer": Acces(expect(404, anonyme=LOGIN, membre=405), _avis),
    # Recommendations of the diagnostic
    "outils:recommandations": Acces(LIRE, _org),
    "outils:suggestion_ecarter": Acces(MODIFIER_POST, _suggestion),
    "outils:suggestion_action": Acces(MODIFIER_POST, _suggestion),
    "outils:suggestion_restaurer": Acces(
        MODIFIER_POST, lambda w: {"pk": w.org_a.pk, "traitee_pk": w.suggestion_ecartee.pk}
    ),
    # Plan
    "outils:plan": Acces(LIRE, _org),
    "outils:plan_tableau": Acces(LIRE, _org),
    "outils:axe_creer": Acces(MODIFIER, _org),
    "outils:axe_modifier": Acces(MODIFIER, _axe),
    "outils:axe_supprimer": Acces(MODIFIER_POST, _axe),
    "outils:action_creer": Acces(MODIFIER, _org),
    "outils:action": Acces(LIRE, _action),
    "outils:action_modifier": Acces(MODIFIER, _action),
    "outils:action_statut": Acces(MODIFIER_POST, _action),
    "outils:action_supprimer": Acces(MODIFIER_POST, _action),
    # A button of the pilots' weekly e-mail: the signed token is the credential (GET shows
    # the confirmation to whoever holds it, logged in or not; only its POST acts).
    "outils:lien_action": Acces(PUBLIC, lambda w: {"jeton": w.jeton_lien_action}),
    "outils:commentaire_ajouter": Acces(COMMENTER_POST, _action),
    "outils:commentaire_supprimer": Acces(
        COMMENTER_POST, lambda w: {"pk": w.org_a.pk, "commentaire_pk": w.commentaire.pk}
    ),
    # Suivi
    "outils:suivi": Acces(LIRE, _org),
    "outils:suivi_creer": Acces(MODIFIER, _org),
    "outils:suivi_detail": Acces(LIRE, _suivi),
    "outils:suivi_modifier": Acces(MODIFIER, _suivi),
    "outils:suivi_supprimer": Acces(MODIFIER_POST, _suivi),
    "outils:piece_jointe": Acces(LIRE, _piece),
    "outils:piece_jointe_supprimer": Acces(MODIFIER_POST, _piece),
    # Memory and export
    "outils:chronologie": Acces(LIRE, _org),
    "outils:historique": Acces(LIRE, _org),
    "outils:export": Acces(LIRE, _org),
    "outils:export_dossier": Acces(LIRE_POST, _org),
    "outils:export_statut": Acces(LIRE, _export),
    "outils:export_telecharger": Acces(LIRE, _export),
    "outils:export_plan_csv": Acces(LIRE, _org),
    "outils:export_plan_xlsx": Acces(LIRE, _org),
    # Follow-up surveys
    "outils:enquetes": Acces(ENQUETES, _org),
    "outils:enquete": Acces(ENQUETES, lambda w: {"pk": w.org_a.pk, "enquete_pk": w.enquete.pk}),
    "outils:enquetes_equipe": Acces(EQUIPE),
}


PDF_MINIMAL = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def extend_world(w) -> None:
    """A diagnostic, a member's view, a plan with an action and a comment, a follow-up
    entry with an indicator and an attachment, and a ready export — all for w.org_a."""
    from outils import services
    from outils.enums import ChangementLien, StatutExport
    from outils.liens import liens_creer
    from outils.models import Critere, ExportDossier, Indicateur, PieceJointe, SuggestionTraitee
    from tests.outils.factories import referentiel_defaut

    referentiel_defaut()
    pilote, membre = w.users["pilote"], w.users["membre"]
    w.diagnostic = services.diagnostic_creer(
        organisation=w.org_a, auteur=pilote, titre="État des lieux 2024"
    )
    w.critere = Critere.objects.filter(theme__referentiel=w.diagnostic.referentiel).first()
    services.evaluation_enregistrer(
        diagnostic=w.diagnostic,
        critere=w.critere,
        niveau=2,
        commentaire="Registre incomplet",
        preuves="",
        auteur=pilote,
    )
    (w.avis,) = services.avis_demander(
        diagnostic=w.diagnostic, personnes=[membre], demande_par=pilote
    )
    w.axe = services.axe_depuis_critere(diagnostic=w.diagnostic, critere=w.critere, auteur=pilote)
    w.action = services.action_creer(
        organisation=w.org_a, auteur=pilote, axe=w.axe, titre="Mettre à jour le registre"
    )
    urls = liens_creer(destinataire=pilote, actions=[w.action])[w.action.pk]
    w.jeton_lien_action = urls[ChangementLien.EN_COURS].rstrip("/").rsplit("/", 1)[-1]
    w.commentaire = services.commentaire_ajouter(
        action=w.action, auteur=w.users["chargee"], texte="Pensez au modèle de l'Apes."
    )
    w.suivi = services.suivi_creer(
        organisation=w.org_a,
        auteur=pilote,
        date=w.diagnostic.cree_le.date(),
        action=w.action,
        realise="Registre complété pour les CDD.",
    )
    Indicateur.objects.create(suivi=w.suivi, libelle="Fiches à jour", valeur=3, cible=5)
    w.piece = PieceJointe(
        suivi=w.suivi, nom="registre.pdf", type_mime="application/pdf", taille=len(PDF_MINIMAL)
    )
    w.piece.fichier.save("registre.pdf", ContentFile(PDF_MINIMAL), save=False)
    w.piece.save()
    w.suggestion_ecartee = SuggestionTraitee.objects.create(
        organisation=w.org_a, critere=w.critere, type="ressource", objet_id=1, titre="Un guide"
    )
    w.export = ExportDossier(organisation=w.org_a, demande_par=pilote, statut=StatutExport.PRET)
    w.export.fichier.save("dossier.pdf", ContentFile(PDF_MINIMAL), save=False)
    w.export.save()
    # A follow-up survey of org_a's parcours, waiting for its pilot's answer.
    from outils.enums import OrigineEnquete
    from outils.models import EnqueteSuivi

    w.enquete = EnqueteSuivi.objects.create(
        organisation=w.org_a,
        origine=OrigineEnquete.PARCOURS,
        inscription=w.inscription_a,
        echeance=3,
        fin_accompagnement=w.inscription_a.parcours.fin,
    )
    w.enquete.envoyee_a.set([pilote])
