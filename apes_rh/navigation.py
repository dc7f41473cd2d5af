"""The spaces a person sees in the header, one per role they hold, in priority order."""

from dataclasses import dataclass

from django.urls import reverse

from .enums import Role
from .roles import roles_of


@dataclass(frozen=True)
class Espace:
    role: Role
    label: str
    url_name: str

    @property
    def url(self) -> str:
        return reverse(self.url_name)


ESPACES = [
    Espace(Role.CHARGEE, "Équipe", "equipe_tableau"),
    Espace(Role.MEMBRE, "Mon organisation", "parcours:mon_espace"),
    Espace(Role.ACCOMPAGNATEUR, "Mes accompagnements", "accompagnateurs:tableau"),
    Espace(Role.FINANCEUR, "Financeur", "financeur_tableau"),
    Espace(Role.PARTENAIRE, "Partenaire", "communautes:partenaire"),
]


def spaces_for(user) -> list[Espace]:
    if not user.is_authenticated:
        return []
    roles = roles_of(user)
    return [e for e in ESPACES if e.role in roles]


@dataclass(frozen=True)
class Lien:
    label: str
    url_name: str
    description: str = ""
    ordre: int = 100

    @property
    def url(self) -> str:
        return reverse(self.url_name)


# Apps add their pages here from AppConfig.ready(): the core shows them without importing the apps.
LIENS_EQUIPE: list[Lien] = []
LIENS_PUBLICS: list[Lien] = []


def register_team_link(label: str, url_name: str, description: str = "", ordre: int = 100):
    """A tile on the team's dashboard."""
    if all(lien.url_name != url_name for lien in LIENS_EQUIPE):
        LIENS_EQUIPE.append(Lien(label, url_name, description, ordre))
        LIENS_EQUIPE.sort(key=lambda lien: lien.ordre)


def register_public_link(label: str, url_name: str, ordre: int = 100):
    """A link in the header for everyone (directory, agenda, resources…)."""
    if all(lien.url_name != url_name for lien in LIENS_PUBLICS):
        LIENS_PUBLICS.append(Lien(label, url_name, "", ordre))
        LIENS_PUBLICS.sort(key=lambda lien: lien.ordre)


@dataclass(frozen=True)
class Panneau:
    titre: str
    elements: object  # () -> list[{"libelle", "detail", "url"}]; empty lists are not shown
    vide: str = ""


PANNEAUX_EQUIPE: list[Panneau] = []


def register_team_panel(titre: str, elements, vide: str = "") -> None:
    """A list on the team's dashboard (alerts of the apps), computed when the page loads."""
    if all(p.titre != titre for p in PANNEAUX_EQUIPE):
        PANNEAUX_EQUIPE.append(Panneau(titre, elements, vide))
