"""Seed (or refresh) the vitrine's theme pages and the MOOC from outils/data/*.yaml."""

from django.core.management.base import BaseCommand
from django.db import transaction

from outils.vitrine.contenus import MOOC, REFERENTIEL, charger_mooc, charger_themes


class Annulation(Exception):
    pass


class Command(BaseCommand):
    help = (
        "Crée les pages thèmes de la vitrine (référentiel) et les modules du MOOC "
        "(leçons et quiz) à partir des fichiers YAML. Idempotent : ce qui existe déjà est "
        "laissé tel que l'équipe l'a modifié, sauf avec --mettre-a-jour."
    )

    def add_arguments(self, parser):
        parser.add_argument("--referentiel", default=str(REFERENTIEL), help="Fichier des thèmes.")
        parser.add_argument("--mooc", default=str(MOOC), help="Fichier du MOOC.")
        parser.add_argument(
            "--mettre-a-jour",
            action="store_true",
            help="Réécrit les pages et modules existants avec le contenu des fichiers.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Montre ce qui serait fait, sans rien écrire."
        )

    def handle(self, *args, **options):
        try:
            with transaction.atomic():
                themes = charger_themes(
                    options["referentiel"], mettre_a_jour=options["mettre_a_jour"]
                )
                mooc = charger_mooc(options["mooc"], mettre_a_jour=options["mettre_a_jour"])
                self.stdout.write(f"Pages thèmes : {themes}.")
                for slug in themes.crees:
                    self.stdout.write(f"  + {slug}")
                self.stdout.write(f"Modules du MOOC : {mooc}.")
                for code in mooc.crees + mooc.mis_a_jour:
                    self.stdout.write(f"  + {code}")
                if options["dry_run"]:
                    raise Annulation
        except Annulation:
            self.stdout.write(self.style.WARNING("Simulation (--dry-run) : rien n'a été écrit."))
            return
        self.stdout.write(self.style.SUCCESS("Contenus de la vitrine chargés."))
