"""May this user do X (on this object)?

Rules are small named functions registered with `@rule("name")` in each app's
`perms.py`. Views use `require()` / `@rule_required`, templates the `{% can %}` tag.
Rules answer about one object; "objects this user may see" are queryset methods,
tested against the rules.
"""

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404

from .enums import Role
from .roles import has_role

Rule = Callable[..., bool]
RULES: dict[str, Rule] = {}


def rule(name: str):
    def decorator(fn: Rule) -> Rule:
        RULES[name] = fn
        return fn

    return decorator


def can(user, name: str, obj=None) -> bool:
    try:
        fn = RULES[name]
    except KeyError as exc:  # a typo must not silently deny or allow
        raise LookupError(f"Règle d'accès inconnue : {name}") from exc
    if user is None:
        return False
    return bool(fn(user, obj) if obj is not None else fn(user))


def require(user, name: str, obj=None, *, hide: bool = False) -> None:
    """Raise 403 (or 404 when `hide`: the user may not even know it exists)."""
    if not can(user, name, obj):
        if hide:
            raise Http404
        raise PermissionDenied


def objet_pour(user, queryset, pk, voir: str, regle: str | None = None):
    """The object `pk` of `queryset` if `user` may see it (rule `voir`, 404 otherwise: they may
    not even know it exists), then `regle` if given (403)."""
    from django.shortcuts import get_object_or_404

    objet = get_object_or_404(queryset, pk=pk)
    require(user, voir, objet, hide=True)
    if regle:
        require(user, regle, objet)
    return objet


def rule_required(name: str):
    """View decorator for rules that take no object."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            require(request.user, name)
            return view(request, *args, **kwargs)

        wrapper.access_rule = name
        return wrapper

    return decorator


def is_equipe(user) -> bool:
    return user.is_authenticated and has_role(user, Role.CHARGEE)


@rule("equipe")
def equipe(user) -> bool:
    """Everything the chargée de mission manages."""
    return is_equipe(user)


@rule("espace.financeur")
def espace_financeur(user) -> bool:
    return user.is_authenticated and has_role(user, Role.FINANCEUR)


@rule("compte")
def compte(user) -> bool:
    return user.is_authenticated


@rule("financement.voir")
def financement_voir(user, financement) -> bool:
    """A funding line's ledger: the team, and its own funder's contacts (never another's)."""
    if is_equipe(user):
        return True
    return (
        user.is_authenticated
        and has_role(user, Role.FINANCEUR)
        and user.financeur_id == financement.financeur_id
    )
