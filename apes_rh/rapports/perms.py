"""Access rules of reports, imports and reminders (registered in apes_rh.perms.RULES)."""

from ..enums import Role
from ..perms import is_equipe, rule
from ..roles import has_role


def est_financeur(user) -> bool:
    return user.is_authenticated and has_role(user, Role.FINANCEUR) and bool(user.financeur_id)


@rule("rapports.produire")
def produire(user) -> bool:
    """Any perimeter, any period: the team."""
    return is_equipe(user)


@rule("rapports.consulter")
def consulter(user) -> bool:
    """Dashboards, lists and exports: the team (any perimeter), a funder (its own)."""
    return is_equipe(user) or est_financeur(user)


@rule("rapport.voir")
def rapport_voir(user, rapport) -> bool:
    """A generated report: the team, or the contacts of the funder whose perimeter it covers."""
    if is_equipe(user):
        return True
    return est_financeur(user) and rapport.financeur_id == user.financeur_id


@rule("import.activite")
def importer(user) -> bool:
    return is_equipe(user)


@rule("rappels.preferences")
def preferences(user) -> bool:
    return user.is_authenticated


@rule("rappels.suivre")
def suivre_rappels(user) -> bool:
    return is_equipe(user)
