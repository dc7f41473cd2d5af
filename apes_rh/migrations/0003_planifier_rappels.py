"""Periodic tasks of the reminders, of the apps' own periodic jobs and of the relaunch of
pending productions (beat in UTC).

`manage.py planifier_rappels` does the same at any time (idempotent, see apes_rh/rappels.py).
"""

from django.db import migrations

PLANNING = [
    ("Rappels des séances (J-2)", "apes_rh.rappels_seances", {"minute": "0", "hour": "6"}),
    (
        "Rappel mensuel de saisie des demi-journées",
        "apes_rh.rappel_demi_journees",
        {"minute": "0", "hour": "7", "day_of_month": "1-5"},
    ),
    (
        "Résumé hebdomadaire des éléments à valider",
        "apes_rh.digest_validation",
        {"minute": "30", "hour": "6", "day_of_week": "1-2"},
    ),
    (
        "Résumé hebdomadaire des actions à échéance (pilotes)",
        "apes_rh.digest_actions_pilotes",
        {"minute": "0", "hour": "6", "day_of_week": "1-2"},
    ),
    (
        "Questionnaires de satisfaction après les séances",
        "apes_rh.questionnaires_satisfaction",
        {"minute": "0", "hour": "9"},
    ),
    (
        "Rappel des brouillons de demi-journées (accompagnateurs)",
        "accompagnateurs.tasks.rappeler_brouillons",
        {"minute": "30", "hour": "7", "day_of_week": "1"},
    ),
    (
        "Purge des dossiers d'export de l'espace de suivi",
        "outils.tasks.purger_exports",
        {"minute": "0", "hour": "3"},
    ),
]
# (name, task, every, period)
INTERVALLES = [
    (
        "Questionnaires de satisfaction des séances (communautés)",
        "communautes.tasks.questionnaires",
        1,
        "hours",
    ),
    (
        "Relance des productions en attente (service indisponible)",
        "apes_rh.relancer_taches",
        5,
        "minutes",
    ),
]


def planifier(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    for nom, tache, champs in PLANNING:
        crontab = {"minute": "*", "hour": "*", "day_of_week": "*", "day_of_month": "*"}
        crontab.update(champs)
        schedule, _ = CrontabSchedule.objects.get_or_create(
            **crontab, month_of_year="*", timezone="UTC"
        )
        PeriodicTask.objects.get_or_create(
            name=nom, defaults={"task": tache, "crontab": schedule, "enabled": True}
        )
    for nom, tache, every, period in INTERVALLES:
        schedule = IntervalSchedule.objects.get_or_create(every=every, period=period)[0]
        PeriodicTask.objects.get_or_create(
            name=nom, defaults={"task": tache, "interval": schedule, "enabled": True}
        )


def retirer(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=[p[0] for p in PLANNING + INTERVALLES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("apes_rh", "0002_rapports_imports_rappels"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(planifier, retirer)]
