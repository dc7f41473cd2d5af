"""Writes of the follow-up space. Keyword-only `<entity>_<action>` functions.

Every write goes through `save()` (never `.update()` / `bulk_*`) so that
django-simple-history records who changed what; `_history_user` is set explicitly so
that writes made outside a request (another app, a task) are attributed too.
"""

import datetime
import logging
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from apes_rh import emails
from parcours.models import Membre

from . import fichiers
from . import referentiel as chargement
from .enums import PrioriteAction, StatutAction, StatutDiagnostic, StatutExport, StatutReferentiel
from .models import (
    Action,
    AvisMembre,
    Axe,
    Commentaire,
    Critere,
    Diagnostic,
    Evaluation,
    ExportDossier,
    Indicateur,
    NiveauEchelle,
    PieceJointe,
    PlanAmelioration,
    Referentiel,
    ReponseAvis,
    Suivi,
    Theme,
)

logger = logging.getLogger(__name__)


def _auteur(instance, auteur):
    instance._history_user = auteur
    return instance


# --------------------------------------------------------------------------- referential


def referentiel_courant() -> Referentiel:
    """The published version new diagnostics use; loads the default one on a bare database."""
    courant = Referentiel.objects.courant()
    if courant is None:
        chargement.charger()
        courant = Referentiel.objects.courant()
    if courant is None:
        raise ValidationError("Aucun référentiel publié : publiez-en une version.")
    return courant


@transaction.atomic
def referentiel_nouvelle_version(*, referentiel: Referentiel) -> Referentiel:
    """Copy a version into a new draft the team edits, then publishes.

    The old version, and every diagnostic made on it, stays exactly as it was.
    """
    derniere = (
        Referentiel.objects.filter(code=referentiel.code).order_by("-version").first().version
    )
    copie = Referentiel.objects.create(
        code=referentiel.code,
        version=derniere + 1,
        titre=referentiel.titre,
        description=referentiel.description,
        statut=StatutReferentiel.BROUILLON,
    )
    for niveau in referentiel.echelle.all():
        NiveauEchelle.objects.create(
            referentiel=copie,
            niveau=niveau.niveau,
            libelle=niveau.libelle,
            description=niveau.description,
        )
    for theme in referentiel.themes.prefetch_related(
        "criteres__ressources", "criteres__lecons", "criteres__specialites"
    ):
        nouveau = Theme.objects.create(
            referentiel=copie,
            code=theme.code,
            titre=theme.titre,
            accroche=theme.accroche,
            description=theme.description,
            ordre=theme.ordre,
            thematique_id=theme.thematique_id,
        )
        for c in theme.criteres.all():
            copie_critere = Critere.objects.create(
                theme=nouveau,
                code=c.code,
                intitule=c.intitule,
                ordre=c.ordre,
                niveau_1=c.niveau_1,
                niveau_2=c.niveau_2,
                niveau_3=c.niveau_3,
                niveau_4=c.niveau_4,
            )
            # The recommendations' tags follow the criterion into the new version.
            copie_critere.ressources.set(c.ressources.all())
            copie_critere.lecons.set(c.lecons.all())
            copie_critere.specialites.set(c.specialites.all())
    return copie


def referentiel_publier(*, referentiel: Referentiel) -> Referentiel:
    if not referentiel.themes.filter(criteres__isnull=False).exists():
        raise ValidationError("Un référentiel sans critère ne peut pas être publié.")
    if referentiel.echelle.count() != 4:
        raise ValidationError("L'échelle doit décrire les quatre niveaux avant publication.")
    referentiel.statut = StatutReferentiel.PUBLIE
    referentiel.publie_le = timezone.now()
    referentiel.save()
    return referentiel


# --------------------------------------------------------------------------- diagnostic


def diagnostic_creer(*, organisation, auteur, titre: str = "") -> Diagnostic:
    referentiel = referentiel_courant()
    if not titre:
        titre = f"État des lieux du {timezone.localdate():%d/%m/%Y}"
    diagnostic = Diagnostic(
        organisation=organisation, referentiel=referentiel, titre=titre, cree_par=auteur
    )
    _auteur(diagnostic, auteur).save()
    return diagnostic


def evaluation_enregistrer(
    *,
    diagnostic: Diagnostic,
    critere: Critere,
    niveau: int | None,
    commentaire: str,
    preuves: str,
    auteur,
) -> tuple[Evaluation, bool]:
    """Save one criterion's answer (autosave). Returns (evaluation, changed).

    Nothing is written (and no history row added) when nothing changed.
    """
    if critere.theme.referentiel_id != diagnostic.referentiel_id:
        raise ValidationError("Ce critère n'appartient pas au référentiel de ce diagnostic.")
    if diagnostic.est_termine:
        raise ValidationError("Ce diagnostic est terminé : rouvrez-le pour le modifier.")
    evaluation = Evaluation.objects.filter(diagnostic=diagnostic, critere=critere).first()
    if evaluation is None:
        evaluation = Evaluation(diagnostic=diagnostic, critere=critere)
    elif (evaluation.niveau, evaluation.commentaire, evaluation.preuves) == (
        niveau,
        commentaire,
        preuves,
    ):
        return evaluation, False
    evaluation.niveau = niveau
    evaluation.commentaire = commentaire
    evaluation.preuves = preuves
    evaluation.modifie_par = auteur
    _auteur(evaluation, auteur).save()
    return evaluation, True


def diagnostic_terminer(*, diagnostic: Diagnostic, auteur) -> Diagnostic:
    from .analyse import resultats

    res = resultats(diagnostic)
    if not res.complet:
        manque = res.total - res.evalues
        raise ValidationError(
            f"Il reste {manque} critère{'s' if manque > 1 else ''} sans niveau : "
            "complétez-les avant de terminer le diagnostic."
        )
    diagnostic.statut = StatutDiagnostic.TERMINE
    diagnostic.termine_le = timezone.now()
    _auteur(diagnostic, auteur).save()
    return diagnostic


def diagnostic_rouvrir(*, diagnostic: Diagnostic, auteur) -> Diagnostic:
    diagnostic.statut = StatutDiagnostic.EN_COURS
    diagnostic.termine_le = None
    _auteur(diagnostic, auteur).save()
    return diagnostic


def diagnostic_modifier(*, diagnostic: Diagnostic, titre: str, auteur) -> Diagnostic:
    diagnostic.titre = titre
    _auteur(diagnostic, auteur).save()
    return diagnostic


@transaction.atomic
def diagnostic_supprimer(*, diagnostic: Diagnostic, auteur) -> None:
    if diagnostic.est_termine:
        raise ValidationError(
            "Un diagnostic terminé fait partie de l'historique : il est conservé."
        )
    for evaluation in diagnostic.evaluations.all():
        _auteur(evaluation, auteur).delete()
    _auteur(diagnostic, auteur).delete()


@transaction.atomic
def avis_demander(
    *, diagnostic: Diagnostic, personnes: Iterable, demande_par, message: str = ""
) -> list[AvisMembre]:
    """Ask members for their own view of the diagnostic; each gets an e-mail."""
    membres = set(
        Membre.objects.actifs()
        .filter(organisation=diagnostic.organisation)
        .values_list("personne_id", flat=True)
    )
    crees = []
    for personne in personnes:
        if personne.pk not in membres:
            raise ValidationError(f"{personne} n'est pas membre de l'organisation.")
        avis, cree = AvisMembre.objects.get_or_create(
            diagnostic=diagnostic,
            personne=personne,
            defaults={"demande_par": demande_par, "message": message},
        )
        if cree:
            crees.append(avis)
    for avis in crees:
        url = reverse(
            "outils:avis_remplir", kwargs={"pk": diagnostic.organisation_id, "avis_pk": avis.pk}
        )
        transaction.on_commit(lambda avis=avis, url=url: _envoyer_demande_avis(avis, url))
    return crees


def _envoyer_demande_avis(avis: AvisMembre, chemin: str) -> None:
    emails.send_templated(
        "outils/emails/demande_avis",
        [avis.personne.email],
        {"avis": avis, "diagnostic": avis.diagnostic, "chemin": chemin},
    )


def reponse_enregistrer(
    *, avis: AvisMembre, critere: Critere, niveau: int | None, commentaire: str
) -> tuple[ReponseAvis, bool]:
    if avis.est_envoye:
        raise ValidationError("Votre avis a déjà été envoyé.")
    if critere.theme.referentiel_id != avis.diagnostic.referentiel_id:
        raise ValidationError("Ce critère n'appartient pas au référentiel de ce diagnostic.")
    reponse, cree = ReponseAvis.objects.get_or_create(avis=avis, critere=critere)
    if not cree and (reponse.niveau, reponse.commentaire) == (niveau, commentaire):
        return reponse, False
    reponse.niveau = niveau
    reponse.commentaire = commentaire
    reponse.save()
    return reponse, True


def avis_envoyer(*, avis: AvisMembre) -> AvisMembre:
    if not avis.reponses.filter(niveau__isnull=False).exists():
        raise ValidationError("Donnez au moins un niveau avant d'envoyer votre avis.")
    avis.envoye_le = timezone.now()
    avis.save(update_fields=["envoye_le"])
    return avis


# --------------------------------------------------------------------------- plan


def thematiques_du_plan(organisation) -> set[int]:
    """Ids of the HR themes (core `Thematique`) of the plan's open actions and their axes.

    One query; meant for `accompagnateurs.suggestions.register_plan_amelioration_provider`.
    """
    actions = Action.objects.ouvertes().filter(plan__organisation=organisation)
    return set(
        Theme.objects.filter(
            Q(pk__in=actions.values("theme_id")) | Q(pk__in=actions.values("axe__theme_id")),
            thematique__isnull=False,
        ).values_list("thematique_id", flat=True)
    )


def plan_obtenir(*, organisation) -> PlanAmelioration:
    plan = PlanAmelioration.objects.filter(organisation=organisation).first()
    if plan is None:
        plan = PlanAmelioration(organisation=organisation)
        plan.save()
    return plan


def axe_creer(
    *,
    organisation,
    titre: str,
    auteur,
    description: str = "",
    theme: Theme | None = None,
    critere: Critere | None = None,
    origine: str = "",
) -> Axe:
    plan = plan_obtenir(organisation=organisation)
    ordre = (plan.axes.order_by("-ordre").values_list("ordre", flat=True).first() or 0) + 1
    axe = Axe(
        plan=plan,
        titre=titre,
        description=description,
        theme=theme,
        critere=critere,
        origine=origine,
        ordre=ordre,
        cree_par=auteur,
    )
    _auteur(axe, auteur).save()
    return axe


def axe_depuis_critere(*, diagnostic: Diagnostic, critere: Critere, auteur) -> Axe:
    """One click from a weak criterion: an axis pre-filled with where to go next."""
    evaluation = Evaluation.objects.filter(diagnostic=diagnostic, critere=critere).first()
    niveau = evaluation.niveau if evaluation else None
    lignes = []
    if niveau:
        lignes.append(f"Niveau actuel ({niveau}) : {critere.description_niveau(niveau)}")
    cible = min((niveau or 0) + 1, 4)
    lignes.append(f"Objectif (niveau {cible}) : {critere.description_niveau(cible)}")
    if evaluation and evaluation.commentaire:
        lignes.append(f"Constat du diagnostic : {evaluation.commentaire}")
    return axe_creer(
        organisation=diagnostic.organisation,
        titre=critere.intitule,
        description="\n\n".join(lignes),
        theme=critere.theme,
        critere=critere,
        origine=f"Diagnostic « {diagnostic.titre} »",
        auteur=auteur,
    )


def axe_modifier(*, axe: Axe, auteur, **champs) -> Axe:
    for nom, valeur in champs.items():
        setattr(axe, nom, valeur)
    _auteur(axe, auteur).save()
    return axe


@transaction.atomic
def axe_supprimer(*, axe: Axe, auteur) -> None:
    """The axis goes; its actions stay in the plan, without an axis."""
    for action in axe.actions.all():
        action.axe = None
        _auteur(action, auteur).save()
    _auteur(axe, auteur).delete()


CHAMPS_ACTION = (
    "axe",
    "titre",
    "description",
    "responsable",
    "echeance",
    "priorite",
    "statut",
    "theme",
    "ressources",
    "origine",
    "lecon",
)


def _verifier_action(plan: PlanAmelioration, champs: dict) -> None:
    erreurs = {}
    if not (champs.get("titre") or "").strip():
        erreurs["titre"] = "Donnez un titre à l'action."
    axe = champs.get("axe")
    if axe is not None and axe.plan_id != plan.pk:
        erreurs["axe"] = "Cet axe appartient à un autre schéma d'amélioration."
    responsable = champs.get("responsable")
    if (
        responsable is not None
        and not Membre.objects.actifs()
        .filter(organisation_id=plan.organisation_id, personne=responsable)
        .exists()
    ):
        erreurs["responsable"] = "La personne responsable doit être membre de l'organisation."
    if "statut" in champs and champs["statut"] not in StatutAction.values:
        erreurs["statut"] = "Statut inconnu."
    if "priorite" in champs and champs["priorite"] not in PrioriteAction.values:
        erreurs["priorite"] = "Priorité inconnue."
    echeance = champs.get("echeance")
    if echeance is not None and not isinstance(echeance, datetime.date):
        erreurs["echeance"] = "Date d'échéance invalide."
    if erreurs:
        raise ValidationError(erreurs)


def action_creer(*, organisation, auteur, **champs) -> Action:
    inconnus = set(champs) - set(CHAMPS_ACTION)
    if inconnus:
        raise TypeError(f"Champs inconnus : {sorted(inconnus)}")
    plan = plan_obtenir(organisation=organisation)
    _verifier_action(plan, champs)
    action = Action(plan=plan, cree_par=auteur, **champs)
    _auteur(action, auteur).save()
    return action


def action_modifier(*, action: Action, auteur, **champs) -> Action:
    inconnus = set(champs) - set(CHAMPS_ACTION)
    if inconnus:
        raise TypeError(f"Champs inconnus : {sorted(inconnus)}")
    _verifier_action(action.plan, {"titre": action.titre, **champs})
    for nom, valeur in champs.items():
        setattr(action, nom, valeur)
    _auteur(action, auteur).save()
    return action


def action_changer_statut(*, action: Action, statut: str, auteur) -> Action:
    if statut not in StatutAction.values:
        raise ValidationError({"statut": "Statut inconnu."})
    if action.statut == statut:
        return action
    return action_modifier(action=action, auteur=auteur, statut=statut)


@transaction.atomic
def action_supprimer(*, action: Action, auteur) -> None:
    for suivi in action.suivis.all():
        suivi.action = None
        _auteur(suivi, auteur).save()
    _auteur(action, auteur).delete()


@transaction.atomic
def plan_ajouter_actions(
    *, organisation, actions: list[dict], auteur, origine: str
) -> list[Action]:
    """Copy a list of actions into the organisation's plan (e.g. from a co-development session).

    Each dict needs `titre`; it may give `description`, `responsable` (a member of the
    organisation, or None), `echeance` (a date), `priorite` (PrioriteAction),
    `statut` (StatutAction), `theme` (a referential Theme), `ressources`, and `axe`
    (an Axe of this plan, or an axis title: found or created). Without `axe`, the
    actions go into an axis named after `origine`. All or nothing: a bad item raises
    ValidationError (keys prefixed with the item's index) and nothing is written.
    """
    if not origine.strip():
        raise ValidationError({"origine": "Précisez l'origine des actions."})
    plan = plan_obtenir(organisation=organisation)
    erreurs = {}
    for i, donnees in enumerate(actions):
        inconnus = set(donnees) - set(CHAMPS_ACTION)
        if inconnus:
            erreurs[f"{i}"] = f"Champs inconnus : {', '.join(sorted(inconnus))}."
            continue
        champs = {k: v for k, v in donnees.items() if k != "axe" or not isinstance(v, str)}
        try:
            _verifier_action(plan, champs)
        except ValidationError as exc:
            for champ, messages in exc.message_dict.items():
                erreurs[f"{i}.{champ}"] = messages
    if erreurs:
        raise ValidationError(erreurs)

    axes: dict[str, Axe] = {}

    def axe_nomme(titre: str) -> Axe:
        if titre not in axes:
            axes[titre] = plan.axes.filter(titre=titre).first() or axe_creer(
                organisation=organisation, titre=titre, origine=origine, auteur=auteur
            )
        return axes[titre]

    creees = []
    for donnees in actions:
        champs = dict(donnees)
        axe = champs.pop("axe", None)
        if axe is None:
            axe = axe_nomme(origine.strip()[:300])
        elif isinstance(axe, str):
            axe = axe_nomme(axe.strip()[:300])
        action = Action(plan=plan, axe=axe, cree_par=auteur, origine=origine[:200], **champs)
        _auteur(action, auteur).save()
        creees.append(action)
    return creees


def commentaire_ajouter(*, action: Action, auteur, texte: str) -> Commentaire:
    texte = texte.strip()
    if not texte:
        raise ValidationError({"texte": "Le commentaire est vide."})
    commentaire = Commentaire(action=action, auteur=auteur, texte=texte)
    _auteur(commentaire, auteur).save()
    return commentaire


def commentaire_supprimer(*, commentaire: Commentaire, auteur) -> None:
    _auteur(commentaire, auteur).delete()


# --------------------------------------------------------------------------- follow-up


def _verifier_suivi(organisation, action: Action | None) -> None:
    if action is not None and action.plan.organisation_id != organisation.pk:
        raise ValidationError({"action": "Cette action appartient à une autre organisation."})


@transaction.atomic
def suivi_creer(
    *,
    organisation,
    auteur,
    date: datetime.date,
    realise: str,
    action: Action | None = None,
    difficultes: str = "",
    prochaine_etape: str = "",
    indicateurs: Iterable[dict] = (),
    fichiers_joints: Iterable = (),
) -> Suivi:
    """A follow-up entry with its indicator values and attachments (all or nothing)."""
    _verifier_suivi(organisation, action)
    verifies = [(f, fichiers.verifier(f)) for f in fichiers_joints]
    suivi = Suivi(
        organisation=organisation,
        action=action,
        date=date,
        realise=realise,
        difficultes=difficultes,
        prochaine_etape=prochaine_etape,
        auteur=auteur,
    )
    _auteur(suivi, auteur).save()
    for valeurs in indicateurs:
        _auteur(Indicateur(suivi=suivi, **valeurs), auteur).save()
    for fichier, info in verifies:
        _piece_jointe_enregistrer(suivi, fichier, info, auteur)
    return suivi


@transaction.atomic
def suivi_modifier(
    *,
    suivi: Suivi,
    auteur,
    indicateurs: Iterable[dict] | None = None,
    fichiers_joints: Iterable = (),
    **champs,
) -> Suivi:
    """Change an entry; `indicateurs`, when given, replaces its indicator values."""
    _verifier_suivi(suivi.organisation, champs.get("action", suivi.action))
    verifies = [(f, fichiers.verifier(f)) for f in fichiers_joints]
    for nom, valeur in champs.items():
        setattr(suivi, nom, valeur)
    _auteur(suivi, auteur).save()
    if indicateurs is not None:
        anciens = list(suivi.indicateurs.all())
        nouveaux = list(indicateurs)
        for ancien, valeurs in zip(anciens, nouveaux, strict=False):
            if any(getattr(ancien, k) != v for k, v in valeurs.items()):
                for k, v in valeurs.items():
                    setattr(ancien, k, v)
                _auteur(ancien, auteur).save()
        for ancien in anciens[len(nouveaux) :]:
            _auteur(ancien, auteur).delete()
        for valeurs in nouveaux[len(anciens) :]:
            _auteur(Indicateur(suivi=suivi, **valeurs), auteur).save()
    for fichier, info in verifies:
        _piece_jointe_enregistrer(suivi, fichier, info, auteur)
    return suivi


@transaction.atomic
def suivi_supprimer(*, suivi: Suivi, auteur) -> None:
    for piece in suivi.pieces_jointes.all():
        piece_jointe_supprimer(piece=piece, auteur=auteur)
    for indicateur in suivi.indicateurs.all():
        _auteur(indicateur, auteur).delete()
    _auteur(suivi, auteur).delete()


def _piece_jointe_enregistrer(suivi, fichier, info, auteur) -> PieceJointe:
    piece = PieceJointe(
        suivi=suivi,
        nom=info.nom,
        type_mime=info.type_mime,
        taille=info.taille,
        ajoutee_par=auteur,
    )
    piece.fichier.save(info.nom, fichier, save=False)
    try:
        _auteur(piece, auteur).save()
    except Exception:
        piece.fichier.storage.delete(piece.fichier.name)  # no orphan file
        raise
    return piece


def piece_jointe_ajouter(*, suivi: Suivi, fichier, auteur) -> PieceJointe:
    info = fichiers.verifier(fichier)
    return _piece_jointe_enregistrer(suivi, fichier, info, auteur)


def piece_jointe_supprimer(*, piece: PieceJointe, auteur) -> None:
    nom, stockage = piece.fichier.name, piece.fichier.storage
    _auteur(piece, auteur).delete()
    # The file goes once the deletion is committed (history keeps the row, not the bytes).
    transaction.on_commit(lambda: stockage.delete(nom))


# --------------------------------------------------------------------------- export


def export_demander(*, organisation, auteur) -> ExportDossier:
    from .tasks import construire_dossier

    export = ExportDossier.objects.create(organisation=organisation, demande_par=auteur)
    transaction.on_commit(lambda: construire_dossier.delay(export.pk))
    return export


def export_construire(*, export: ExportDossier) -> ExportDossier:
    """Build the PDF of an export request (called by the task)."""
    from django.core.files.base import ContentFile

    from .pdf import dossier_pdf

    try:
        contenu = dossier_pdf(export.organisation)
    except Exception as exc:  # the user sees "échec" rather than an eternal spinner
        logger.exception("Échec du dossier PDF de l'organisation %s", export.organisation_id)
        export.statut = StatutExport.ECHEC
        export.erreur = f"{type(exc).__name__}: {exc}"[:2000]
        export.termine_le = timezone.now()
        export.save()
        return export
    export.fichier.save(f"dossier-{export.organisation_id}.pdf", ContentFile(contenu), save=False)
    export.statut = StatutExport.PRET
    export.termine_le = timezone.now()
    export.save()
    return export


def effacer_avis_personne(personne) -> None:
    """Erasure of a person: their answers keep counting in the spread, without their words."""
    from .models import ReponseAvis

    ReponseAvis.objects.filter(avis__personne=personne).update(commentaire="")
