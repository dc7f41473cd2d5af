"""Celery tasks of the parcours app: thin, they load by id and call the e-mail function."""

from celery import shared_task

from . import emails

# The kinds of e-mail a task may send: name → function taking an id.
_EMAILS = {
    "passation": emails.envoyer_passation,
    "parcours_inscription": emails.envoyer_parcours_inscription,
    "candidature_recue": emails.envoyer_candidature_recue,
    "candidature_decision": emails.envoyer_candidature_decision,
    "participation_confirmee": emails.envoyer_participation_confirmee,
    "participation_promue": emails.envoyer_participation_promue,
    "participation_attente": emails.envoyer_participation_attente,
    "participation_annulee": emails.envoyer_participation_annulee,
    "seance_modifiee": emails.envoyer_seance_modifiee,
    "seance_annulee": emails.envoyer_seance_annulee,
}


@shared_task(name="parcours.envoyer_email", ignore_result=True)
def envoyer_email(kind: str, obj_id: int, **details) -> None:
    _EMAILS[kind](obj_id, **details)


def envoyer_apres_commit(kind: str, obj_id: int, **details) -> None:
    """Queue an e-mail once the current transaction commits (never for a rolled-back write).
    `details`: JSON-serialisable facts of the moment the e-mail cannot read back later
    (e.g. the values a session had before it changed)."""
    if kind not in _EMAILS:
        raise LookupError(f"E-mail inconnu : {kind}")
    envoyer_email.delay_on_commit(kind, obj_id, **details)


@shared_task(name="parcours.alerte_absences", acks_late=True)
def alerte_absences() -> dict:
    """Daily: organisations that missed the last two sessions of their parcours (the team is
    told once per organisation and pair of sessions, see parcours/assiduite.py)."""
    from apes_rh import rappels

    from .assiduite import ALERTE_ABSENCES

    return rappels.executer(ALERTE_ABSENCES).as_dict()
