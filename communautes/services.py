"""Writes of communities, session formats, questionnaires and partner networks.

Keyword-only functions named `<entity>_<action>`. Each one is atomic: on bad input it
raises a ValidationError with French, field-level messages and writes nothing.
"""

import datetime
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from apes_rh import rappels
from apes_rh.emails import send_templated
from apes_rh.models import User
from apes_rh.roles import forget_roles
from apes_rh.services import personne_inviter
from parcours.enums import StatutParticipation, TypeSeance
from parcours.models import Membre, Organisation, Participation, Seance

from .enums import EtapeCodev, NatureEnvoi, NatureRessource, StatutDemande
from .fichiers import verifier_fichier
from .models import (
    ActionCodeveloppement,
    AppuiThematique,
    Atelier,
    BulleDialogue,
    Codeveloppement,
    Communaute,
    ContactPartenaire,
    CoOrganisation,
    DemandeAdhesion,
    EnvoiQuestionnaire,
    EtapeCodeveloppement,
    MembreCommunaute,
    NoteBulle,
    Repondant,
    ReponseQuestionnaire,
    ReseauPartenaire,
    RessourceCommunaute,
    RoleReseauPartenaire,
    seance_terminee,
)
from .perms import STATUTS_PARTICIPANT

logger = logging.getLogger(__name__)

# Session types a community offers, and the format each one carries.
TYPES_COMMUNAUTE = (
    TypeSeance.APPUI_COLLECTIF,
    TypeSeance.RENCONTRE_THEMATIQUE,
    TypeSeance.BULLE_DIALOGUE,
    TypeSeance.CODEVELOPPEMENT,
    TypeSeance.INFORMATION,
)
TYPES_APPUI = (TypeSeance.APPUI_COLLECTIF, TypeSeance.RENCONTRE_THEMATIQUE)
RELANCE_APRES = datetime.timedelta(days=4)
# Sessions older than this get no questionnaire any more (the task catches up after an outage).
FENETRE_ENVOI = datetime.timedelta(days=30)


def _url(name: str, **kwargs) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, kwargs=kwargs)


def _organisation_de(personne) -> Organisation | None:
    membre = (
        Membre.objects.actifs().filter(personne=personne).select_related("organisation").first()
    )
    return membre.organisation if membre else None


# --- Membership ----------------------------------------------------------------------


@transaction.atomic
def communaute_rejoindre(
    *, communaute: Communaute, personne: User, organisation: Organisation | None = None
) -> MembreCommunaute:
    """Join an open community (idempotent)."""
    if not communaute.ouverte:
        raise ValidationError(
            "Cette communauté est fermée : demandez à la rejoindre, l'équipe vous répondra."
        )
    membre, _ = MembreCommunaute.objects.get_or_create(
        communaute=communaute,
        personne=personne,
        defaults={"organisation": organisation or _organisation_de(personne)},
    )
    return membre


@transaction.atomic
def communaute_quitter(*, communaute: Communaute, personne: User) -> None:
    MembreCommunaute.objects.filter(communaute=communaute, personne=personne).delete()


@transaction.atomic
def adhesion_demander(
    *, communaute: Communaute, personne: User, message: str = ""
) -> DemandeAdhesion:
    if MembreCommunaute.objects.filter(communaute=communaute, personne=personne).exists():
        raise ValidationError("Vous êtes déjà membre de cette communauté.")
    if communaute.ouverte:
        raise ValidationError("Cette communauté est ouverte : rejoignez-la directement.")
    existante = communaute.demandes_adhesion.en_attente().filter(personne=personne).first()
    if existante:
        raise ValidationError("Votre demande est déjà en attente de réponse.")
    demande = DemandeAdhesion.objects.create(
        communaute=communaute, personne=personne, message=message.strip()
    )
    equipe = list(User.objects.filter(equipe=True, is_active=True).values_list("email", flat=True))
    if equipe:
        lien = _url("communautes:demandes")
        transaction.on_commit(
            lambda: send_templated(
                "communautes/emails/demande_adhesion",
                equipe,
                {"demande": demande, "communaute": communaute, "lien": lien},
            )
        )
    return demande


@transaction.atomic
def adhesion_accepter(*, demande: DemandeAdhesion, par: User) -> MembreCommunaute:
    demande = DemandeAdhesion.objects.select_for_update().get(pk=demande.pk)
    if demande.statut != StatutDemande.EN_ATTENTE:
        raise ValidationError("Cette demande a déjà été traitée.")
    demande.statut = StatutDemande.ACCEPTEE
    demande.traitee_le, demande.traitee_par = timezone.now(), par
    demande.save(update_fields=["statut", "traitee_le", "traitee_par"])
    membre, _ = MembreCommunaute.objects.get_or_create(
        communaute=demande.communaute,
        personne=demande.personne,
        defaults={"organisation": _organisation_de(demande.personne)},
    )
    lien = _url("communautes:communaute", pk=demande.communaute_id)
    transaction.on_commit(
        lambda: send_templated(
            "communautes/emails/adhesion_acceptee",
            [demande.personne.email],
            {"demande": demande, "communaute": demande.communaute, "lien": lien},
        )
    )
    return membre


@transaction.atomic
def adhesion_refuser(*, demande: DemandeAdhesion, par: User, motif: str = "") -> DemandeAdhesion:
    demande = DemandeAdhesion.objects.select_for_update().get(pk=demande.pk)
    if demande.statut != StatutDemande.EN_ATTENTE:
        raise ValidationError("Cette demande a déjà été traitée.")
    demande.statut = StatutDemande.REFUSEE
    demande.traitee_le, demande.traitee_par, demande.motif = timezone.now(), par, motif.strip()
    demande.save(update_fields=["statut", "traitee_le", "traitee_par", "motif"])
    transaction.on_commit(
        lambda: send_templated(
            "communautes/emails/adhesion_refusee",
            [demande.personne.email],
            {"demande": demande, "communaute": demande.communaute},
        )
    )
    return demande


@transaction.atomic
def communaute_inviter(
    *,
    communaute: Communaute,
    email: str,
    first_name: str = "",
    last_name: str = "",
    organisation: Organisation | None = None,
    par: User,
    message: str = "",
) -> MembreCommunaute:
    """The team adds a person (existing account or a new invited one) to a community."""
    texte = f"Vous êtes invité·e à rejoindre la communauté « {communaute.nom} »."
    if message.strip():
        texte += "\n\n" + message.strip()
    personne, _ = personne_inviter(
        email=email, first_name=first_name, last_name=last_name, invitee_par=par, message=texte
    )
    membre, cree = MembreCommunaute.objects.get_or_create(
        communaute=communaute,
        personne=personne,
        defaults={"organisation": organisation or _organisation_de(personne)},
    )
    if not cree and organisation and membre.organisation_id != organisation.pk:
        membre.organisation = organisation
        membre.save(update_fields=["organisation"])
    # A pending request is answered by the invitation.
    communaute.demandes_adhesion.en_attente().filter(personne=personne).update(
        statut=StatutDemande.ACCEPTEE, traitee_le=timezone.now(), traitee_par=par
    )
    return membre


@transaction.atomic
def membre_retirer(*, membre: MembreCommunaute, par: User) -> None:
    membre.delete()


# --- Shared resources ----------------------------------------------------------------


@transaction.atomic
def ressource_ajouter(
    *,
    communaute: Communaute,
    par: User,
    titre: str,
    description: str = "",
    url: str = "",
    fichier=None,
) -> RessourceCommunaute:
    erreurs = {}
    if not titre.strip():
        erreurs["titre"] = "Donnez un titre à la ressource."
    if bool(url) == bool(fichier):
        erreurs["url"] = "Indiquez soit un lien, soit un fichier (l'un ou l'autre)."
    if url and not url.lower().startswith(("https://", "http://")):
        erreurs["url"] = "Le lien doit commencer par https:// ou http://."
    if fichier:
        try:
            verifier_fichier(fichier)
        except ValidationError as exc:
            erreurs["fichier"] = exc.messages
    if erreurs:
        raise ValidationError(erreurs)
    ressource = RessourceCommunaute(
        communaute=communaute,
        titre=titre.strip(),
        description=description.strip(),
        ajoutee_par=par,
    )
    if fichier:
        ressource.nature = NatureRessource.FICHIER
        ressource.nom_fichier = fichier.name.rsplit("/", 1)[-1][:255]
        ressource.taille = fichier.size
        ressource.fichier = fichier
    else:
        ressource.nature = NatureRessource.LIEN
        ressource.url = url
    ressource.save()
    return ressource


def ressource_supprimer(*, ressource: RessourceCommunaute) -> None:
    fichier = ressource.fichier
    with transaction.atomic():
        ressource.delete()
    if fichier:
        fichier.delete(save=False)


# --- Sessions of a community -----------------------------------------------------------


def _ref_libre(prefixe: str) -> str:
    base = prefixe[:50]
    n = Seance.objects.filter(ref__startswith=base).count() + 1
    while Seance.objects.filter(ref=f"{base}-{n:02d}").exists():
        n += 1
    return f"{base}-{n:02d}"


def format_assurer(*, seance: Seance):
    """Create the format object a session's type calls for (idempotent). Returns it or None."""
    if seance.type == TypeSeance.BULLE_DIALOGUE:
        bulle, cree = BulleDialogue.objects.get_or_create(seance=seance)
        if cree or not seance.capacite or seance.capacite > bulle.limite:
            Seance.objects.filter(pk=seance.pk).update(capacite=bulle.limite)
            seance.capacite = bulle.limite
        return bulle
    if seance.type == TypeSeance.CODEVELOPPEMENT:
        codev, _ = Codeveloppement.objects.get_or_create(seance=seance)
        return codev
    if seance.type in TYPES_APPUI:
        appui, _ = AppuiThematique.objects.get_or_create(seance=seance)
        return appui
    return None


@transaction.atomic
def seance_communaute_creer(
    *, communaute: Communaute, par: User, thematiques=(), animateurs=(), **champs
) -> Seance:
    """A new session of a community, with the format object its type calls for."""
    if champs.get("type") not in TYPES_COMMUNAUTE:
        raise ValidationError({"type": "Choisissez un type de séance de communauté."})
    seance = Seance(communaute=communaute, **champs)
    if not seance.ref:
        seance.ref = _ref_libre(f"{communaute.code}-{seance.date:%Y%m%d}")
    seance.full_clean()
    seance.save()
    seance.thematiques.set(thematiques)
    seance.animateurs.set(animateurs)
    format_assurer(seance=seance)
    return seance


@transaction.atomic
def bulle_limite_changer(*, bulle: BulleDialogue, limite: int) -> BulleDialogue:
    if not 2 <= limite <= 12:
        raise ValidationError({"limite": "Une bulle compte de 2 à 12 places."})
    bulle.limite = limite
    bulle.save(update_fields=["limite"])
    Seance.objects.filter(pk=bulle.seance_id).update(capacite=limite)
    return bulle


@transaction.atomic
def bulle_note_ajouter(
    *, bulle: BulleDialogue, auteur: User, texte: str, nature: str, lien: str = ""
) -> NoteBulle:
    from apes_rh.perms import can

    if not can(auteur, "bulle.contenu", bulle.seance):
        raise ValidationError("Seuls les participant·es et animateur·trices écrivent ici.")
    if not texte.strip():
        raise ValidationError({"texte": "Écrivez la note ou décrivez le contenu partagé."})
    return NoteBulle.objects.create(
        bulle=bulle, auteur=auteur, texte=texte.strip(), nature=nature, lien=lien
    )


# --- Registration (thin, until parcours.services.participation_inscrire exists) ------


def _places_prises(seance: Seance) -> int:
    return seance.participations.filter(statut__in=STATUTS_PARTICIPANT).count()


@transaction.atomic
def _inscrire_local(*, seance: Seance, personne: User, par: User | None = None) -> Participation:
    """Register `personne` to `seance`; on the waiting list once the capacity is reached.

    Same keyword signature as parcours.services.participation_inscrire, so that the
    agenda's version (with .ics and e-mails) replaces this one when it is available.
    """
    if seance.annulee:
        raise ValidationError("Cette séance est annulée.")
    if seance_terminee(seance):
        raise ValidationError("Cette séance est passée : on ne peut plus s'y inscrire.")
    Seance.objects.select_for_update().filter(pk=seance.pk).first()  # serialise on the session
    participation = Participation.objects.filter(seance=seance, personne=personne).first()
    if participation and participation.statut != StatutParticipation.ANNULE:
        return participation
    complet = seance.capacite is not None and _places_prises(seance) >= seance.capacite
    statut = StatutParticipation.ATTENTE if complet else StatutParticipation.INSCRIT
    if participation:
        participation.statut = statut
        participation.inscrite_le = timezone.now()
        participation.save(update_fields=["statut", "inscrite_le"])
    else:
        participation = Participation.objects.create(
            seance=seance, personne=personne, organisation=_organisation_de(personne), statut=statut
        )
    return participation


@transaction.atomic
def _annuler_local(*, participation: Participation, par: User | None = None) -> Participation:
    liberee = participation.statut == StatutParticipation.INSCRIT
    participation.statut = StatutParticipation.ANNULE
    participation.save(update_fields=["statut"])
    if liberee:
        suivante = (
            participation.seance.participations.filter(statut=StatutParticipation.ATTENTE)
            .order_by("inscrite_le", "pk")
            .first()
        )
        if suivante:
            suivante.statut = StatutParticipation.INSCRIT
            suivante.save(update_fields=["statut"])
    return participation


def _service_agenda(nom: str):
    """The agenda's service from parcours when it exists, else None."""
    try:
        from parcours import services as agenda
    except ImportError:
        return None
    return getattr(agenda, nom, None)


@transaction.atomic
def seance_inscrire(*, seance: Seance, personne: User, par: User | None = None) -> Participation:
    """Register a person to a community session.

    Joins an open community on the way; a workshop registers the person to its event
    too, so the event's attendance counts each person once.
    """
    communaute = seance.communaute
    if communaute is not None and not communaute.ouverte:
        if not MembreCommunaute.objects.filter(communaute=communaute, personne=personne).exists():
            raise ValidationError("Cette séance est réservée aux membres de la communauté.")
    elif communaute is not None:
        communaute_rejoindre(communaute=communaute, personne=personne)
    inscrire = _service_agenda("participation_inscrire") or _inscrire_local
    participation = inscrire(seance=seance, personne=personne, par=par)
    atelier = Atelier.objects.filter(seance=seance).select_related("evenement").first()
    if atelier and participation.statut in STATUTS_PARTICIPANT:
        evenement = atelier.evenement
        if not evenement.participations.filter(
            personne=personne, statut__in=STATUTS_PARTICIPANT
        ).exists():
            inscrire(seance=evenement, personne=personne, par=par)
    return participation


@transaction.atomic
def seance_desinscrire(*, seance: Seance, personne: User, par: User | None = None) -> None:
    participation = Participation.objects.filter(
        seance=seance,
        personne=personne,
        statut__in=(StatutParticipation.INSCRIT, StatutParticipation.ATTENTE),
    ).first()
    if participation is None:
        raise ValidationError("Vous n'êtes pas inscrit·e à cette séance.")
    if seance_terminee(seance):
        raise ValidationError("Cette séance est passée.")
    annuler = _service_agenda("participation_annuler") or _annuler_local
    annuler(participation=participation, par=par)


def atelier_presence_reporter(participation: Participation) -> None:
    """Present at a workshop means present at its event (called when a participation is
    saved), so the event's attendance counts each person once, whichever workshops."""
    if participation.statut != StatutParticipation.PRESENT:
        return
    atelier = Atelier.objects.filter(seance_id=participation.seance_id).first()
    if atelier is None:
        return
    au_evenement, cree = Participation.objects.get_or_create(
        seance_id=atelier.evenement_id,
        personne_id=participation.personne_id,
        defaults={
            "statut": StatutParticipation.PRESENT,
            "organisation_id": participation.organisation_id,
        },
    )
    if not cree and au_evenement.statut != StatutParticipation.PRESENT:
        au_evenement.statut = StatutParticipation.PRESENT
        au_evenement.save(update_fields=["statut"])


# --- Co-development ------------------------------------------------------------------


@transaction.atomic
def codev_client_designer(
    *,
    codev: Codeveloppement,
    client: User | None,
    organisation: Organisation | None,
    problematique: str = "",
) -> Codeveloppement:
    erreurs = {}
    if (
        client is not None
        and not codev.seance.participations.filter(
            personne=client, statut__in=STATUTS_PARTICIPANT
        ).exists()
    ):
        erreurs["client"] = "Le / la client·e doit être inscrit·e ou présent·e à la séance."
    if (
        organisation is not None
        and client is not None
        and not Membre.objects.actifs().filter(personne=client, organisation=organisation).exists()
    ):
        erreurs["organisation_client"] = "Le / la client·e n'est pas membre de cette organisation."

    if erreurs:
        raise ValidationError(erreurs)
    codev.client, codev.organisation_client = client, organisation
    codev.problematique = problematique.strip()
    codev.save(update_fields=["client", "organisation_client", "problematique"])
    return codev


@transaction.atomic
def codev_etapes_enregistrer(
    *, codev: Codeveloppement, contenus: dict[int, str], par: User
) -> None:
    """Save the content of the six steps (only the ones that changed are rewritten)."""
    inconnues = set(contenus) - set(EtapeCodev.values)
    if inconnues:
        raise ValidationError(f"Étapes inconnues : {sorted(inconnues)}.")
    existantes = {e.etape: e for e in codev.etapes.all()}
    for etape, contenu in contenus.items():
        contenu = (contenu or "").strip()
        ligne = existantes.get(etape)
        if ligne is None:
            if contenu:
                EtapeCodeveloppement.objects.create(
                    codev=codev, etape=etape, contenu=contenu, modifiee_par=par
                )
        elif ligne.contenu != contenu:
            ligne.contenu, ligne.modifiee_par, ligne.modifiee_le = contenu, par, timezone.now()
            ligne.save(update_fields=["contenu", "modifiee_par", "modifiee_le"])


@transaction.atomic
def codev_action_ajouter(
    *,
    codev: Codeveloppement,
    titre: str,
    description: str = "",
    echeance: datetime.date | None = None,
    priorite: int = 2,
) -> ActionCodeveloppement:
    if not titre.strip():
        raise ValidationError({"titre": "Décrivez l'action en quelques mots."})
    ordre = codev.actions.count() + 1
    return ActionCodeveloppement.objects.create(
        codev=codev,
        titre=titre.strip(),
        description=description.strip(),
        echeance=echeance,
        priorite=priorite,
        ordre=ordre,
    )


@transaction.atomic
def codev_action_supprimer(*, action: ActionCodeveloppement) -> None:
    action.delete()


class PlanIndisponible(Exception):
    """The organisations' improvement plan (outils) is not available yet."""


@transaction.atomic
def codev_plan_copier(*, codev: Codeveloppement, par: User) -> list:
    """Copy the client's not-yet-copied actions into their organisation's improvement plan.

    Uses outils.services.plan_ajouter_actions (imported here: outils is a higher layer).
    Each action is copied once; copying again only sends the new ones.
    """
    try:
        from outils.services import plan_ajouter_actions
    except ImportError as exc:
        raise PlanIndisponible(
            "Le plan d'amélioration des organisations n'est pas encore disponible."
        ) from exc
    if codev.organisation_client_id is None:
        raise ValidationError("Indiquez d'abord l'organisation du / de la client·e.")
    actions = list(codev.actions.filter(copiee_le__isnull=True))
    if not actions:
        raise ValidationError("Toutes les actions ont déjà été copiées dans le plan.")
    seance = codev.seance
    origine = f"Co-développement du {seance.date:%d/%m/%Y} — {seance.titre}"[:200]
    # The client owns their actions when they still belong to the organisation.
    responsable = codev.client
    if (
        responsable is None
        or not Membre.objects.actifs()
        .filter(personne=responsable, organisation_id=codev.organisation_client_id)
        .exists()
    ):
        responsable = None
    items = [
        {
            "titre": a.titre,
            "description": a.description,
            "echeance": a.echeance,
            "priorite": a.priorite,
            "responsable": responsable,
        }
        for a in actions
    ]
    resultat = plan_ajouter_actions(
        organisation=codev.organisation_client, actions=items, auteur=par, origine=origine
    )
    ActionCodeveloppement.objects.filter(pk__in=[a.pk for a in actions]).update(
        copiee_le=timezone.now()
    )
    return list(resultat or [])


# --- Appui collectif / rencontre thématique ------------------------------------------


@transaction.atomic
def appui_modifier(
    *,
    appui: AppuiThematique,
    theme: str,
    lien_replay: str = "",
    support=None,
    retirer_support: bool = False,
) -> AppuiThematique:
    erreurs = {}
    if lien_replay and not lien_replay.lower().startswith("https://"):
        erreurs["lien_replay"] = "Le lien du replay doit commencer par https://."
    if support:
        try:
            verifier_fichier(support)
        except ValidationError as exc:
            erreurs["support"] = exc.messages
    if erreurs:
        raise ValidationError(erreurs)
    ancien = appui.support if (support or retirer_support) and appui.support else None
    appui.theme, appui.lien_replay = theme.strip(), lien_replay
    if support:
        appui.support = support
        appui.support_nom = support.name.rsplit("/", 1)[-1][:255]
        appui.support_taille = support.size
    elif retirer_support:
        appui.support, appui.support_nom, appui.support_taille = "", "", None
    appui.save()
    if ancien:
        nom = ancien.name
        transaction.on_commit(lambda: ancien.storage.delete(nom))
    return appui


# --- Joint events: co-organisers and workshops ---------------------------------------


@transaction.atomic
def coorganisation_ajouter(*, seance: Seance, reseau: ReseauPartenaire) -> CoOrganisation:
    if seance.communaute_id is None:
        raise ValidationError("Seules les séances des communautés se co-organisent.")
    coorg, _ = CoOrganisation.objects.get_or_create(seance=seance, reseau=reseau)
    return coorg


@transaction.atomic
def coorganisation_retirer(*, coorganisation: CoOrganisation) -> None:
    coorganisation.delete()


@transaction.atomic
def atelier_ajouter(
    *, evenement: Seance, par: User, animateurs=(), thematiques=(), **champs
) -> Seance:
    """A workshop of `evenement`: a session of the same community and day, linked to it.

    Its half-days are not added to the event's (see Atelier): give it the length of the
    workshop for the agenda, the event keeps the half-days that count.
    """
    if Atelier.objects.filter(seance=evenement).exists():
        raise ValidationError("Un atelier ne peut pas avoir lui-même d'ateliers.")
    if evenement.communaute_id is None:
        raise ValidationError("Seuls les événements des communautés ont des ateliers.")
    n = evenement.ateliers.count() + 1
    champs.setdefault("date", evenement.date)
    champs.setdefault("type", evenement.type)
    if champs["date"] != evenement.date:
        raise ValidationError({"date": "Un atelier a lieu le jour de son événement."})
    seance = Seance(
        communaute_id=evenement.communaute_id,
        ref=_ref_libre(f"{evenement.ref}-AT"),
        **champs,
    )
    seance.full_clean()
    seance.save()
    seance.thematiques.set(thematiques)
    seance.animateurs.set(animateurs)
    Atelier.objects.create(seance=seance, evenement=evenement, ordre=n)
    return seance


# --- Satisfaction questionnaire --------------------------------------------------------


def _seances_a_questionner(maintenant):
    """Community sessions over, not cancelled, within the sending window."""
    aujourd_hui = timezone.localtime(maintenant).date()
    return Seance.objects.filter(
        communaute__isnull=False,
        annulee=False,
        date__gte=aujourd_hui - FENETRE_ENVOI,
        date__lte=aujourd_hui,
    ).exclude(type=TypeSeance.INFORMATION)


def _envoyer(seance: Seance, personne: User, nature: str) -> bool:
    """Record then send, atomically: True if this call sent it (the unique key wins once)."""
    try:
        with transaction.atomic():
            _, cree = EnvoiQuestionnaire.objects.get_or_create(
                seance=seance, personne=personne, nature=nature
            )
            if not cree:
                return False
            lien = _url("communautes:questionnaire", pk=seance.pk)
            prefixe = (
                "communautes/emails/questionnaire"
                if nature == NatureEnvoi.ENVOI
                else "communautes/emails/questionnaire_relance"
            )
            transaction.on_commit(
                lambda: send_templated(
                    prefixe,
                    [personne.email],
                    {
                        "seance": seance,
                        "personne": personne,
                        "lien": lien,
                        "lien_preferences": rappels.lien_preferences(),
                    },
                )
            )
    except IntegrityError:  # a concurrent run recorded it first
        return False
    return True


def questionnaires_envoyer(*, maintenant=None) -> int:
    """Send the questionnaire to the attendees of finished sessions, once each."""
    maintenant = maintenant or timezone.now()
    envoyes = 0
    for seance in _seances_a_questionner(maintenant):
        if not seance_terminee(seance, maintenant):
            continue
        presents = (
            Participation.objects.filter(seance=seance, statut=StatutParticipation.PRESENT)
            .exclude(personne__envois_questionnaire__seance=seance)
            .filter(personne__is_active=True)
            .filter(rappels.personnes_sans(rappels.QUESTIONNAIRES, "personne"))
            .select_related("personne")
        )
        for participation in presents:
            envoyes += _envoyer(seance, participation.personne, NatureEnvoi.ENVOI)
    return envoyes


def questionnaires_relancer(*, maintenant=None) -> int:
    """One reminder, a few days after the sending, to those who have not answered."""
    maintenant = maintenant or timezone.now()
    a_repondu = Repondant.objects.filter(seance=OuterRef("seance"), personne=OuterRef("personne"))
    deja_relance = EnvoiQuestionnaire.objects.filter(
        seance=OuterRef("seance"), personne=OuterRef("personne"), nature=NatureEnvoi.RELANCE
    )
    a_relancer = (
        EnvoiQuestionnaire.objects.filter(
            nature=NatureEnvoi.ENVOI,
            envoye_le__lte=maintenant - RELANCE_APRES,
            envoye_le__gte=maintenant - FENETRE_ENVOI,
            personne__is_active=True,
            seance__annulee=False,
        )
        .exclude(Exists(a_repondu))
        .exclude(Exists(deja_relance))
        .filter(rappels.personnes_sans(rappels.QUESTIONNAIRES, "personne"))
        .select_related("seance", "personne")
    )
    return sum(_envoyer(envoi.seance, envoi.personne, NatureEnvoi.RELANCE) for envoi in a_relancer)


@transaction.atomic
def questionnaire_repondre(
    *,
    seance: Seance,
    personne: User,
    utilite: int,
    retenu: str = "",
    thematique_souhaitee=None,
    theme_souhaite: str = "",
) -> ReponseQuestionnaire:
    """Record an answer (stored without the name) and who answered (once per session)."""
    if seance.annulee or not seance_terminee(seance):
        raise ValidationError("Le questionnaire s'ouvre à la fin de la séance.")
    if not seance.participations.filter(
        personne=personne, statut=StatutParticipation.PRESENT
    ).exists():
        raise ValidationError("Seules les personnes présentes à la séance répondent.")
    if not isinstance(utilite, int) or not 1 <= utilite <= 5:
        raise ValidationError({"utilite": "Choisissez une note de 1 à 5."})
    try:
        with transaction.atomic():
            Repondant.objects.create(seance=seance, personne=personne)
    except IntegrityError as exc:
        raise ValidationError("Vous avez déjà répondu à ce questionnaire. Merci !") from exc
    return ReponseQuestionnaire.objects.create(
        seance=seance,
        utilite=utilite,
        retenu=retenu.strip(),
        thematique_souhaitee=thematique_souhaitee,
        theme_souhaite=theme_souhaite.strip(),
    )


# --- Partner networks ----------------------------------------------------------------


@transaction.atomic
def reseau_role_ajouter(
    *,
    reseau: ReseauPartenaire,
    role: str,
    debut: datetime.date,
    fin: datetime.date | None = None,
    note: str = "",
) -> RoleReseauPartenaire:
    """A dated role; a network holds several at once (contributor, provider, beneficiary)."""
    ligne = RoleReseauPartenaire(reseau=reseau, role=role, debut=debut, fin=fin, note=note)
    ligne.full_clean()
    chevauche = RoleReseauPartenaire.objects.filter(reseau=reseau, role=role).filter(
        Q(fin__isnull=True) | Q(fin__gte=debut)
    )
    if fin is not None:
        chevauche = chevauche.filter(debut__lte=fin)
    if chevauche.exists():
        raise ValidationError(
            {"debut": "Ce réseau tient déjà ce rôle sur une partie de cette période."}
        )
    ligne.save()
    return ligne


@transaction.atomic
def reseau_role_terminer(*, role: RoleReseauPartenaire, fin: datetime.date) -> RoleReseauPartenaire:
    if fin < role.debut:
        raise ValidationError({"fin": "La date de fin précède la date de début."})
    role.fin = fin
    role.save(update_fields=["fin"])
    return role


@transaction.atomic
def contact_ajouter(
    *,
    reseau: ReseauPartenaire,
    email: str,
    first_name: str = "",
    last_name: str = "",
    fonction: str = "",
    par: User,
) -> ContactPartenaire:
    """Register a partner contact (invited by e-mail when new): gives the partenaire role."""
    personne, _ = personne_inviter(
        email=email,
        first_name=first_name,
        last_name=last_name,
        invitee_par=par,
        message=f"Vous êtes contact du réseau partenaire « {reseau.nom} ».",
    )
    contact, cree = ContactPartenaire.objects.get_or_create(
        reseau=reseau, personne=personne, defaults={"fonction": fonction}
    )
    if not cree and fonction and contact.fonction != fonction:
        contact.fonction = fonction
        contact.save(update_fields=["fonction"])
    forget_roles(personne)
    return contact


@transaction.atomic
def contact_retirer(*, contact: ContactPartenaire) -> None:
    contact.delete()


# --- Erasure of a person (registered with apes_rh.donnees.register_eraser) -------------

NOTE_RETIREE = "Note retirée à la demande de son auteur·e."


def personne_effacer(personne: User) -> None:
    """What identifies a person in communities, beyond their account: their own words.

    Memberships, registrations and answers stay (they are counted); the texts they wrote
    (requests to join, bulle notes) and their partner function are cleared.
    """
    DemandeAdhesion.objects.filter(personne=personne).update(message="", motif="")
    NoteBulle.objects.filter(auteur=personne).update(texte=NOTE_RETIREE, lien="")
    ContactPartenaire.objects.filter(personne=personne).update(fonction="")
