"""Send the satisfaction questionnaires due now (and the reminders), as the hourly task does.

Each sending is recorded under a unique key before the e-mail leaves: running this command
again, or alongside the Celery task, never sends anything twice.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from communautes import services
from communautes.models import EnvoiQuestionnaire


class Command(BaseCommand):
    help = "Envoie les questionnaires de satisfaction dus et les relances (une fois chacun)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Compter ce qui partirait, sans rien envoyer ni enregistrer.",
        )

    def handle(self, *args, dry_run=False, **options):
        if dry_run:
            with transaction.atomic():
                avant = EnvoiQuestionnaire.objects.count()
                envoyes = services.questionnaires_envoyer()
                relances = services.questionnaires_relancer()
                assert EnvoiQuestionnaire.objects.count() == avant + envoyes + relances
                transaction.set_rollback(True)  # nothing recorded; on_commit e-mails never run
            self.stdout.write(
                f"Essai : {envoyes} questionnaire(s) et {relances} relance(s) partiraient. "
                "Rien n'a été envoyé."
            )
            return
        envoyes = services.questionnaires_envoyer()
        relances = services.questionnaires_relancer()
        self.stdout.write(
            self.style.SUCCESS(f"{envoyes} questionnaire(s) envoyé(s), {relances} relance(s).")
        )
