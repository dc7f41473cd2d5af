"""Vocabulary of the access table: roles, expected outcomes, Acces."""

from dataclasses import dataclass, field

ROLES = ["anonyme", "membre", "pilote", "accompagnateur", "chargee", "financeur", "partenaire"]
LOGIN = "login"


def expect(default, **overrides) -> dict:
    unknown = set(overrides) - set(ROLES)
    assert not unknown, f"rôles inconnus : {unknown}"
    return {role: overrides.get(role, default) for role in ROLES}


PUBLIC = expect(200)
CONNECTE = expect(200, anonyme=LOGIN)
EQUIPE = expect(403, anonyme=LOGIN, chargee=200)
EQUIPE_POST = expect(403, anonyme=LOGIN, chargee=405)
ANONYME_SEULEMENT = expect(302, anonyme=200)


@dataclass
class Acces:
    expected: dict
    kwargs: callable = field(default=lambda w: {})
    query: str = ""
