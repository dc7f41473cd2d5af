"""The main pages and how they are measured (in-process, Django test Client).

Each page names the role that opens it and the URL name(s) it may have in the merged code: the
first URL name that exists is used; a page whose URL does not exist yet is reported as absent
(never replaced by another page). Arguments are found by trying the page's object with the
usual parameter names (pk, slug, code).
"""

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from apes_rh.cache import donnees_modifiees

from .comptes import Monde

PAGE_NUE = "bench_page_nue"


@dataclass
class Page:
    nom: str
    role: str
    noms_url: tuple[str, ...]
    objet: Callable[[Monde], object] | None = None
    # For URLs with several arguments: the arguments themselves (None when not available).
    kwargs: Callable[[Monde], dict | None] | None = None
    query: str = ""
    # Also opened by these roles in the load test (the page must answer them 200).
    aussi: tuple[str, ...] = field(default_factory=tuple)


PAGES: list[Page] = [
    # Every role's dashboard
    Page("Tableau de bord de l'équipe", "chargee", ("equipe_tableau",)),
    Page("Espace de l'organisation (pilote)", "pilote", ("parcours:mon_espace",)),
    Page("Espace de l'organisation (membre)", "membre", ("parcours:mon_espace",)),
    Page("Tableau de bord accompagnateur·trice", "accompagnateur", ("accompagnateurs:tableau",)),
    Page("Tableau de bord financeur", "financeur", ("financeur_tableau",)),
    Page("Rapports générés (financeur)", "financeur", ("rapports:generes",)),
    Page("Rapports d'activité (équipe)", "chargee", ("rapports:tableau",)),
    Page("Espace partenaire", "partenaire", ("communautes:partenaire",)),
    # Organisations
    Page(
        "Liste des organisations",
        "chargee",
        ("parcours:organisations", "parcours:organisation_liste", "parcours:liste_organisations"),
    ),
    Page(
        "Page d'une organisation",
        "chargee",
        ("parcours:organisation", "parcours:organisation_detail"),
        objet=lambda m: m.organisation,
        aussi=("pilote",),
    ),
    # Follow-up space
    Page(
        "Espace de suivi (accueil)",
        "pilote",
        ("outils:espace",),
        objet=lambda m: m.organisation,
        aussi=("membre",),
    ),
    Page("Schéma d'amélioration", "pilote", ("outils:plan",), objet=lambda m: m.organisation),
    Page(
        "Chronologie de la démarche",
        "pilote",
        ("outils:chronologie",),
        objet=lambda m: m.organisation,
    ),
    Page("Espaces de suivi (liste de l'équipe)", "chargee", ("outils:espaces",)),
    # Parcours and agenda
    Page(
        "Page d'un parcours",
        "chargee",
        ("parcours:parcours", "parcours:parcours_detail", "parcours:detail"),
        objet=lambda m: m.parcours,
    ),
    Page("Liste des parcours", "chargee", ("parcours:parcours_liste",)),
    Page("Agenda de l'équipe", "chargee", ("parcours:agenda_equipe", "parcours:agenda")),
    Page("Séances (liste)", "chargee", ("parcours:seances",)),
    Page(
        "Feuille de présence d'une séance",
        "chargee",
        ("parcours:seance_presences",),
        objet=lambda m: m.seance,
    ),
    Page("Mes séances", "membre", ("parcours:mes_seances",)),
    Page("Agenda public", "anonyme", ("parcours:agenda_public",)),
    # Coach pool
    Page(
        "Activité de l'accompagnateur·trice",
        "accompagnateur",
        ("accompagnateurs:mon_activite", "accompagnateurs:activite"),
    ),
    Page(
        "Demi-journées de l'accompagnateur·trice",
        "accompagnateur",
        ("accompagnateurs:demi_journees",),
    ),
    Page(
        "Saisie d'une demi-journée",
        "accompagnateur",
        ("accompagnateurs:demi_journee_nouvelle",),
    ),
    Page("Activité du pool (équipe)", "chargee", ("accompagnateurs:activite",)),
    Page("Validation des demi-journées (équipe)", "chargee", ("accompagnateurs:validation",)),
    Page("Annuaire des accompagnateurs·trices", "anonyme", ("accompagnateurs:annuaire",)),
    # Communities
    Page("Liste des communautés", "chargee", ("communautes:liste",)),
    Page(
        "Page d'une communauté",
        "chargee",
        ("communautes:communaute",),
        objet=lambda m: m.communaute,
    ),
    # Public showcase
    Page("Accueil de la vitrine", "anonyme", ("vitrine:accueil", "accueil")),
    Page("Thème RH (vitrine)", "anonyme", ("vitrine:theme",), kwargs=lambda m: m.theme),
    Page("Leçon publique du MOOC", "anonyme", ("vitrine:lecon",), kwargs=lambda m: m.lecon),
    Page("Ressources", "anonyme", ("vitrine:ressources",)),
]


def _noms_url() -> set[str]:
    def walk(patterns, namespace=None):
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = p.namespace
                full = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
                yield from walk(p.url_patterns, full)
            elif isinstance(p, URLPattern) and p.name:
                yield f"{namespace}:{p.name}" if namespace else p.name

    return set(walk(get_resolver().url_patterns))


def resoudre(page: Page, monde: Monde, existants: set[str] | None = None) -> str | None:
    """The page's URL in the merged code, or None when the page does not exist yet."""
    existants = existants if existants is not None else _noms_url()
    for nom in page.noms_url:
        if nom not in existants:
            continue
        obj = page.objet(monde) if page.objet else None
        essais = [{}]
        if page.kwargs is not None:
            kwargs = page.kwargs(monde)
            if kwargs is None:
                return None
            essais = [kwargs]
        elif obj is not None:
            essais = [
                {k: getattr(obj, a)}
                for k, a in (("pk", "pk"), ("slug", "slug"), ("code", "code"), ("id", "pk"))
                if hasattr(obj, a)
            ]
        for kwargs in essais:
            try:
                return reverse(nom, kwargs=kwargs) + page.query
            except NoReverseMatch:
                continue
    return None


def client_pour(monde: Monde, role: str) -> Client:
    client = Client()
    user = monde.users.get(role)
    if user is not None:
        client.force_login(user)
    return client


class PageEnErreur(RuntimeError):
    pass


def _get(client: Client, url: str):
    response = client.get(url)
    if response.status_code != 200:
        raise PageEnErreur(f"{url} → {response.status_code} {response.get('Location', '')}".strip())
    return response


def compter_requetes(client: Client, url: str) -> int:
    _get(client, url)  # warm-up: caches filled once per process are not the page's cost
    # Figures and anonymous pages are cached per version of the data (apes_rh.cache): count
    # what the page costs when it is computed, which is what must not grow with the data.
    donnees_modifiees()
    with CaptureQueriesContext(connection) as ctx:
        _get(client, url)
    return len(ctx.captured_queries)


def mediane_ms(client: Client, url: str, n: int, echauffement: int = 3) -> float:
    for _ in range(echauffement):
        _get(client, url)
    durees = []
    for _ in range(n):
        debut = time.perf_counter()
        _get(client, url)
        durees.append(time.perf_counter() - debut)
    return round(statistics.median(durees) * 1000, 2)
