"""Writes of the parcours app: organisations, members, parcours, sessions and registrations.

Keyword-only functions named `<entity>_<action>`. They validate what the database cannot,
raise `ValidationError` with French messages (per field when there is one), and send
their e-mails only once the transaction commits.
"""

import datetime
import secrets
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from apes_rh.models import User
from apes_rh.perms import is_equipe
from apes_rh.roles import forget_roles
from apes_rh.services import personne_inviter

from .enums import EtapeParcours, RoleMembre, StatutInscription, StatutParticipation
from .models import (
    STATUTS_PLACE,
    Inscription,
    JetonCalendrier,
    Membre,
    Organisation,
    Parcours,
    Participation,
    Passation,
    Seance,
)
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


# --- Sessions -------------------------------------------------------------------------------


def seance_ref(*, seance: Seance) -> str:
    """A readable unique reference: <parcours or community code>-<date>[-n]."""
    cadre = (
        seance.parcours.code
        if seance.parcours_id
        else seance.communaute.code
        if seance.communaute_id
        else "APES"
    )
    base = f"{cadre}-{seance.date:%Y%m%d}"[:55]
    ref, n = base, 1
    while Seance.objects.filter(ref=ref).exclude(pk=seance.pk).exists():
        n += 1
        ref = f"{base}-{n}"
    return ref


def conflits_animateurs(
    *, date: datetime.date, heure_debut, heure_fin, animateurs, exclure=None
) -> list[tuple[User, Seance]]:
    """Facilitators already booked at that time: [(facilitator, other session)]."""
    animateurs = list(animateurs)
    if not animateurs or date is None:
        return []
    candidate = Seance(date=date, heure_debut=heure_debut, heure_fin=heure_fin)
    lignes = (
        Seance.animateurs.through.objects.filter(
            seance__date=date, seance__annulee=False, user__in=animateurs
        )
        .select_related("seance", "user")
        .order_by("seance__heure_debut", "user__last_name")
    )
    if exclure is not None:
        lignes = lignes.exclude(seance__in=exclure if isinstance(exclure, list) else [exclure])
    return [(ligne.user, ligne.seance) for ligne in lignes if candidate.chevauche(ligne.seance)]


def conflits_par_seance(seances) -> dict[int, list[tuple[User, Seance]]]:
    """Conflicts of many sessions in two queries (for lists and the agenda)."""
    seances = list(seances)
    if not seances:
        return {}
    through = Seance.animateurs.through
    des_seances = list(
        through.objects.filter(seance__in=seances).values_list("seance_id", "user_id")
    )
    animateurs = {u for _, u in des_seances}
    autres = list(
        through.objects.filter(
            seance__date__in={s.date for s in seances},
            seance__annulee=False,
            user__in=animateurs,
        ).select_related("seance", "user")
    )
    par_seance = {s.pk: s for s in seances}
    resultat: dict[int, list] = {}
    for seance_id, user_id in des_seances:
        seance = par_seance[seance_id]
        if seance.annulee:
            continue
        for ligne in autres:
            if (
                ligne.user_id == user_id
                and ligne.seance_id != seance_id
                and seance.chevauche(ligne.seance)
            ):
                resultat.setdefault(seance_id, []).append((ligne.user, ligne.seance))
    return resultat


def _en_texte(valeur) -> str:
    if valeur is None:
        return ""
    if isinstance(valeur, datetime.time):
        return valeur.isoformat(timespec="minutes")
    if isinstance(valeur, datetime.date):
        return valeur.isoformat()
    return str(valeur)


def seance_changements(avant: dict, seance: Seance) -> dict[str, list[str]]:
    """Participant-relevant changes (`Seance.CHAMPS_NOTIFIES`) as {field: [before, after]},
    in text (they travel to the e-mail task as JSON)."""
    return {
        champ: [_en_texte(avant.get(champ)), _en_texte(getattr(seance, champ))]
        for champ in Seance.CHAMPS_NOTIFIES
        if champ in avant and avant[champ] != getattr(seance, champ)
    }


@transaction.atomic
def seance_enregistrer(
    *,
    seance: Seance,
    animateurs=None,
    thematiques=None,
    coorganisateurs=None,
    par=None,
    suivantes_de_la_serie: bool = False,
) -> Seance:
    """Create or update a session from the team's form.

    When its date, times, place or link change (`Seance.CHAMPS_NOTIFIES`), the calendar
    version goes up and, after commit, the people registered or waiting at that moment are
    told what changed (a session already past or cancelled tells no one). A title change
    updates calendars without an e-mail. A larger capacity promotes people from the waiting
    list (the promoted get their own confirmation, not the change notice).

    `suivantes_de_la_serie`: the new times, place and link also go to the later sessions of
    its series (not cancelled, not past), each saved here and so each with its own notice;
    every session keeps its date."""
    avant = {}
    if seance.pk:
        avant = (
            Seance.objects.filter(pk=seance.pk)
            .values(*Seance.CHAMPS_NOTIFIES, "titre", "capacite")
            .first()
            or {}
        )
    if not seance.demi_journees_forcees and seance.heure_debut and seance.heure_fin:
        seance.demi_journees = Seance.demi_journees_pour(seance.heure_debut, seance.heure_fin)
    if not seance.ref:
        seance.ref = seance_ref(seance=seance)
    changements = seance_changements(avant, seance) if avant else {}
    if changements or (avant and avant["titre"] != seance.titre):
        seance.sequence += 1
    seance.full_clean()
    seance.save()
    if animateurs is not None:
        seance.animateurs.set(animateurs)
    if thematiques is not None:
        seance.thematiques.set(thematiques)
    if coorganisateurs is not None:
        seance.coorganisateurs.set(coorganisateurs)
    if changements and not seance.annulee and seance.date >= timezone.localdate():
        a_prevenir = list(
            seance.participations.filter(
                statut__in=[*STATUTS_PLACE, StatutParticipation.ATTENTE]
            ).values_list("pk", flat=True)
        )
        if a_prevenir:
            envoyer_apres_commit(
                "seance_modifiee",
                seance.pk,
                changements=changements,
                sequence=seance.sequence,
                participations=a_prevenir,
            )
    seance_promouvoir_attente(seance=seance)
    reportes = {c: getattr(seance, c) for c in changements if c != "date"}
    if suivantes_de_la_serie and seance.serie and reportes:
        suivantes = Seance.objects.filter(
            serie=seance.serie, annulee=False, date__gt=max(seance.date, avant["date"])
        ).exclude(pk=seance.pk)
        for suivante in suivantes.filter(date__gte=timezone.localdate()).order_by("date"):
            for champ, valeur in reportes.items():
                setattr(suivante, champ, valeur)
            seance_enregistrer(seance=suivante, par=par)
    return seance


@transaction.atomic
def seance_serie_creer(
    *, modele: Seance, dates, animateurs=(), thematiques=(), coorganisateurs=(), par=None
) -> list[Seance]:
    """The same session on several dates (e.g. every second Tuesday for six months)."""
    serie = uuid.uuid4()
    creees = []
    for date in dates:
        seance = Seance(
            **{
                f.name: getattr(modele, f.name)
                for f in Seance._meta.concrete_fields
                if f.name not in ("id", "ref", "date", "serie", "sequence", "annulee")
            }
        )
        seance.date = date
        seance.serie = serie
        creees.append(
            seance_enregistrer(
                seance=seance,
                animateurs=animateurs,
                thematiques=thematiques,
                coorganisateurs=coorganisateurs,
                par=par,
            )
        )
    return creees


def dates_serie(
    *, premiere: datetime.date, jusqu_au: datetime.date, frequence: str
) -> list[datetime.date]:
    """Dates from `premiere` to `jusqu_au` inclusive.

    `hebdomadaire` / `bimensuelle`: every week / every other week.
    `mensuelle`: the same weekday and rank in the month as `premiere` (e.g. the 2nd
    Tuesday); a 5th weekday becomes the month's last one.
    """
    dates = []
    if frequence in ("hebdomadaire", "bimensuelle"):
        pas = datetime.timedelta(weeks=1 if frequence == "hebdomadaire" else 2)
        date = premiere
        while date <= jusqu_au:
            dates.append(date)
            date += pas
        return dates
    if frequence != "mensuelle":
        raise ValueError(frequence)
    jour, rang = premiere.weekday(), (premiere.day - 1) // 7  # 0 = 1st … 4 = 5th
    annee, mois = premiere.year, premiere.month
    while True:
        date = _nieme_jour(annee, mois, jour, rang)
        if date > jusqu_au:
            return dates
        dates.append(date)
        annee, mois = (annee + 1, 1) if mois == 12 else (annee, mois + 1)


def _nieme_jour(annee: int, mois: int, jour: int, rang: int) -> datetime.date:
    premier = datetime.date(annee, mois, 1)
    date = premier + datetime.timedelta(days=(jour - premier.weekday()) % 7 + 7 * rang)
    while date.month != mois:  # no 5th such weekday this month: take the last one
        date -= datetime.timedelta(weeks=1)
    return date


@transaction.atomic
def seance_annuler(*, seance: Seance, par: User | None = None, motif: str = "") -> Seance:
    """Cancel a session; everyone registered or waiting gets a cancellation with the .ics."""
    seance = Seance.objects.select_for_update().get(pk=seance.pk)
    if seance.annulee:
        return seance
    seance.annulee = True
    seance.motif_annulation = motif
    seance.sequence += 1
    seance.save(update_fields=["annulee", "motif_annulation", "sequence"])
    envoyer_apres_commit("seance_annulee", seance.pk)
    return seance


def _organisation_par_defaut(personne: User, seance: Seance) -> Organisation | None:
    """The organisation a person comes from: the one enrolled in the session's parcours,
    else their first current organisation."""
    adhesions = Membre.objects.actifs().filter(personne=personne).order_by("debut", "pk")
    if seance.parcours_id:
        inscrite = adhesions.filter(
            organisation__inscriptions__parcours_id=seance.parcours_id,
            organisation__inscriptions__statut=StatutInscription.INSCRITE,
        ).first()
        if inscrite:
            return inscrite.organisation
    premiere = adhesions.select_related("organisation").first()
    return premiere.organisation if premiere else None


@transaction.atomic
def participation_inscrire(
    *,
    seance: Seance,
    personne: User,
    par: User | None = None,
    organisation: Organisation | None = None,
) -> Participation:
    """Register a person to any session (parcours, community or regional).

    Within capacity the person is registered and gets an e-mail with the .ics; beyond it
    they join the waiting list (and are told so). Registering twice changes nothing.
    """
    seance = Seance.objects.select_for_update().get(pk=seance.pk)
    if seance.annulee:
        raise ValidationError("Cette séance est annulée.")
    if seance.date < timezone.localdate():
        raise ValidationError("Cette séance est passée : les inscriptions sont closes.")
    if seance.a_commence:
        raise ValidationError("Cette séance a déjà commencé : les inscriptions sont closes.")
    participation = (
        Participation.objects.select_for_update().filter(seance=seance, personne=personne).first()
    )
    if participation and participation.statut != StatutParticipation.ANNULE:
        return participation
    occupees = seance.participations.avec_place().count()
    complet = seance.capacite is not None and occupees >= seance.capacite
    participation = participation or Participation(seance=seance, personne=personne)
    participation.statut = StatutParticipation.ATTENTE if complet else StatutParticipation.INSCRIT
    participation.organisation = organisation or _organisation_par_defaut(personne, seance)
    participation.inscrite_le = timezone.now()
    participation.inscrite_par = par
    participation.annulee_le = participation.promue_le = None
    participation.save()
    envoyer_apres_commit(
        "participation_attente" if complet else "participation_confirmee", participation.pk
    )
    return participation


@transaction.atomic
def participation_annuler(
    *, participation: Participation, par: User | None = None
) -> Participation:
    """Cancel a registration; a freed seat goes to the first person on the waiting list."""
    seance = Seance.objects.select_for_update().get(pk=participation.seance_id)
    participation = Participation.objects.select_for_update().get(pk=participation.pk)
    if participation.statut == StatutParticipation.ANNULE:
        return participation
    if participation.statut in (
        StatutParticipation.PRESENT,
        StatutParticipation.ABSENT,
        StatutParticipation.EXCUSE,
    ):
        raise ValidationError(
            "La présence est déjà relevée : l'inscription ne peut plus être annulée."
        )
    if seance.a_commence and not (par and is_equipe(par)):
        raise ValidationError("La séance a commencé : l'inscription ne peut plus être annulée.")
    liberait_une_place = participation.statut == StatutParticipation.INSCRIT
    participation.statut = StatutParticipation.ANNULE
    participation.annulee_le = timezone.now()
    participation.save(update_fields=["statut", "annulee_le"])
    if not seance.annulee:
        envoyer_apres_commit("participation_annulee", participation.pk)
    if liberait_une_place:
        seance_promouvoir_attente(seance=seance)
    return participation


@transaction.atomic
def seance_promouvoir_attente(*, seance: Seance) -> list[Participation]:
    """Fill free seats from the waiting list, first come first served; each promoted person
    gets the confirmation e-mail with the .ics."""
    seance = Seance.objects.select_for_update().get(pk=seance.pk)
    if seance.annulee or seance.a_commence:
        return []
    attente = seance.participations.en_attente()
    if seance.capacite is not None:
        libres = seance.capacite - seance.participations.avec_place().count()
        if libres <= 0:
            return []
        attente = attente[:libres]
    promues = list(attente)
    for participation in promues:
        participation.statut = StatutParticipation.INSCRIT
        participation.promue_le = timezone.now()
        participation.save(update_fields=["statut", "promue_le"])
        envoyer_apres_commit("participation_promue", participation.pk)
    return promues


STATUTS_PRESENCE = (
    StatutParticipation.PRESENT,
    StatutParticipation.ABSENT,
    StatutParticipation.EXCUSE,
    StatutParticipation.INSCRIT,  # undo: back to "not recorded yet"
)


@transaction.atomic
def presence_enregistrer(
    *, participation: Participation, statut: str, par: User | None = None
) -> Participation:
    """Record attendance (present / absent / excused). Attendance is what reports count."""
    seance = participation.seance
    if statut not in STATUTS_PRESENCE:
        raise ValidationError({"statut": "Choisissez présent·e, absent·e ou excusé·e."})
    if seance.annulee:
        raise ValidationError("Cette séance est annulée : pas de présences à relever.")
    if statut in (StatutParticipation.PRESENT, StatutParticipation.ABSENT) and (
        seance.date > timezone.localdate()
    ):
        raise ValidationError({"statut": "La présence se relève le jour de la séance ou après."})
    participation.statut = statut
    participation.presence_par = par
    participation.presence_le = timezone.now()
    participation.save(update_fields=["statut", "presence_par", "presence_le"])
    return participation


@transaction.atomic
def presence_ajouter(
    *,
    seance: Seance,
    email: str,
    first_name: str = "",
    last_name: str = "",
    par: User | None = None,
) -> Participation:
    """Someone came without registering: record them present (an account is created and
    the person invited when they have none)."""
    if seance.annulee:
        raise ValidationError("Cette séance est annulée : pas de présences à relever.")
    if seance.date > timezone.localdate():
        raise ValidationError("La présence se relève le jour de la séance ou après.")
    personne = User.objects.filter(email__iexact=email.strip()).first()
    if personne is None:
        personne, _ = personne_inviter(
            email=email,
            first_name=first_name,
            last_name=last_name,
            invitee_par=par,
            message=f"Merci d'avoir participé à « {seance.titre} » le {seance.date:%d/%m/%Y}.",
        )
    participation, _ = Participation.objects.get_or_create(
        seance=seance,
        personne=personne,
        defaults={
            "organisation": _organisation_par_defaut(personne, seance),
            "inscrite_par": par,
        },
    )
    return presence_enregistrer(
        participation=participation, statut=StatutParticipation.PRESENT, par=par
    )


# --- Calendars ------------------------------------------------------------------------------


def jeton_calendrier_renouveler(*, personne: User) -> JetonCalendrier:
    """A new secret for the person's private feed (the former URL stops working)."""
    jeton = secrets.token_urlsafe(32)
    objet, _ = JetonCalendrier.objects.update_or_create(
        personne=personne, defaults={"jeton": jeton}
    )
    return objet


def jeton_calendrier_revoquer(*, personne: User) -> None:
    JetonCalendrier.objects.filter(personne=personne).delete()


# --- Erasure of a person (registered with apes_rh.donnees.register_eraser) -----------------


def personne_effacer(personne: User) -> None:
    """An anonymised person keeps their counted rows (participations, memberships); their
    private calendar feed goes: its secret URL would still list their sessions."""
    jeton_calendrier_revoquer(personne=personne)
