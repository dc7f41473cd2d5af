"""Rate limit of the public form, in the cache (no third-party service).

Counters per client IP, as allauth sees it (its trusted-proxy settings apply). A cache
outage fails open: the honeypot and the time trap still stand.
"""

from django.core.cache import cache
from django.core.exceptions import PermissionDenied

# (counter, maximum, window in seconds)
ESSAIS = ("essais", 20, 3600)  # form submissions, valid or not
ENVOIS = ("envois", 5, 24 * 3600)  # requests actually recorded


def ip_client(request) -> str:
    from allauth.account.adapter import get_adapter

    try:
        return get_adapter(request).get_client_ip(request)
    except PermissionDenied:
        return "inconnue"


def _cle(request, nom: str) -> str:
    return f"vitrine:rejoindre:{nom}:{ip_client(request)}"


def compter(request, limite) -> int:
    """Count one more event; return the total in the current window."""
    nom, _maximum, fenetre = limite
    cle = _cle(request, nom)
    cache.add(cle, 0, fenetre)
    try:
        return cache.incr(cle)
    except ValueError:  # expired between add() and incr()
        cache.set(cle, 1, fenetre)
        return 1


def depassee(request, limite) -> bool:
    nom, maximum, _fenetre = limite
    return (cache.get(_cle(request, nom)) or 0) >= maximum
