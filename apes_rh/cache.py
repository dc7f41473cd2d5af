"""A Redis cache that degrades instead of failing when Redis is unreachable.

The cache only holds disposable values (rate-limit counters, fragments): losing it for a
while must not take pages down. Failures are logged; /healthz reports them.
"""

import logging

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
