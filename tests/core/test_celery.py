"""Celery for real: a worker process on Redis runs a task that reads the test database."""

import pytest

from apes_rh.celery import ping
from tests.factories import UserFactory


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_a_task_against_the_database(celery_worker_process):
    UserFactory.create_batch(3)
    result = ping.delay().get(timeout=30)
    assert result == {"database": "postgresql", "personnes": 3}


def test_tasks_run_eagerly_on_the_embedded_default(settings, db):
    if settings.REDIS_URL:
        pytest.skip("avec Redis, les tâches passent par le broker")
    assert ping.delay().get() == {"database": "sqlite", "personnes": 0}
