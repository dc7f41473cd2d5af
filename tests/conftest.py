import os

import pytest
from django.core.cache import cache

from tests.navigateur import _browser, browser_context, page, phone_page  # noqa: F401

# Playwright drives a browser from an event loop; Django must accept sync ORM calls in tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _clean_cache():
    """Rate limits and cached values must not leak between tests."""
    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _eager_celery():
    """Tasks run in the test's process, even when REDIS_URL is set (CI); the tests that need a
    real worker use `celery_worker_process`, which switches this off for their duration."""
    from apes_rh.celery import app as celery_app

    old = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = old


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Uploads of a test never land in the project's folders."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "prive"
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _plain_static(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def monde(db):
    """One sample object of each kind and one person per role (see tests/access.py)."""
    from tests.access import build_world

    return build_world()


def pytest_sessionstart(session):
    """In CI the suite must run against the real PostgreSQL and Redis, never fall back."""
    if os.environ.get("APES_REQUIRE_SERVICES") != "1":
        return
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"]
    if "postgresql" not in engine:
        pytest.exit(f"APES_REQUIRE_SERVICES=1 mais la base est {engine} (DATABASE_URL ?)", 2)
    if not settings.REDIS_URL:
        pytest.exit("APES_REQUIRE_SERVICES=1 mais REDIS_URL n'est pas défini", 2)
    import redis

    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2).ping()
    except redis.exceptions.RedisError as exc:
        pytest.exit(f"Redis injoignable ({settings.REDIS_URL}) : {exc}", 2)


@pytest.fixture
def celery_worker_process(transactional_db, settings):
    """A real Celery worker process on Redis, reading the test database.

    Skipped without REDIS_URL (the embedded default runs tasks eagerly).
    """
    import subprocess
    import sys
    import time
    import uuid

    from django.db import connection

    from apes_rh.celery import app as celery_app

    if not settings.REDIS_URL or "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
        pytest.skip("nécessite PostgreSQL et Redis (DATABASE_URL, REDIS_URL)")
    queue = f"test-{uuid.uuid4().hex[:8]}"
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": (
            f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        ),
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "CELERY_TASK_ALWAYS_EAGER": "0",
    }
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "apes_rh",
            "worker",
            "-P",
            "solo",
            "-Q",
            queue,
            "--without-gossip",
            "--without-mingle",
            "-l",
            "WARNING",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    old = celery_app.conf.task_always_eager, celery_app.conf.task_default_queue
    celery_app.conf.task_always_eager, celery_app.conf.task_default_queue = False, queue
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            replies = celery_app.control.ping(timeout=0.5, destination=None) or []
            if replies and worker.poll() is None:
                break
            if worker.poll() is not None:
                pytest.fail(f"le worker Celery s'est arrêté : {worker.stdout.read().decode()}")
        yield queue
    finally:
        celery_app.conf.task_always_eager, celery_app.conf.task_default_queue = old
        worker.terminate()
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
        worker.stdout.close()
