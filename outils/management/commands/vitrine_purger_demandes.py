"""Delete the requests to join that were closed long ago (personal data is not kept forever)."""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from outils.vitrine.enums import StatutDemande
from outils.vitrine.models import DemandeAdhesion


class Command(BaseCommand):
    help = (
        "Supprime les demandes « Rejoindre la démarche » closes (accueillies ou classées) "
        "depuis plus de N mois (24 par défaut, comme annoncé sur le formulaire). Simulation "
        "par défaut : ajoutez --confirmer pour supprimer."
    )

    def add_arguments(self, parser):
        parser.add_argument("--mois", type=int, default=24)
        parser.add_argument("--confirmer", action="store_true", help="Supprime vraiment.")

    def handle(self, *args, **options):
        if options["mois"] < 1:
            self.stderr.write("--mois doit valoir au moins 1.")
            raise SystemExit(2)
        limite = timezone.now() - datetime.timedelta(days=round(options["mois"] * 30.44))
        qs = DemandeAdhesion.objects.filter(
            statut__in=[StatutDemande.ACCEPTEE, StatutDemande.CLASSEE], modifiee_le__lt=limite
        )
        n = qs.count()
        if not options["confirmer"]:
            self.stdout.write(
                f"{n} demande(s) close(s) avant le {limite:%d/%m/%Y} seraient supprimées "
                "(simulation : ajoutez --confirmer)."
            )
            return
        qs.delete()
        self.stdout.write(self.style.SUCCESS(f"{n} demande(s) supprimée(s)."))
