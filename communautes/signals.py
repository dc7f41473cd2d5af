"""Attendance at a workshop is reported to its joint event (see Atelier)."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from parcours.models import Participation


@receiver(post_save, sender=Participation, dispatch_uid="communautes_atelier_presence")
def reporter_presence_atelier(sender, instance, raw=False, **kwargs):
    if raw:
        return
    from .services import atelier_presence_reporter

    atelier_presence_reporter(instance)
