"""Celery application: tasks are thin, they load by id and call a service."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "apes_rh.settings")

app = Celery("apes_rh")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
