"""The buttons of the pilots' weekly e-mail: signed, single-use, expiring links.

Each button ("Fait", "En cours", "Reporter d'un mois") is a link carrying a random 256-bit
token, signed with the site's key: a made-up or tampered value is refused before any query.
The database keeps only the token's SHA-256 (`LienAction`), with the action, the person it
was sent to, the change, the expiry and the time of use — what makes it single-use and
expiring. Opening a link (GET) changes nothing, since mail scanners fetch links; confirming
(POST) applies that one change as that person, without a login, and the action's history
records that it was made from the e-mail.
"""

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.core.signing import BadSignature, Signer
from django.db import transaction
from django.template.defaultfilters import date as format_date
from django.utils import timezone

from apes_rh.rappels import lien_absolu
from parcours.models import Membre

from . import services
from .enums import ChangementLien, StatutAction
from .models import Action, LienAction

VALIDITE = dt.timedelta(days=14)
RAISON = "depuis l'e-mail du résumé hebdomadaire"
_SEL = "outils.liens.action"

# What a link can be, from the most to the least telling for the person who clicks.
VALIDE = "valide"
UTILISE = "utilise"
SUPPRIMEE = "supprimee"
PLUS_PILOTE = "plus_pilote"
EXPIRE = "expire"

STATUT_DEMANDE = {
    ChangementLien.FAITE: StatutAction.FAITE,
    ChangementLien.EN_COURS: StatutAction.EN_COURS,
}


class LienRefuse(Exception):
    def __init__(self, etat: str):
        super().__init__(etat)
        self.etat = etat


def _signer() -> Signer:
    return Signer(salt=_SEL)


def _empreinte(jeton: str) -> str:
    return hashlib.sha256(jeton.encode()).hexdigest()


def report_d_un_mois(date: dt.date) -> dt.date:
    """One calendar month later; the 31st becomes the month's last day (31/01 → 28 or 29/02)."""
    return date + relativedelta(months=1)


def liens_creer(
    *, destinataire, actions: Iterable[Action], maintenant=None
) -> dict[int, dict[str, str]]:
    """The three links of each action for `destinataire`: {action pk: {changement: url}}.

    Actions must come with `plan` loaded (its organisation is recorded with the link)."""
    maintenant = maintenant or timezone.now()
    signer = _signer()
    liens: dict[int, dict[str, str]] = {}
    lignes = []
    for action in actions:
        for changement in ChangementLien.values:
            jeton = secrets.token_urlsafe(32)
            lignes.append(
                LienAction(
                    empreinte=_empreinte(jeton),
                    action=action,
                    organisation_id=action.plan.organisation_id,
                    titre=action.titre,
                    destinataire=destinataire,
                    changement=changement,
                    cree_le=maintenant,
                    expire_le=maintenant + VALIDITE,
                )
            )
            liens.setdefault(action.pk, {})[changement] = lien_absolu(
                "outils:lien_action", jeton=signer.sign(jeton)
            )
    LienAction.objects.bulk_create(lignes)
    return liens


def lien_trouver(valeur: str) -> LienAction:
    """The link behind a URL's value; LienAction.DoesNotExist when made up or tampered."""
    try:
        jeton = _signer().unsign(valeur)
    except BadSignature as exc:
        raise LienAction.DoesNotExist from exc
    return LienAction.objects.select_related("action__plan", "organisation", "destinataire").get(
        empreinte=_empreinte(jeton)
    )


def _est_pilote(lien: LienAction) -> bool:
    return (
        lien.destinataire.is_active
        and Membre.objects.actifs()
        .pilotes()
        .filter(personne_id=lien.destinataire_id, organisation_id=lien.organisation_id)
        .exists()
    )


def lien_etat(lien: LienAction, maintenant=None) -> str:
    if lien.utilise_le:
        return UTILISE
    if lien.action_id is None:
        return SUPPRIMEE
    if not _est_pilote(lien):
        return PLUS_PILOTE
    if lien.expire_le <= (maintenant or timezone.now()):
        return EXPIRE
    return VALIDE


def _champs(lien: LienAction, action: Action) -> dict:
    """The fields the link changes now; empty when there is nothing left to change."""
    if lien.changement == ChangementLien.REPORTER:
        if not action.est_ouverte:
            return {}
        return {"echeance": report_d_un_mois(action.echeance or timezone.localdate())}
    statut = STATUT_DEMANDE[lien.changement]
    return {} if action.statut == statut else {"statut": statut}


@dataclass
class Changement:
    champ: str
    avant: str
    apres: str


def lien_apercu(lien: LienAction) -> list[Changement]:
    """What confirming would change (shown before the person confirms)."""
    action = lien.action
    champs = _champs(lien, action)
    if "statut" in champs:
        apres = StatutAction(champs["statut"]).label
        return [Changement("Statut", action.get_statut_display(), apres)]
    if "echeance" in champs:
        avant = format_date(action.echeance, "d/m/Y") if action.echeance else "—"
        return [Changement("Échéance", avant, format_date(champs["echeance"], "d/m/Y"))]
    return []


def lien_utiliser(*, lien: LienAction, maintenant=None) -> Action:
    """Applies the link's change once, as the person it was sent to; raises LienRefuse.

    The link is claimed by a conditional UPDATE: of two concurrent confirmations, only one
    finds it unused, and the other is told it has already served."""
    maintenant = maintenant or timezone.now()
    with transaction.atomic():
        etat = lien_etat(lien, maintenant)
        if etat != VALIDE:
            raise LienRefuse(etat)
        pris = LienAction.objects.filter(
            pk=lien.pk, utilise_le__isnull=True, expire_le__gt=maintenant
        ).update(utilise_le=maintenant)
        if not pris:
            raise LienRefuse(UTILISE)
        action = Action.objects.select_for_update().filter(pk=lien.action_id).first()
        if action is None:
            raise LienRefuse(SUPPRIMEE)
        champs = _champs(lien, action)
        if champs:
            action._change_reason = RAISON
            services.action_modifier(action=action, auteur=lien.destinataire, **champs)
    lien.utilise_le = maintenant
    lien.action = action
    return action
