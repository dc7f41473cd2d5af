"""Demo extras of reports and reminders (run by `manage.py demo`, idempotent)."""

import datetime as dt


def charger(stdout) -> None:
    from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

    from ..models import Financeur, RapportGenere, User
    from ..rappels import planifier
    from .services import rapport_demander

    planifier(PeriodicTask, CrontabSchedule, IntervalSchedule)
    stdout.write("Rapports : tâches périodiques des rappels planifiées.")
    financeur = Financeur.objects.filter(code="MEL").first()
    if financeur is None or RapportGenere.objects.filter(financeur=financeur).exists():
        return
    demandeur = User.objects.filter(email="chargee@demo.apes-hdf.org").first()
    rapport, accepte = rapport_demander(
        demande_par=demandeur,
        du=dt.date(2019, 1, 1),
        au=dt.date(2021, 12, 31),
        financeur=financeur,
    )
    rapport.refresh_from_db()
    stdout.write(
        f"Rapports : rapport 2019–2021 de {financeur.nom} "
        + ("produit." if rapport.statut == "pret" else "demandé (production en attente).")
    )
