from apes_rh.enums import Role


def partenaire_roles(user) -> set[Role]:
    from .models import ContactPartenaire

    return {Role.PARTENAIRE} if ContactPartenaire.objects.filter(personne=user).exists() else set()
