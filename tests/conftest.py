import os

import pytest
from django.core.cache import cache

# Playwright drives a browser from an event loop; Django must accept sync ORM calls in tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _clean_cache():
    """Rate limits and cached values must not leak between tests."""
    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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
