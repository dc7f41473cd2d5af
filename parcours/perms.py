from apes_rh.perms import is_equipe, rule

from .models import Membre


def _membre(user, organisation):
    return Membre.objects.actifs().filter(personne=user, organisation=organisation)


@rule("organisation.voir")
def voir_organisation(user, organisation) -> bool:
    """The team, and the organisation's current members."""
    if not user.is_authenticated:
        return False
    return is_equipe(user) or _membre(user, organisation).exists()


@rule("organisation.piloter")
def piloter_organisation(user, organisation) -> bool:
    """Edit the space, invite members, hand the pilot role over: pilots, co-pilots, the team."""
    if not user.is_authenticated:
        return False
    return is_equipe(user) or _membre(user, organisation).pilotes().exists()


@rule("espace.membre")
def espace_membre(user) -> bool:
    from apes_rh.roles import Role, has_role

    return user.is_authenticated and has_role(user, Role.MEMBRE, Role.PILOTE)
