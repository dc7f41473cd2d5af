"""Runs one kind of reminder now (what beat does), e.g. after an outage."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from apes_rh import rappels


class Command(BaseCommand):
    help = (
        "Envoie maintenant un type de rappel (chaque rappel ne part qu'une fois par "
        "personne et par occasion, même si la commande est relancée)."
    )

    def add_arguments(self, parser):
        parser.add_argument("type", choices=sorted(rappels.TYPES), help="type de rappel")
        parser.add_argument("--date", help="jour de référence AAAA-MM-JJ (aujourd'hui par défaut)")

    def handle(self, *args, type, date, **options):
        try:
            jour = dt.date.fromisoformat(date) if date else None
        except ValueError as exc:
            raise CommandError(f"date illisible « {date} » (attendu AAAA-MM-JJ)") from exc
        bilan = rappels.executer(type, jour)
        self.stdout.write(
            f"{bilan.envoyes} envoyé(s), {bilan.deja_envoyes} déjà envoyé(s), "
            f"{bilan.refuses} non souhaité(s), {bilan.echecs} échec(s)."
        )
