"""A Redis cache that degrades instead of failing when Redis is unreachable.

The cache only holds disposable values (rate-limit counters, fragments): losing it for a
while must not take pages down. Failures are logged; /healthz reports them.
"""

import contextlib
import hashlib
import logging
import re
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
_ERRORS = (RedisConnectionError, RedisTimeoutError, OSError)


def _tolerant(method, default=None):
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except _ERRORS as exc:
            logger.warning("Cache Redis indisponible (%s) : %s", method.__name__, exc)
            return default() if callable(default) else default

    wrapper.__name__ = method.__name__
    return wrapper


class TolerantRedisCache(RedisCache):
    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except _ERRORS as exc:
            logger.warning("Cache Redis indisponible (get) : %s", exc)
            return default

    set = _tolerant(RedisCache.set)
    # add() is used as a lock by allauth's rate limits: failing open keeps logins possible
    # during an outage (rate limits are then off until Redis is back).
    add = _tolerant(RedisCache.add, default=True)
    delete = _tolerant(RedisCache.delete, default=False)
    touch = _tolerant(RedisCache.touch, default=False)
    incr = _tolerant(RedisCache.incr, default=1)
    get_many = _tolerant(RedisCache.get_many, default=dict)
    set_many = _tolerant(RedisCache.set_many, default=list)
    delete_many = _tolerant(RedisCache.delete_many)
    has_key = _tolerant(RedisCache.has_key, default=False)
    clear = _tolerant(RedisCache.clear)


# --- Computed figures, cached until the data changes ------------------------------------------
#
# Dashboards and reports aggregate the whole programme: recomputing them on every request costs
# hundreds of milliseconds at 100× the data. They are cached under a *data version*, a counter
# bumped by every statement that writes a table of the platform, whoever runs it (a view, a
# Celery task, a command, QuerySet.update(), bulk_create()): the hook sits on the database
# connection itself. A stale figure is therefore never served after a write; a cold cache only
# costs the computation. When the cache is unreachable the version is unknown and nothing is
# cached.

VERSION_DONNEES = "donnees:version"
PREFIXES_SUIVIS = ("apes_rh_", "parcours_", "communautes_", "accompagnateurs_", "outils_")
# Written often, and never part of a figure: writing them must not empty the caches.
TABLES_IGNOREES = {
    "apes_rh_envoirappel",
    "apes_rh_preferencerappel",
    "apes_rh_rapportgenere",
    "apes_rh_importactivite",
    "outils_exportdossier",
}
_ECRITURE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)
# Logging in stamps last_login: not a change of data.
_CONNEXION = re.compile(
    r'^\s*UPDATE\s+"?apes_rh_user"?\s+SET\s+"?last_login"?\s*=\s*\S+\s+WHERE', re.I
)


def version_donnees():
    from django.core.cache import cache

    version = cache.get(VERSION_DONNEES)
    if version is None:
        # First use (or the cache was flushed): start a new epoch rather than 0, so values
        # cached before a flush of the counter alone are never mistaken for current ones.
        if cache.add(VERSION_DONNEES, time.time_ns(), timeout=None) is False:
            return cache.get(VERSION_DONNEES)
        version = cache.get(VERSION_DONNEES)
    return version


def _incrementer() -> None:
    from django.core.cache import cache

    # No counter yet (ValueError): the next read starts a new epoch anyway.
    with contextlib.suppress(ValueError):
        cache.incr(VERSION_DONNEES)


def donnees_modifiees(using: str = "default") -> None:
    """Renew every cached computation: now, and again when the transaction commits (a request
    that computed from the old data in between must not keep its result under the new
    version). Called by the connection hook below; tests and the bench call it directly."""
    from django.db import transaction

    _incrementer()
    if transaction.get_connection(using).in_atomic_block:
        transaction.on_commit(_incrementer, using=using, robust=True)


def ecrit_des_donnees(sql: str) -> bool:
    """Does this statement write a table whose content a cached computation may show?"""
    trouve = _ECRITURE.match(sql)
    if trouve is None:
        return False
    table = trouve.group(1).lower()
    return (
        table.startswith(PREFIXES_SUIVIS)
        and table not in TABLES_IGNOREES
        and not _CONNEXION.match(sql)
    )


def _surveiller(execute, sql, params, many, context):
    resultat = execute(sql, params, many, context)
    if isinstance(sql, str) and ecrit_des_donnees(sql):
        donnees_modifiees(context["connection"].alias)
    return resultat


def surveiller_connexion(sender, connection, **kwargs) -> None:
    """`connection_created` receiver: every connection of the process reports its writes."""
    if _surveiller not in connection.execute_wrappers:
        connection.execute_wrappers.append(_surveiller)


def memoiser(cle: str, calcul, timeout: int = 6 * 3600):
    """`calcul()` cached under `cle` for the current data version."""
    from django.core.cache import cache

    version = version_donnees()
    if version is None:
        return calcul()
    complete = f"calcul:{cle}:{version}"
    valeur = cache.get(complete)
    if valeur is None:
        valeur = calcul()
        cache.set(complete, valeur, timeout)
    return valeur


def cle_de_requete(request, *extra) -> str:
    """A short, stable key for what a GET request asks (its parameters, in any order)."""
    parametres = sorted((k, v) for k in request.GET for v in request.GET.getlist(k))
    brut = repr((parametres, extra)).encode()
    return hashlib.sha256(brut).hexdigest()[:32]


def fragments_partages(cle: str, gabarits: dict[str, str], contexte) -> dict:
    """HTML shared by everyone allowed to open a page (the team's lists, say), rendered once per
    version of the data and per `cle`: {name: html} for each template of `gabarits`.

    The templates are rendered *without the request*: no context processor runs, so nothing of
    the person (their name, rights, CSRF token) can slip into what others will be served; what
    differs between people stays in the page around the fragments. `contexte()` is only called
    when the fragments are computed (its querysets cost nothing on a hit)."""
    from django.template.loader import render_to_string

    def calcul():
        valeurs = contexte()
        return {nom: render_to_string(gabarit, valeurs) for nom, gabarit in gabarits.items()}

    return memoiser(f"fragments:{cle}", calcul)


def fragment_partage(cle: str, gabarit: str, contexte) -> str:
    """One shared fragment: `fragments_partages` with a single template."""
    return fragments_partages(cle, {"html": gabarit}, contexte)["html"]


# --- Public pages for anonymous visitors ------------------------------------------------------

ENTETES_NON_CACHEES = {"set-cookie", "vary"}


def _messages_en_attente(request) -> bool:
    if "messages" in request.COOKIES:
        return True
    session = getattr(request, "session", None)
    return bool(session is not None and session.session_key and session.get("_messages"))


def en_cache_pour_anonymes(vue):
    """Serve the same bytes to every anonymous visitor of a public page until the data changes.

    Only what is identical for all of them is kept: a response that set a cookie, used a CSRF
    token, showed a flash message or is not a plain 200 is never stored. Visitors who are logged
    in always get a fresh page (it shows their name, their rights)."""
    from functools import wraps

    from django.core.cache import cache
    from django.http import HttpResponse

    @wraps(vue)
    def enveloppe(request, *args, **kwargs):
        if (
            request.method not in ("GET", "HEAD")
            or request.user.is_authenticated
            or getattr(request, "htmx", False)
            or _messages_en_attente(request)
        ):
            return vue(request, *args, **kwargs)
        version = version_donnees()
        if version is None:
            return vue(request, *args, **kwargs)
        chemin = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        cle = f"page:{version}:{getattr(request, 'LANGUAGE_CODE', '')}:{chemin}"
        gardee = cache.get(cle)
        if gardee is not None:
            contenu, entetes = gardee
            reponse = HttpResponse(contenu)
            for nom, valeur in entetes:
                reponse.headers[nom] = valeur
            return reponse
        reponse = vue(request, *args, **kwargs)
        messages = getattr(request, "_messages", None)
        if (
            reponse.status_code == 200
            and not reponse.streaming
            and not reponse.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and not (messages is not None and messages.used)
        ):
            if hasattr(reponse, "render") and not reponse.is_rendered:
                reponse.render()
            entetes = [
                (nom, valeur)
                for nom, valeur in reponse.headers.items()
                if nom.lower() not in ENTETES_NON_CACHEES
            ]
            cache.set(cle, (reponse.content, entetes), 3600)
        return reponse

    return enveloppe
