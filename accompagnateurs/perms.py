from apes_rh.enums import Role
from apes_rh.perms import rule
from apes_rh.roles import has_role


@rule("espace.accompagnateur")
def espace_accompagnateur(user) -> bool:
    return user.is_authenticated and has_role(user, Role.ACCOMPAGNATEUR)
