"""`python manage.py importer_activite DIR [--dry-run]` (DESIGN §4)."""

from django.core.management.base import BaseCommand, CommandError

from apes_rh.importation import importer_dossier


class Command(BaseCommand):
    help = (
        "Importe les fichiers CSV de l'activité (accompagnateurs, organisations, parcours, "
        "inscriptions, communautés, séances, participations, appuis individuels) trouvés dans "
        "DOSSIER, en une seule transaction : une ligne en erreur et rien n'est écrit."
    )

    def add_arguments(self, parser):
        parser.add_argument("dossier", help="dossier contenant les fichiers CSV")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="vérifie les fichiers et donne les comptes sans rien écrire",
        )

    def handle(self, *args, dossier, dry_run, **options):
        resultat = importer_dossier(dossier, dry_run=dry_run)
        for avertissement in resultat.avertissements:
            self.stderr.write(self.style.WARNING(f"Attention : {avertissement}"))
        if resultat.erreurs:
            for erreur in resultat.erreurs:
                self.stderr.write(erreur)
            raise CommandError(
                f"{len(resultat.erreurs)} erreur(s) : rien n'a été écrit. "
                "Corrigez les lignes indiquées puis relancez l'import."
            )
        titre = "Essai (rien n'a été écrit)" if dry_run else "Import terminé"
        self.stdout.write(self.style.SUCCESS(f"{titre} : {resultat}"))
        self.stdout.write(resultat.resume())
