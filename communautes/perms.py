from apes_rh.enums import Role
from apes_rh.perms import rule
from apes_rh.roles import has_role


@rule("espace.partenaire")
def espace_partenaire(user) -> bool:
    return user.is_authenticated and has_role(user, Role.PARTENAIRE)
