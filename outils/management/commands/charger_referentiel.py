from django.core.management.base import BaseCommand, CommandError

from outils import referentiel


class Command(BaseCommand):
    help = (
        "Charge le référentiel RH par défaut (outils/data/referentiel.yaml) s'il n'existe pas "
        "encore. Sans effet si cette version est déjà en base (l'équipe a pu la modifier)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--fichier", default=str(referentiel.FICHIER_DEFAUT))

    def handle(self, *args, fichier, **options):
        try:
            ref, cree = referentiel.charger(chemin=fichier)
        except (OSError, ValueError, KeyError) as exc:
            raise CommandError(f"Référentiel illisible : {exc}") from exc
        if cree:
            nb = sum(t.criteres.count() for t in ref.themes.all())
            self.stdout.write(
                self.style.SUCCESS(
                    f"Référentiel « {ref} » chargé : {ref.themes.count()} thèmes, {nb} critères."
                )
            )
        else:
            self.stdout.write(f"Référentiel « {ref} » déjà présent : rien n'a changé.")
        lies = referentiel.lier_thematiques()
        if lies:
            self.stdout.write(f"{lies} thème(s) relié(s) aux thématiques RH du programme.")
