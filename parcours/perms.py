"""Access rules of organisations, parcours and sessions.

Each rule answers for one object; the matching "objects this user may see" are
QuerySet methods in models.py (tested against these rules).
"""

from apes_rh.perms import is_equipe, rule

from .enums import StatutInscription
from .models import Inscription, Membre


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
