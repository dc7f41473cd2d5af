"""Access rules of organisations, parcours and sessions.

Each rule answers for one object; the matching "objects this user may see" are
QuerySet methods in models.py (tested against these rules).
"""

from django.utils import timezone

from apes_rh.enums import Role
from apes_rh.perms import is_equipe, rule
from apes_rh.roles import has_role

from .enums import StatutInscription
from .models import Inscription, Membre, Organisation


def _membre(user, organisation):
    return Membre.objects.actifs().filter(personne=user, organisation=organisation)


def _accompagne(user, organisation) -> bool:
    """A coach of a parcours the organisation is enrolled in."""
    return Inscription.objects.filter(
        organisation=organisation,
        statut=StatutInscription.INSCRITE,
        parcours__accompagnateurs=user,
    ).exists()


@rule("organisation.voir")
def voir_organisation(user, organisation) -> bool:
    """The team, the organisation's current members, the coaches of its parcours."""
    if not user.is_authenticated:
        return False
    return (
        is_equipe(user) or _membre(user, organisation).exists() or _accompagne(user, organisation)
    )


@rule("organisation.piloter")
def piloter_organisation(user, organisation) -> bool:
    """Edit the organisation, invite members, hand the pilot role over: pilots, co-pilots, the team."""
    if not user.is_authenticated:
        return False
    return is_equipe(user) or _membre(user, organisation).pilotes().exists()


@rule("espace.membre")
def espace_membre(user) -> bool:
    from apes_rh.roles import Role, has_role

    return user.is_authenticated and has_role(user, Role.MEMBRE, Role.PILOTE)


@rule("organisation.gerer")
def gerer_organisation(user, organisation) -> bool:
    """Archive or restore an organisation, change its territory: the team only."""
    return is_equipe(user)


# --- Parcours -------------------------------------------------------------------------------


def _accompagne_parcours(user, parcours) -> bool:
    return parcours.accompagnateurs.filter(pk=user.pk).exists()


@rule("parcours.lister")
def lister_parcours(user) -> bool:
    """The team, the coaches and the members of organisations have a list of parcours."""
    return user.is_authenticated and has_role(
        user, Role.CHARGEE, Role.ACCOMPAGNATEUR, Role.MEMBRE, Role.PILOTE
    )


@rule("parcours.voir")
def voir_parcours(user, parcours) -> bool:
    """The team, its coaches, the members of its enrolled organisations."""
    if not user.is_authenticated:
        return False
    if is_equipe(user) or _accompagne_parcours(user, parcours):
        return True
    organisations = Membre.objects.actifs().filter(personne=user).values("organisation_id")
    return Inscription.objects.filter(
        parcours=parcours, statut=StatutInscription.INSCRITE, organisation__in=organisations
    ).exists()


@rule("parcours.gerer")
def gerer_parcours(user, parcours) -> bool:
    """Edit a parcours, enrol organisations, decide on applications: the team."""
    return is_equipe(user)


@rule("parcours.suivre")
def suivre_parcours(user, parcours) -> bool:
    """Record where each organisation stands in the three steps: the team and its coaches."""
    return user.is_authenticated and (is_equipe(user) or _accompagne_parcours(user, parcours))


@rule("parcours.candidater")
def candidater_parcours(user, parcours) -> bool:
    """The pilot of an organisation may apply while the parcours takes applications."""
    if not user.is_authenticated:
        return False
    if not parcours.candidatures_ouvertes or parcours.fin < timezone.localdate():
        return False
    return Organisation.objects.pilotees_par(user).actives().exists()
