"""Thin Celery tasks of the coach pool: they load by id / date and call a service."""

import datetime

from celery import shared_task
from django.db.models import Count, Min
from django.utils import timezone

from apes_rh import emails

from .enums import StatutDemiJournee
from .models import Accompagnateur

DELAI_RAPPEL = 7  # days a draft may wait before the coach is reminded


@shared_task
def rappeler_brouillons() -> int:
    """Remind coaches of drafts older than a week (weekly beat). Returns e-mails sent."""
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
    n = 0
    for coach in coachs:
        emails.send_templated(
            "accompagnateurs/emails/rappel_brouillons",
            [coach.user.email],
            {"personne": coach.user, "nombre": coach.nb, "plus_ancien": coach.plus_ancien},
        )
        n += 1
    return n
