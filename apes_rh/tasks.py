"""Thin Celery tasks: they load by id and call a service. All are idempotent and `acks_late`
(a task lost with its worker is delivered again; running it twice changes nothing)."""

from celery import shared_task

from . import rappels


@shared_task(name="apes_rh.generer_rapport", acks_late=True)
def generer_rapport(rapport_id: int) -> str:
    from .rapports.services import rapport_produire

    return rapport_produire(rapport_id=rapport_id)


@shared_task(name="apes_rh.verifier_import", acks_late=True)
def verifier_import(import_id: int) -> str:
    from .rapports.services import import_verifier

    return import_verifier(import_id=import_id)


@shared_task(name="apes_rh.executer_import", acks_late=True)
def executer_import(import_id: int) -> str:
    from .rapports.services import import_executer

    return import_executer(import_id=import_id)


@shared_task(name="apes_rh.relancer_taches", acks_late=True)
def relancer_taches() -> dict:
    """Sends again what the broker refused while it was down (nothing is lost)."""
    from .rapports.services import relancer_en_attente

    return relancer_en_attente()


@shared_task(name="apes_rh.rappels_seances", acks_late=True)
def rappels_seances() -> dict:
    return rappels.executer(rappels.SEANCES).as_dict()


@shared_task(name="apes_rh.rappel_demi_journees", acks_late=True)
def rappel_demi_journees() -> dict:
    return rappels.executer(rappels.DEMI_JOURNEES).as_dict()


@shared_task(name="apes_rh.digest_validation", acks_late=True)
def digest_validation() -> dict:
    return rappels.executer(rappels.VALIDATION).as_dict()


@shared_task(name="apes_rh.digest_actions_pilotes", acks_late=True)
def digest_actions_pilotes() -> dict:
    """Hook: the follow-up space registers its collector (rappels.ACTIONS_PILOTES)."""
    return rappels.executer(rappels.ACTIONS_PILOTES).as_dict()


@shared_task(name="apes_rh.questionnaires_satisfaction", acks_late=True)
def questionnaires_satisfaction() -> dict:
    """Hook: the sessions / communities app registers its collector (rappels.QUESTIONNAIRES)."""
    return rappels.executer(rappels.QUESTIONNAIRES).as_dict()
