from apes_rh.enums import Role


def accompagnateur_roles(user) -> set[Role]:
    from .models import Accompagnateur

    return {Role.ACCOMPAGNATEUR} if Accompagnateur.objects.filter(user=user).exists() else set()
