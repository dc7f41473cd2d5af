"""Thin Celery tasks of the coach pool: they load by id / date and call a service."""

import datetime

from celery import shared_task
from django.db.models import Count, Min
from django.utils import timezone

from apes_rh import rappels

from .enums import StatutDemiJournee
from .models import Accompagnateur

DELAI_RAPPEL = 7  # days a draft may wait before the coach is reminded


@shared_task
def rappeler_brouillons() -> int:
    """Remind coaches of drafts older than a week (weekly beat). Returns e-mails sent.

    Sent as a half-days reminder (`rappels.DEMI_JOURNEES`): once per coach and week, and not
    to a coach who chose not to receive those reminders."""
    limite = timezone.now() - datetime.timedelta(days=DELAI_RAPPEL)
    coachs = (
        Accompagnateur.objects.filter(
            demi_journees__statut__in=[StatutDemiJournee.BROUILLON, StatutDemiJournee.RENVOYEE],
            demi_journees__creee_le__lt=limite,
            user__is_active=True,
        )
        .annotate(nb=Count("demi_journees"), plus_ancien=Min("demi_journees__date"))
        .select_related("user")
    )
    annee, semaine, _ = timezone.localdate().isocalendar()
    envois = [
        rappels.Envoi(
            destinataire=coach.user,
            occasion=f"brouillons-{annee}-W{semaine:02d}",
            gabarit="accompagnateurs/emails/rappel_brouillons",
            contexte={"nombre": coach.nb, "plus_ancien": coach.plus_ancien},
        )
        for coach in coachs
    ]
    return rappels.envoyer(rappels.DEMI_JOURNEES, envois).envoyes
