"""`python manage.py rapport_activite --du DATE --au DATE [--territoire CODE]
[--financeur CODE] [--format json|csv|pdf|xlsx] [--sortie FILE]` (DESIGN §5)."""

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError

from apes_rh.models import Financeur, Territoire
from apes_rh.rapports.calculs import calculer, donnees_completes
from apes_rh.rapports.perimetre import Perimetre


def _date(valeur: str, option: str) -> dt.date:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(valeur, fmt).date()
        except ValueError:
            continue
    raise CommandError(f"{option} : date illisible « {valeur} » (attendu AAAA-MM-JJ ou JJ/MM/AAAA)")


class Command(BaseCommand):
    help = (
        "Rapport d'activité d'une période (définitions de DESIGN.md §5), pour tous les "
        "territoires, un territoire ou le périmètre d'un financeur (effectifs de moins de "
        "3 personnes masqués)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--du", required=True, help="premier jour (AAAA-MM-JJ)")
        parser.add_argument("--au", required=True, help="dernier jour inclus (AAAA-MM-JJ)")
        parser.add_argument("--territoire", help="code du territoire (ex. MEL)")
        parser.add_argument("--financeur", help="code du financeur (ex. DREETS)")
        parser.add_argument("--format", choices=["json", "csv", "pdf", "xlsx"], default="json")
        parser.add_argument("--sortie", help="fichier à écrire (sinon la sortie standard)")

    def handle(self, *args, **o):
        du, au = _date(o["du"], "--du"), _date(o["au"], "--au")
        if au < du:
            raise CommandError("--au précède --du.")
        territoire = None
        if o["territoire"]:
            territoire = Territoire.objects.filter(code__iexact=o["territoire"]).first()
            if territoire is None:
                codes = ", ".join(Territoire.objects.values_list("code", flat=True))
                raise CommandError(f"Territoire inconnu « {o['territoire']} » (connus : {codes}).")
        if o["financeur"]:
            financeur = Financeur.objects.filter(code__iexact=o["financeur"]).first()
            if financeur is None:
                codes = ", ".join(Financeur.objects.values_list("code", flat=True))
                raise CommandError(f"Financeur inconnu « {o['financeur']} » (connus : {codes}).")
            if territoire and not financeur.territoires.filter(pk=territoire.pk).exists():
                raise CommandError(
                    f"Le territoire {territoire.code} n'est pas dans le périmètre de {financeur.code}."
                )
            perimetre = Perimetre.de_financeur(financeur, territoire=territoire)
        elif territoire:
            perimetre = Perimetre.de_territoire(territoire)
        else:
            perimetre = Perimetre.tout()

        if o["format"] in ("pdf", "xlsx") and not o["sortie"]:
            raise CommandError(f"Le format {o['format']} est binaire : indiquez --sortie FICHIER.")
        if o["format"] == "json":
            contenu = json.dumps(calculer(du, au, perimetre), ensure_ascii=False, indent=2) + "\n"
            contenu = contenu.encode("utf-8")
        else:
            from apes_rh.rapports.services import produire_fichier

            donnees = (
                donnees_completes(du, au, perimetre)
                if o["format"] == "pdf"
                else {
                    **calculer(du, au, perimetre),
                    "perimetre": perimetre.as_dict(),
                }
            )
            contenu = produire_fichier(donnees, o["format"])
        if o["sortie"]:
            with open(o["sortie"], "wb") as f:
                f.write(contenu)
            self.stderr.write(self.style.SUCCESS(f"Rapport écrit dans {o['sortie']}."))
        else:
            self.stdout.write(contenu.decode("utf-8"), ending="")
