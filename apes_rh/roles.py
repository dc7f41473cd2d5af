"""Which roles a person holds.

A person may hold several roles at once. Each app knows the links that give a role
(a `Membre` row, an `Accompagnateur` profile…) and registers a *provider* in its
AppConfig.ready(); the core never imports the apps above it.
"""

from collections.abc import Callable

from .enums import Role

RoleProvider = Callable[[object], set[Role]]
_providers: list[RoleProvider] = []


def register_provider(provider: RoleProvider) -> RoleProvider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def roles_of(user) -> frozenset[Role]:
    """Roles of `user`, computed once per user object (so once per request)."""
    if user is None or not user.is_authenticated:
        return frozenset({Role.VISITEUR})
    cached = getattr(user, "_apes_roles", None)
    if cached is not None:
        return cached
    roles: set[Role] = set()
    if user.equipe:
        roles.add(Role.CHARGEE)
    if user.financeur_id:
        roles.add(Role.FINANCEUR)
    for provider in _providers:
        roles |= provider(user)
    if Role.PILOTE in roles:
        roles.add(Role.MEMBRE)
    result = frozenset(roles)
    user._apes_roles = result
    return result


def has_role(user, *roles: Role) -> bool:
    return bool(roles_of(user) & set(roles))


def forget_roles(user) -> None:
    """Call after changing what gives a role to `user` in the same request."""
    if hasattr(user, "_apes_roles"):
        del user._apes_roles
