import time

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from ..celery import app as celery_app


def _check(fn) -> dict:
    started = time.monotonic()
    try:
        detail = fn()
    except Exception as exc:  # any failure is a finding, not a crash
        return {"ok": False, "erreur": f"{type(exc).__name__}: {exc}"[:300]}
    result = {"ok": True, "ms": round((time.monotonic() - started) * 1000, 1)}
    if detail:
        result["detail"] = detail
    return result


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return connection.vendor


def _cache():
    cache.set("healthz", "ok", 10)
    if cache.get("healthz") != "ok":
        raise RuntimeError("le cache ne rend pas la valeur écrite")
    return cache.__class__.__name__


def _broker():
    if celery_app.conf.broker_url.startswith("memory://"):
        return "tâches exécutées immédiatement (pas de broker)"
    with celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return conn.transport_cls if isinstance(conn.transport_cls, str) else "redis"


@login_not_required
@never_cache
def healthz(request):
    """Database, cache and Celery broker status. 503 only when the database is down:
    the site keeps serving pages without Redis."""
    checks = {"database": _check(_database), "cache": _check(_cache), "broker": _check(_broker)}
    all_ok = all(c["ok"] for c in checks.values())
    status = "ok" if all_ok else ("degrade" if checks["database"]["ok"] else "panne")
    return JsonResponse(
        {"status": status, "checks": checks}, status=503 if status == "panne" else 200
    )
