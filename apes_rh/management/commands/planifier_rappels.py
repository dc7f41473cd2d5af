"""Creates or restores the periodic tasks of the reminders (idempotent)."""

from django.core.management.base import BaseCommand
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

from apes_rh.rappels import planifier


class Command(BaseCommand):
    help = (
        "Crée ou rétablit les tâches périodiques des rappels (séances J-2, demi-journées, "
        "résumés). Sans effet si elles existent déjà ; une tâche désactivée le reste."
    )

    def handle(self, *args, **options):
        for nom in planifier(PeriodicTask, CrontabSchedule, IntervalSchedule):
            self.stdout.write(f"  {nom}")
        self.stdout.write(self.style.SUCCESS("Tâches périodiques des rappels à jour."))
