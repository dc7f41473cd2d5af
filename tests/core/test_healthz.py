"""/healthz reports database, cache and broker; the site keeps serving pages without Redis."""

import pytest
from django.urls import reverse

from apes_rh.celery import app as celery_app

pytestmark = pytest.mark.django_db

DEAD_REDIS = "redis://127.0.0.1:1/0"


def test_it_reports_every_service_up(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "ok", data
    assert set(data["checks"]) == {"database", "cache", "broker"}
    assert all(check["ok"] for check in data["checks"].values())


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "apes_rh.cache.TolerantRedisCache",
            "LOCATION": DEAD_REDIS,
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    from django.core.cache import caches

    caches._settings = None  # rebuilt from the overridden settings
    old = celery_app.conf.broker_url
    celery_app.conf.broker_url = DEAD_REDIS
    yield
    celery_app.conf.broker_url = old


def test_with_redis_down_it_reports_the_failure(client, redis_down):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "degrade"
    assert data["checks"]["database"]["ok"]
    assert not data["checks"]["cache"]["ok"]
    assert not data["checks"]["broker"]["ok"]
    assert "erreur" in data["checks"]["broker"]


def test_with_redis_down_pages_are_still_served(client, redis_down):
    from tests.factories import PASSWORD, UserFactory

    assert client.get(reverse("accueil")).status_code == 200
    assert client.get(reverse("account_login")).status_code == 200
    UserFactory(email="ines@asso.example")
    response = client.post(
        reverse("account_login"), {"login": "ines@asso.example", "password": PASSWORD}
    )
    assert response.status_code == 302
