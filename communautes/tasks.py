"""Thin Celery tasks: each calls one service.

Schedule (django-celery-beat): `communautes.tasks.questionnaires` every hour. Sending is
recorded under a unique key (session, person, kind) before the e-mail leaves, so a task
delivered twice by the broker sends nothing twice.
"""

from celery import shared_task

from . import services


@shared_task(name="communautes.tasks.questionnaires")
def questionnaires() -> dict:
    envoyes = services.questionnaires_envoyer()
    relances = services.questionnaires_relancer()
    return {"envoyes": envoyes, "relances": relances}
