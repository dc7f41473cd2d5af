from apes_rh.enums import Role


def organisation_roles(user) -> set[Role]:
    from .models import Membre

    roles = set()
    for role in Membre.objects.actifs().filter(personne=user).values_list("role", flat=True):
        roles.add(Role.PILOTE if role in Membre.ROLES_PILOTAGE else Role.MEMBRE)
    return roles
