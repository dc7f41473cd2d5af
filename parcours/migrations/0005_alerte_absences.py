"""Plans the daily alert of organisations absent at two consecutive sessions (beat in UTC;
the task decides with the Europe/Paris date). `manage.py planifier_rappels` does the same
from apes_rh.rappels.PLANNING."""

from django.db import migrations

NOM = "Alerte : organisations absentes à deux séances consécutives"


def planifier(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    schedule, _ = CrontabSchedule.objects.get_or_create(
        minute="15",
        hour="7",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone="UTC",
    )
    PeriodicTask.objects.get_or_create(
        name=NOM,
        defaults={"task": "parcours.alerte_absences", "crontab": schedule, "enabled": True},
    )


def retirer(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NOM).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("parcours", "0004_seances_agenda_et_calendriers"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(planifier, retirer)]
