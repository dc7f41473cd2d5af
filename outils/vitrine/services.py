"""Writes of the vitrine, the resource library and the MOOC (keyword-only, one per action)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .enums import StatutDemande, StatutRessource, StatutTemoignage
from .models import (
    Attestation,
    DemandeAdhesion,
    EpingleRessource,
    Lecon,
    Module,
    Progression,
    Ressource,
    Temoignage,
)

# A quiz is passed with at least this share of right answers (2 questions → both right).
SEUIL_REUSSITE = 0.6


# --------------------------------------------------------------------------- demandes


@transaction.atomic
def demande_creer(*, donnees: dict, thematiques=()) -> DemandeAdhesion:
    """Record a request to join, then (after commit) acknowledge it and alert the team."""
    from . import tasks

    demande = DemandeAdhesion.objects.create(**donnees)
    if thematiques:
        demande.thematiques.set(thematiques)
    transaction.on_commit(lambda: tasks.demande_notifier.delay(demande.pk))
    return demande


@transaction.atomic
def demande_mettre_a_jour(
    *, demande: DemandeAdhesion, statut: str, note_interne: str, par
) -> DemandeAdhesion:
    demande.statut = statut
    demande.note_interne = note_interne
    if demande.traitee_par_id is None or statut != StatutDemande.NOUVELLE:
        demande.traitee_par = par
    demande.save(update_fields=["statut", "note_interne", "traitee_par", "modifiee_le"])
    return demande


@transaction.atomic
def demande_accueillir(*, demande: DemandeAdhesion, par, territoire, message: str = ""):
    """Create (or reuse) the organisation and invite the contact as its pilot."""
    from apes_rh.services import personne_inviter
    from parcours.enums import RoleMembre
    from parcours.models import Membre, Organisation

    organisation = demande.organisation
    if organisation is None:
        organisation = Organisation.objects.filter(nom__iexact=demande.organisation_nom).first()
    if organisation is None:
        organisation = Organisation.objects.create(
            nom=demande.organisation_nom,
            territoire=territoire,
            commune=demande.commune,
            forme_juridique=demande.get_type_structure_display(),
        )
    personne, _ = personne_inviter(
        email=demande.contact_email,
        first_name=demande.contact_prenom,
        last_name=demande.contact_nom,
        invitee_par=par,
        message=message,
    )
    if not Membre.objects.actifs().filter(personne=personne, organisation=organisation).exists():
        Membre.objects.create(personne=personne, organisation=organisation, role=RoleMembre.PILOTE)
    demande.organisation = organisation
    demande.statut = StatutDemande.ACCEPTEE
    demande.traitee_par = par
    demande.save(update_fields=["organisation", "statut", "traitee_par", "modifiee_le"])
    return organisation


# --------------------------------------------------------------------------- témoignages

CHAMPS_TEXTE_TEMOIGNAGE = (
    "titre",
    "presentation",
    "personne_citee",
    "citation",
    "situation",
    "demarche",
    "resultat",
)


@transaction.atomic
def temoignage_enregistrer(*, temoignage: Temoignage, par, texte_modifie: bool) -> Temoignage:
    """Save the team's text. A validated text that changes must be read again."""
    if temoignage.pk is None:
        temoignage.redige_par = par
    if texte_modifie and temoignage.valide_le is not None and temoignage.validation_requise:
        temoignage.valide_le = None
        temoignage.valide_par = None
        if temoignage.statut in (StatutTemoignage.VALIDE, StatutTemoignage.A_VALIDER):
            temoignage.statut = StatutTemoignage.BROUILLON
        if temoignage.statut == StatutTemoignage.PUBLIE:
            # Already public: stays online, but the new text needs the organisation's OK.
            temoignage.statut = StatutTemoignage.RETIRE
            temoignage.publie_le = None
    temoignage.save()
    return temoignage


@transaction.atomic
def temoignage_demander_validation(*, temoignage: Temoignage, par) -> int:
    """Send the text to the organisation's pilots. Returns how many were asked (0: nobody)."""
    from parcours.models import Membre

    from . import tasks

    pilotes = list(
        Membre.objects.actifs()
        .pilotes()
        .filter(organisation=temoignage.organisation_id, personne__is_active=True)
        .values_list("personne_id", flat=True)
        .distinct()
    )
    if not pilotes:
        return 0
    temoignage.statut = StatutTemoignage.A_VALIDER
    temoignage.demande_validation_le = timezone.now()
    temoignage.commentaire_organisation = ""
    temoignage.save(
        update_fields=["statut", "demande_validation_le", "commentaire_organisation", "modifie_le"]
    )
    transaction.on_commit(lambda: tasks.temoignage_notifier_pilotes.delay(temoignage.pk))
    return len(pilotes)


@transaction.atomic
def temoignage_valider(*, temoignage: Temoignage, par, commentaire: str = "") -> Temoignage:
    temoignage.statut = StatutTemoignage.VALIDE
    temoignage.valide_par = par
    temoignage.valide_le = timezone.now()
    temoignage.commentaire_organisation = commentaire
    temoignage.save()
    _notifier_equipe_temoignage(temoignage)
    return temoignage


@transaction.atomic
def temoignage_demander_modifications(
    *, temoignage: Temoignage, par, commentaire: str
) -> Temoignage:
    temoignage.statut = StatutTemoignage.A_REVOIR
    temoignage.commentaire_organisation = commentaire
    temoignage.valide_le = None
    temoignage.valide_par = None
    temoignage.save()
    _notifier_equipe_temoignage(temoignage)
    return temoignage


def _notifier_equipe_temoignage(temoignage):
    from . import tasks

    transaction.on_commit(lambda: tasks.temoignage_notifier_equipe.delay(temoignage.pk))


class PublicationImpossible(Exception):
    pass


@transaction.atomic
def temoignage_publier(*, temoignage: Temoignage, par) -> Temoignage:
    if not temoignage.publiable:
        raise PublicationImpossible(
            "Ce témoignage doit d'abord être validé par l'organisation."
            if temoignage.validation_requise
            else "Ce témoignage est déjà publié."
        )
    temoignage.statut = StatutTemoignage.PUBLIE
    temoignage.publie_le = timezone.now()
    temoignage.save(update_fields=["statut", "publie_le", "modifie_le"])
    return temoignage


@transaction.atomic
def temoignage_retirer(*, temoignage: Temoignage, par) -> Temoignage:
    temoignage.statut = StatutTemoignage.RETIRE
    temoignage.publie_le = None
    temoignage.mis_en_avant = False
    temoignage.save(update_fields=["statut", "publie_le", "mis_en_avant", "modifie_le"])
    return temoignage


# --------------------------------------------------------------------------- ressources


@transaction.atomic
def ressource_enregistrer(*, ressource: Ressource, par, ancien_fichier: str = "") -> Ressource:
    """Save a resource; a replaced or dropped file is deleted once the change is committed."""
    if ressource.pk is None:
        ressource.cree_par = par
    if ressource.forme != "fichier" and ressource.fichier:
        ancien_fichier = ancien_fichier or ressource.fichier.name
        ressource.fichier = None
    ressource.save()
    if ancien_fichier and ancien_fichier != (ressource.fichier.name if ressource.fichier else ""):
        stockage = Ressource._meta.get_field("fichier").storage
        transaction.on_commit(lambda: stockage.delete(ancien_fichier))
    return ressource


@transaction.atomic
def ressource_proposer(*, ressource: Ressource, par) -> Ressource:
    """A coach submits their draft to the team."""
    ressource.statut = StatutRessource.PROPOSEE
    ressource.save(update_fields=["statut", "modifie_le"])
    from . import tasks

    transaction.on_commit(lambda: tasks.ressource_notifier_equipe.delay(ressource.pk))
    return ressource


def ressource_supprimer(*, ressource: Ressource, par) -> None:
    ressource.delete()  # the file goes with it (post_delete receiver, after commit)


def ressource_compter_telechargement(*, ressource: Ressource) -> None:
    Ressource.objects.filter(pk=ressource.pk).update(telechargements=F("telechargements") + 1)


def actions_du_plan(organisation):
    """The actions of the organisation's improvement plan a resource can be pinned to."""
    from outils.models import Action

    return Action.objects.filter(plan__organisation=organisation).order_by("titre")


def epingle_ajouter(
    *, ressource: Ressource, organisation, par, note: str = "", action=None
) -> EpingleRessource:
    valeurs = {"ressource": ressource, "organisation": organisation}
    if action is not None:
        if action.plan.organisation_id != organisation.pk:
            raise ValueError("Cette action n'appartient pas au plan de l'organisation.")
        valeurs["action"] = action
    try:
        with transaction.atomic():
            epingle, _ = EpingleRessource.objects.update_or_create(
                **valeurs, defaults={"note": note, "epinglee_par": par}
            )
    except IntegrityError:  # pinned twice at the same instant
        epingle = EpingleRessource.objects.get(**valeurs)
    return epingle


def epingle_retirer(*, epingle: EpingleRessource, par) -> None:
    epingle.delete()


# --------------------------------------------------------------------------- MOOC


@dataclass
class ResultatQuiz:
    score: int
    total: int
    reponses: dict[str, int | None]  # question pk → chosen answer (1-based) or None
    enregistre: bool

    @property
    def reussi(self) -> bool:
        return quiz_reussi(self.score, self.total)


def quiz_reussi(score: int | None, total: int | None) -> bool:
    if not total:
        return True
    return (score or 0) >= math.ceil(total * SEUIL_REUSSITE)


def quiz_corriger(*, lecon: Lecon, reponses: dict[str, int | None], personne=None) -> ResultatQuiz:
    """Score the answers; for a logged-in person, keep the best score and the lesson's state."""
    questions = list(lecon.questions.all())
    score = sum(1 for q in questions if reponses.get(str(q.pk)) == q.bonne_reponse)
    resultat = ResultatQuiz(score=score, total=len(questions), reponses=reponses, enregistre=False)
    if personne is None or not personne.is_authenticated:
        return resultat
    with transaction.atomic():
        progression, _ = Progression.objects.select_for_update().get_or_create(
            personne=personne, lecon=lecon
        )
        progression.quiz_tentatives += 1
        progression.quiz_total = resultat.total
        if progression.quiz_score is None or score > progression.quiz_score:
            progression.quiz_score = score
        progression.quiz_dernieres_reponses = reponses
        if resultat.reussi and progression.terminee_le is None:
            progression.terminee_le = timezone.now()
        progression.save()
        if progression.terminee_le:
            module_verifier_completion(module=lecon.module, personne=personne)
    resultat.enregistre = True
    return resultat


def lecon_ouvrir(*, lecon: Lecon, personne) -> Progression | None:
    """Note that a logged-in person started a lesson (idempotent)."""
    if not personne.is_authenticated:
        return None
    progression, _ = Progression.objects.get_or_create(personne=personne, lecon=lecon)
    return progression


@transaction.atomic
def lecon_terminer(*, lecon: Lecon, personne) -> Progression:
    """Mark a lesson as read. A lesson with a quiz is done when its quiz is passed."""
    progression, _ = Progression.objects.select_for_update().get_or_create(
        personne=personne, lecon=lecon
    )
    a_un_quiz = lecon.questions.exists()
    quiz_ok = not a_un_quiz or (
        progression.quiz_total and quiz_reussi(progression.quiz_score, progression.quiz_total)
    )
    if progression.terminee_le is None and quiz_ok:
        progression.terminee_le = timezone.now()
        progression.save(update_fields=["terminee_le"])
        module_verifier_completion(module=lecon.module, personne=personne)
    return progression


def module_verifier_completion(*, module: Module, personne) -> Attestation | None:
    """When every published lesson is done, award the badge and build the attestation."""
    from . import tasks

    lecons = list(module.lecons.publiees().values_list("pk", flat=True))
    if not lecons:
        return None
    progressions = Progression.objects.filter(
        personne=personne, lecon_id__in=lecons, terminee_le__isnull=False
    )
    if progressions.count() < len(lecons):
        return None
    attestation = Attestation.objects.filter(personne=personne, module=module).first()
    if attestation is not None:
        return attestation
    score = sum(p.quiz_score or 0 for p in progressions)
    total = sum(p.quiz_total or 0 for p in progressions)
    try:
        with transaction.atomic():
            attestation = Attestation.objects.create(
                personne=personne, module=module, score=score, total=total
            )
    except IntegrityError:  # two last lessons finished at once
        return Attestation.objects.get(personne=personne, module=module)
    transaction.on_commit(lambda: tasks.attestation_generer.delay(attestation.pk))
    return attestation


def attestation_enregistrer_pdf(*, attestation: Attestation) -> Attestation:
    """Build the PDF once and keep it (a Celery task calls this after completion)."""
    from django.core.files.base import ContentFile

    from .pdf import attestation_pdf

    contenu = attestation_pdf(attestation)
    ancien = attestation.pdf.name if attestation.pdf else ""
    attestation.pdf = None
    attestation.pdf.save(f"attestation-{attestation.code}.pdf", ContentFile(contenu), save=False)
    Attestation.objects.filter(pk=attestation.pk).update(pdf=attestation.pdf.name)
    if ancien:
        attestation.pdf.storage.delete(ancien)
    return attestation
