"""Writes of the parcours app: organisations, members, parcours, sessions and registrations.

Keyword-only functions named `<entity>_<action>`. They validate what the database cannot,
raise `ValidationError` with French messages (per field when there is one), and send
their e-mails only once the transaction commits.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from apes_rh.models import User
from apes_rh.roles import forget_roles
from apes_rh.services import personne_inviter

from .enums import EtapeParcours, RoleMembre, StatutInscription
from .models import Inscription, Membre, Organisation, Parcours, Passation
from .tasks import envoyer_apres_commit

# --- Organisations --------------------------------------------------------------------------


def organisation_archiver(*, organisation: Organisation, par: User | None = None) -> Organisation:
    """Archive (never delete): the organisation leaves the lists, its history stays."""
    if not organisation.archivee:
        organisation.archivee = True
        organisation.save(update_fields=["archivee"])
    return organisation


def organisation_restaurer(*, organisation: Organisation, par: User | None = None) -> Organisation:
    if organisation.archivee:
        organisation.archivee = False
        organisation.save(update_fields=["archivee"])
    return organisation


# --- Members --------------------------------------------------------------------------------


def _clore(membre: Membre, le: datetime.date) -> None:
    """End a membership period the day before `le`; a period that starts on `le` is removed
    (it never really existed; django-simple-history keeps a trace of it)."""
    if membre.debut < le:
        membre.fin = le - datetime.timedelta(days=1)
        membre.save(update_fields=["fin"])
    else:
        membre.delete()


@transaction.atomic
def membre_inviter(
    *,
    organisation: Organisation,
    email: str,
    first_name: str = "",
    last_name: str = "",
    role: str = RoleMembre.MEMBRE,
    par: User | None = None,
    message: str = "",
) -> Membre:
    """Invite a person (new or existing account) and make them a member of the organisation."""
    if organisation.archivee:
        raise ValidationError("Cette organisation est archivée : on ne peut plus y inviter.")
    if (
        role == RoleMembre.PILOTE
        and Membre.objects.actifs()
        .filter(organisation=organisation, role=RoleMembre.PILOTE)
        .exists()
    ):
        raise ValidationError(
            {"role": "L'organisation a déjà un·e pilote : utilisez la passation du pilotage."}
        )
    existing = User.objects.filter(email__iexact=email.strip()).first()
    if (
        existing
        and Membre.objects.actifs().filter(organisation=organisation, personne=existing).exists()
    ):
        raise ValidationError({"email": "Cette personne est déjà membre de l'organisation."})
    personne, _ = personne_inviter(
        email=email,
        first_name=first_name,
        last_name=last_name,
        invitee_par=par,
        message=message,
    )
    membre = Membre.objects.create(personne=personne, organisation=organisation, role=role)
    forget_roles(personne)
    return membre


@transaction.atomic
def membre_changer_role(*, membre: Membre, role: str, par: User | None = None) -> Membre:
    """A new period with the new role; the former one is kept (history)."""
    if role == membre.role:
        return membre
    if RoleMembre.PILOTE in (role, membre.role):
        raise ValidationError(
            {"role": "Le rôle de pilote se transmet par la passation du pilotage."}
        )
    if not membre.est_actif:
        raise ValidationError("Cette adhésion est terminée.")
    today = timezone.localdate()
    personne, organisation = membre.personne, membre.organisation
    _clore(membre, today)
    nouveau = Membre.objects.create(
        personne=personne, organisation=organisation, role=role, debut=today
    )
    forget_roles(personne)
    return nouveau


@transaction.atomic
def membre_retirer(*, membre: Membre, par: User | None = None) -> None:
    """End a membership today. A pilot must first pass the role on."""
    if membre.role == RoleMembre.PILOTE:
        raise ValidationError(
            "La ou le pilote ne peut pas être retiré·e : transmettez d'abord le pilotage."
        )
    if not membre.est_actif:
        raise ValidationError("Cette adhésion est déjà terminée.")
    today = timezone.localdate()
    if membre.debut < today:
        membre.fin = today - datetime.timedelta(days=1)
        membre.save(update_fields=["fin"])
    else:
        membre.delete()
    forget_roles(membre.personne)


@transaction.atomic
def pilotage_transmettre(
    *,
    organisation: Organisation,
    nouveau: User,
    par: User | None = None,
    ancien_reste_membre: bool = True,
    message: str = "",
) -> Passation:
    """Pass the pilot role to another member in one step; the former pilot's period is kept."""
    today = timezone.localdate()
    actifs = list(
        Membre.objects.actifs(today)
        .filter(organisation=organisation)
        .select_for_update()
        .select_related("personne")
    )
    pilotes = [m for m in actifs if m.role == RoleMembre.PILOTE]
    if any(m.personne_id == nouveau.pk for m in pilotes):
        raise ValidationError({"nouveau": "Cette personne est déjà pilote de l'organisation."})
    rows_nouveau = [m for m in actifs if m.personne_id == nouveau.pk]
    if not rows_nouveau:
        raise ValidationError(
            {"nouveau": "Le pilotage ne peut être transmis qu'à un·e membre de l'organisation."}
        )
    ancien = pilotes[0].personne if pilotes else None
    for m in pilotes:
        _clore(m, today)
        if ancien_reste_membre:
            Membre.objects.create(
                personne=m.personne, organisation=organisation, role=RoleMembre.MEMBRE, debut=today
            )
        forget_roles(m.personne)
    for m in rows_nouveau:
        _clore(m, today)
    Membre.objects.create(
        personne=nouveau, organisation=organisation, role=RoleMembre.PILOTE, debut=today
    )
    forget_roles(nouveau)
    passation = Passation.objects.create(
        organisation=organisation,
        ancien=ancien,
        nouveau=nouveau,
        date=today,
        par=par,
        message=message,
    )
    envoyer_apres_commit("passation", passation.pk)
    return passation


# --- Parcours -------------------------------------------------------------------------------


def _places_restantes(parcours: Parcours) -> int | None:
    if parcours.capacite is None:
        return None
    return parcours.capacite - parcours.inscriptions.inscrites().count()


@transaction.atomic
def parcours_inscrire(
    *,
    parcours: Parcours,
    organisations,
    par: User | None = None,
    date: datetime.date | None = None,
) -> list[Inscription]:
    """The team enrols organisations (a pending application becomes an enrolment)."""
    parcours = Parcours.objects.select_for_update().get(pk=parcours.pk)
    organisations = list(organisations)
    existantes = {
        i.organisation_id: i
        for i in Inscription.objects.filter(parcours=parcours, organisation__in=organisations)
    }
    nouvelles = [
        o
        for o in organisations
        if o.pk not in existantes or existantes[o.pk].statut != StatutInscription.INSCRITE
    ]
    restantes = _places_restantes(parcours)
    if restantes is not None and len(nouvelles) > restantes:
        raise ValidationError(
            {
                "organisations": f"Le parcours n'a plus que {max(restantes, 0)} place"
                f"{'s' if restantes > 1 else ''} (capacité : {parcours.capacite})."
            }
        )
    faites = []
    for organisation in nouvelles:
        inscription = existantes.get(organisation.pk) or Inscription(
            parcours=parcours, organisation=organisation
        )
        inscription.statut = StatutInscription.INSCRITE
        inscription.date = date or timezone.localdate()
        inscription.decidee_par, inscription.decidee_le = par, timezone.now()
        inscription.save()
        faites.append(inscription)
        envoyer_apres_commit("parcours_inscription", inscription.pk)
    return faites


@transaction.atomic
def candidature_deposer(
    *, parcours: Parcours, organisation: Organisation, par: User, message: str = ""
) -> Inscription:
    """A pilot applies for their organisation; the team decides."""
    if not parcours.candidatures_ouvertes or parcours.fin < timezone.localdate():
        raise ValidationError("Ce parcours ne reçoit pas de candidatures.")
    inscription = Inscription.objects.filter(parcours=parcours, organisation=organisation).first()
    if inscription and inscription.statut == StatutInscription.INSCRITE:
        raise ValidationError({"organisation": "Cette organisation suit déjà ce parcours."})
    if inscription and inscription.statut == StatutInscription.CANDIDATURE:
        raise ValidationError(
            {"organisation": "Une candidature de cette organisation est déjà en attente."}
        )
    inscription = inscription or Inscription(parcours=parcours, organisation=organisation)
    inscription.statut = StatutInscription.CANDIDATURE
    inscription.date = timezone.localdate()
    inscription.message = message
    inscription.candidature_par = par
    inscription.reponse, inscription.decidee_le, inscription.decidee_par = "", None, None
    inscription.save()
    envoyer_apres_commit("candidature_recue", inscription.pk)
    return inscription


@transaction.atomic
def candidature_decider(
    *, inscription: Inscription, accepter: bool, par: User, reponse: str = ""
) -> Inscription:
    """Accept or decline an application; the pilots are told by e-mail, with the message."""
    inscription = Inscription.objects.select_for_update().get(pk=inscription.pk)
    if inscription.statut != StatutInscription.CANDIDATURE:
        raise ValidationError("Cette candidature a déjà reçu une réponse.")
    if accepter:
        restantes = _places_restantes(inscription.parcours)
        if restantes is not None and restantes <= 0:
            raise ValidationError(
                {"decision": f"Le parcours est complet ({inscription.parcours.capacite} places)."}
            )
    elif not reponse.strip():
        raise ValidationError({"reponse": "Expliquez en quelques mots la raison du refus."})
    inscription.statut = StatutInscription.INSCRITE if accepter else StatutInscription.REFUSEE
    inscription.reponse = reponse
    inscription.decidee_par, inscription.decidee_le = par, timezone.now()
    if accepter:
        inscription.date = timezone.localdate()
    inscription.save()
    envoyer_apres_commit("candidature_decision", inscription.pk)
    return inscription


def inscription_changer_etape(
    *, inscription: Inscription, etape: str, par: User | None = None
) -> Inscription:
    if inscription.statut != StatutInscription.INSCRITE:
        raise ValidationError("Seule une organisation inscrite avance dans les étapes.")
    if etape not in EtapeParcours.values:
        raise ValidationError({"etape": "Étape inconnue."})
    if inscription.etape != etape:
        inscription.etape = etape
        inscription.save(update_fields=["etape"])
    return inscription
