"""Thin Celery tasks: load by id, call a service."""

from celery import shared_task

from .enums import StatutExport


@shared_task(acks_late=True)
def construire_dossier(export_id: int) -> None:
    from .models import ExportDossier
    from .services import export_construire

    export = ExportDossier.objects.select_related("organisation").filter(pk=export_id).first()
    # Delivered twice (broker redelivery) or deleted meanwhile: nothing to do.
    if export is None or export.statut != StatutExport.EN_ATTENTE:
        return
    export_construire(export=export)


@shared_task
def purger_exports(jours: int = 30) -> int:
    """Exported dossiers are snapshots: drop those older than `jours` days, files included."""
    import datetime

    from django.utils import timezone

    from .models import ExportDossier

    limite = timezone.now() - datetime.timedelta(days=jours)
    supprimes = 0
    for export in ExportDossier.objects.filter(demande_le__lt=limite):
        if export.fichier:
            export.fichier.delete(save=False)
        export.delete()
        supprimes += 1
    return supprimes


@shared_task(acks_late=True)
def enquetes_suivi() -> dict:
    """Daily: creates the follow-up surveys due and e-mails them, once (outils/enquetes.py)."""
    from apes_rh import rappels

    from .enquetes import ENQUETES_SUIVI

    return rappels.executer(ENQUETES_SUIVI).as_dict()


# Celery's autodiscovery imports this module only: the vitrine's tasks live in their package.
from .vitrine.tasks import *  # noqa: E402,F401,F403
