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
