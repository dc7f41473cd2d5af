"""Load the demo: the 2019–2021 programme and one account per role. Idempotent."""

import importlib
from pathlib import Path

import yaml
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from apes_rh.models import Financeur, Territoire, User

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo"
DEMO_PASSWORD = "demo-apes-2026"
# A coach of the imported pool (apes_rh/demo/accompagnateurs.csv) doubles as the demo coach.
DEMO_COACH_EMAIL = "pierre-henri.roussel@example.org"
# A fixed TOTP secret so that the demo's staff account can pass MFA (see README).
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
APPS_WITH_DEMO = [
    "parcours",
    "communautes",
    "accompagnateurs",
    "outils",
    "outils.vitrine",
    "apes_rh.rapports",
]


class Command(BaseCommand):
    help = "Charge la démonstration (programme 2019–2021 et un compte par rôle). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--sans-import", action="store_true", help="Ne pas importer les CSV.")

    def handle(self, *args, **options):
        programme = yaml.safe_load((DEMO_DIR / "programme.yaml").read_text(encoding="utf-8"))
        with transaction.atomic():
            self._referentiels(programme)
        if not options["sans_import"]:
            self._import_activity()
        with transaction.atomic():
            comptes = self._accounts()
        for app in APPS_WITH_DEMO:
            if app == "apes_rh.rapports":
                # Funding lines once every app's activity is there, before the demo report.
                from apes_rh import demo_financements

                demo_financements.charger(self.stdout)
            try:
                module = importlib.import_module(f"{app}.demo")
            except ModuleNotFoundError:
                continue
            module.charger(self.stdout)
        self._print_accounts(comptes)

    def _referentiels(self, programme):
        for t in programme["territoires"]:
            Territoire.objects.update_or_create(code=t["code"], defaults={"nom": t["nom"]})
        for f in programme["financeurs"]:
            financeur, _ = Financeur.objects.update_or_create(
                code=f["code"], defaults={"nom": f["nom"]}
            )
            financeur.territoires.set(Territoire.objects.filter(code__in=f["perimetre"]))
        self.stdout.write("Territoires et financeurs chargés.")

    def _import_activity(self):
        try:
            from apes_rh.importation import importer_dossier
        except ImportError:
            self.stdout.write(self.style.WARNING("Import d'activité indisponible : étape sautée."))
            return
        result = importer_dossier(DEMO_DIR)
        self.stdout.write(f"Activité 2019–2021 importée : {result}")

    def _account(self, email, first_name, last_name, **fields):
        user, _ = User.objects.get_or_create(email=email)
        user.first_name, user.last_name = first_name, last_name
        for name, value in fields.items():
            setattr(user, name, value)
        user.set_password(DEMO_PASSWORD)
        user.is_active = True
        user.save()
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"primary": True, "verified": True}
        )
        return user

    def _accounts(self):
        from accompagnateurs.models import Accompagnateur
        from communautes.models import ContactPartenaire, ReseauPartenaire
        from parcours.enums import RoleMembre
        from parcours.models import Membre, Organisation

        comptes = []
        chargee = self._account(
            "chargee@demo.apes-hdf.org",
            "Camille",
            "Martin",
            equipe=True,
            is_staff=True,
            is_superuser=True,
        )
        if not Authenticator.objects.filter(user=chargee, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(chargee, DEMO_TOTP_SECRET)
        comptes.append(("Chargée de mission (équipe, admin, double authentification)", chargee))

        territoire = Territoire.objects.get(code="MEL")
        organisation = Organisation.objects.filter(nom="Élevages sans Frontières").first()
        if organisation is None:
            organisation = Organisation.objects.create(
                nom="Élevages sans Frontières", territoire=territoire, commune="Lille"
            )
        pilote = self._account("pilote@demo.apes-hdf.org", "Inès", "Lefebvre")
        Membre.objects.get_or_create(
            personne=pilote, organisation=organisation, role=RoleMembre.PILOTE
        )
        comptes.append((f"Pilote de « {organisation} »", pilote))
        membre = self._account("membre@demo.apes-hdf.org", "Hugo", "Dubois")
        Membre.objects.get_or_create(
            personne=membre, organisation=organisation, role=RoleMembre.MEMBRE
        )
        comptes.append((f"Membre de « {organisation} »", membre))

        coach = (
            Accompagnateur.objects.select_related("user")
            .filter(user__email=DEMO_COACH_EMAIL)
            .first()
        ) or Accompagnateur.objects.select_related("user").order_by("entree", "pk").first()
        if coach is None:
            import datetime

            user = self._account(DEMO_COACH_EMAIL, "Pierre-Henri", "Roussel")
            coach = Accompagnateur.objects.create(
                user=user, structure="Le Germoir", entree=datetime.date(2018, 1, 1)
            )
        coach_user = self._account(coach.user.email, coach.user.first_name, coach.user.last_name)
        comptes.append(("Accompagnateur·trice du pool", coach_user))

        financeur = self._account(
            "financeur@demo.apes-hdf.org",
            "Sophie",
            "Leroy",
            financeur=Financeur.objects.get(code="MEL"),
        )
        comptes.append(("Financeur (Métropole Européenne de Lille)", financeur))

        reseau, _ = ReseauPartenaire.objects.get_or_create(
            code="MRES", defaults={"nom": "Maison régionale de l'environnement et des solidarités"}
        )
        partenaire = self._account("partenaire@demo.apes-hdf.org", "Julien", "Mercier")
        ContactPartenaire.objects.get_or_create(reseau=reseau, personne=partenaire)
        comptes.append(("Partenaire (MRES)", partenaire))
        return comptes

    def _print_accounts(self, comptes):
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS("Démonstration prête. Comptes (mot de passe commun) :")
        )
        for label, user in comptes:
            self.stdout.write(f"  {user.email:45} {label}")
        self.stdout.write(f"  Mot de passe : {DEMO_PASSWORD}")
        self.stdout.write(
            f"  Double authentification de la chargée : clé TOTP {DEMO_TOTP_SECRET} "
            "(ou « python manage.py code_demo » pour le code du moment)"
        )
        self.stdout.write(f"  Site : {settings.SITE_URL}")
