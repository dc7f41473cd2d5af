"""The declared access table: who may use each URL, and a world of sample objects.

Every URL of the URLconf must appear in TABLE (tests/core/test_access_matrix.py fails
otherwise). The core's URLs are declared here; each app declares its own in
tests/<app>/access.py, with the expected outcome per role: 200, LOGIN (redirect to
the login page), 403, 404, 405 (POST-only) or a redirect code.
"""

import datetime
import importlib
from types import SimpleNamespace

from tests.access_base import (  # noqa: F401
    ANONYME_SEULEMENT,
    CONNECTE,
    EQUIPE,
    EQUIPE_POST,
    LOGIN,
    PUBLIC,
    ROLES,
    Acces,
    expect,
)

APP_MODULES = ["parcours", "communautes", "accompagnateurs", "outils", "vitrine", "rapports"]


def _app_access(app):
    return importlib.import_module(f"tests.{app}.access")


class Monde(SimpleNamespace):
    """The shared world: an app may add sample objects, never replace another app's (two
    `w.demande` once pointed the matrix at the wrong table, which only showed on PostgreSQL)."""

    def __setattr__(self, name, value):
        if name in self.__dict__:
            raise AttributeError(
                f"w.{name} existe déjà dans le monde de test : choisissez un autre nom"
            )
        super().__setattr__(name, value)


def build_world():
    """Sample objects for URL arguments, and one person per role."""
    from accompagnateurs.models import Accompagnateur
    from apes_rh.models import Financement, Invitation
    from communautes.models import Communaute, ContactPartenaire, ReseauPartenaire
    from parcours.models import Parcours, Seance
    from tests.factories import (
        FinanceurFactory,
        OrganisationFactory,
        TerritoireFactory,
        UserFactory,
    )

    mel = TerritoireFactory(code="MEL")
    cavm = TerritoireFactory(code="CAVM")
    org_a = OrganisationFactory(nom="Association A", territoire=mel)
    org_b = OrganisationFactory(nom="Association B", territoire=cavm)
    chargee = UserFactory(email="chargee@apes.example", chargee=True)
    pilote = UserFactory(email="pilote@a.example", pilote_de=org_a)
    membre = UserFactory(email="membre@a.example", membre_de=org_a)
    pilote_b = UserFactory(email="pilote@b.example", pilote_de=org_b)
    coach = UserFactory(email="coach@example.org")
    accompagnateur = Accompagnateur.objects.create(
        user=coach, structure="Conseil", entree=datetime.date(2019, 1, 1)
    )
    financeur_mel = FinanceurFactory(code="MEL", territoires=[mel])
    financeur = UserFactory(email="financeur@mel.example", financeur=financeur_mel)
    reseau = ReseauPartenaire.objects.create(code="MRES", nom="MRES")
    partenaire = UserFactory(email="partenaire@mres.example")
    ContactPartenaire.objects.create(reseau=reseau, personne=partenaire)
    parcours = Parcours.objects.create(
        code="MEL-2019",
        nom="Parcours MEL 2019",
        territoire=mel,
        debut=datetime.date(2019, 4, 1),
        fin=datetime.date(2020, 3, 31),
    )
    communaute = Communaute.objects.create(
        code="VIRT", nom="Communauté virtuelle", type="virtuelle"
    )
    seance = Seance.objects.create(
        ref="MEL19-01",
        titre="Lancement",
        type="collectif_parcours",
        date=datetime.date(2019, 5, 1),
        parcours=parcours,
    )
    invitation = Invitation.objects.create(personne=membre, invitee_par=chargee)
    financement = Financement.objects.create(
        financeur=financeur_mel, annee=2019, convention="Parcours MEL 2019"
    )
    users = {
        "anonyme": None,
        "membre": membre,
        "pilote": pilote,
        "accompagnateur": coach,
        "chargee": chargee,
        "financeur": financeur,
        "partenaire": partenaire,
    }
    world = Monde(
        users=users,
        org_a=org_a,
        org_b=org_b,
        pilote_b=pilote_b,
        mel=mel,
        cavm=cavm,
        accompagnateur=accompagnateur,
        financeur=financeur_mel,
        reseau=reseau,
        parcours=parcours,
        communaute=communaute,
        seance=seance,
        invitation=invitation,
        financement=financement,
    )
    for app in APP_MODULES:
        _app_access(app).extend_world(world)
    return world


# URL name → Acces. Admin URLs are checked separately (namespace "admin").
CORE_TABLE: dict[str, Acces] = {
    # Core
    "accueil": Acces(PUBLIC),
    "tableau_de_bord": Acces(expect(302, anonyme=LOGIN)),
    "healthz": Acces(PUBLIC),
    "equipe_tableau": Acces(EQUIPE),
    "equipe_inviter": Acces(EQUIPE),
    "equipe_invitations": Acces(EQUIPE),
    "equipe_invitation_relancer": Acces(EQUIPE_POST, lambda w: {"pk": w.invitation.pk}),
    "financeur_tableau": Acces(expect(403, anonyme=LOGIN, financeur=200)),
    "equipe_personnes": Acces(EQUIPE),
    "equipe_personne": Acces(EQUIPE, lambda w: {"pk": w.users["membre"].pk}),
    "equipe_personne_export": Acces(EQUIPE, lambda w: {"pk": w.users["membre"].pk}),
    "equipe_personne_anonymiser": Acces(EQUIPE_POST, lambda w: {"pk": w.users["membre"].pk}),
    "equipe_financements": Acces(EQUIPE),
    "equipe_financement_creer": Acces(EQUIPE),
    "equipe_financement_modifier": Acces(EQUIPE, lambda w: {"pk": w.financement.pk}),
    # The funder's own line; another funder's line gives 404 (tests/core/test_financements.py).
    "financement_grand_livre": Acces(
        expect(404, anonyme=LOGIN, chargee=200, financeur=200), lambda w: {"pk": w.financement.pk}
    ),
    "mes_donnees": Acces(CONNECTE),
    "mes_donnees_export": Acces(CONNECTE),
    "mes_donnees_effacement": Acces(expect(405, anonyme=LOGIN)),
    # Member, coach and partner spaces
    "parcours:mon_espace": Acces(expect(403, anonyme=LOGIN, membre=200, pilote=200)),
    "accompagnateurs:tableau": Acces(expect(403, anonyme=LOGIN, accompagnateur=200)),
    "communautes:partenaire": Acces(expect(403, anonyme=LOGIN, partenaire=200)),
    # Accounts (allauth)
    "account_login": Acces(ANONYME_SEULEMENT),
    "account_signup": Acces(expect(302, anonyme=200)),
    "account_logout": Acces(expect(200, anonyme=302)),
    "account_reset_password": Acces(PUBLIC),
    "account_reset_password_done": Acces(PUBLIC),
    "account_reset_password_from_key": Acces(PUBLIC, lambda w: {"uidb36": "1", "key": "x-y"}),
    "account_reset_password_from_key_done": Acces(PUBLIC),
    "account_email_verification_sent": Acces(PUBLIC),
    "account_confirm_email": Acces(PUBLIC, lambda w: {"key": "cle-inconnue"}),
    "account_inactive": Acces(PUBLIC),
    "account_email": Acces(CONNECTE),
    "account_change_password": Acces(CONNECTE),
    "account_set_password": Acces(expect(302, anonyme=LOGIN)),
    "account_reauthenticate": Acces(CONNECTE),
    "account_confirm_login_code": Acces(expect(302, anonyme=302)),
    "account_confirm_reauthentication_code": Acces(expect(302, anonyme=LOGIN)),
    "account_request_reauthentication_code": Acces(CONNECTE),
    "mfa_index": Acces(CONNECTE),
    "mfa_authenticate": Acces(expect(302, anonyme=302)),
    "mfa_reauthenticate": Acces(expect(302, anonyme=LOGIN, chargee=200)),
    "mfa_activate_totp": Acces(expect(302, anonyme=LOGIN, membre=302)),
    "mfa_deactivate_totp": Acces(expect(404, anonyme=LOGIN, chargee=302)),
    "mfa_view_recovery_codes": Acces(expect(404, anonyme=LOGIN)),
    "mfa_generate_recovery_codes": Acces(expect(302, anonyme=LOGIN)),
    "mfa_download_recovery_codes": Acces(expect(404, anonyme=LOGIN)),
}


TABLE: dict[str, Acces] = dict(CORE_TABLE)
for _app in APP_MODULES:
    _dupes = set(TABLE) & set(_app_access(_app).TABLE)
    assert not _dupes, f"URL déclarées deux fois : {_dupes}"
    TABLE.update(_app_access(_app).TABLE)
