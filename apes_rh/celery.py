"""Celery application: tasks are thin, they load by id and call a service."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "apes_rh.settings")

app = Celery("apes_rh")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="apes_rh.ping")
def ping() -> dict:
    """Proves a worker reaches the broker and the database (used by /healthz tests and CI)."""
    from django.db import connection

    from apes_rh.models import User

    return {"database": connection.vendor, "personnes": User.objects.count()}
