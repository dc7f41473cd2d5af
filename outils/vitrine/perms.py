"""Who may do what on the vitrine, the resource library and the MOOC.

Imported by `outils/vitrine/views.py`, which registers the rules when the URLconf loads.
"""

from apes_rh.enums import Role
from apes_rh.perms import is_equipe, rule
from apes_rh.roles import has_role, roles_of

from .enums import StatutRessource, StatutTemoignage, Visibilite


def est_membre(user) -> bool:
    """A logged-in person holding any role of the programme (not a mere visitor)."""
    if user is None or not user.is_authenticated:
        return False
    return bool(roles_of(user) - {Role.VISITEUR})


def pilote_de(user, organisation) -> bool:
    if not user.is_authenticated or organisation is None:
        return False
    from parcours.models import Membre

    return (
        Membre.objects.actifs()
        .pilotes()
        .filter(personne=user, organisation_id=getattr(organisation, "pk", organisation))
        .exists()
    )


# ------------------------------------------------------------------ équipe


@rule("vitrine.gerer")
def gerer(user) -> bool:
    """Requests to join, testimonials, resources, MOOC content and completion: the team."""
    return is_equipe(user)


# ------------------------------------------------------------------ témoignages


@rule("vitrine.temoignage.voir")
def temoignage_voir(user, temoignage) -> bool:
    """Published stories are public; drafts only for the team and the organisation's pilots."""
    if temoignage.statut == StatutTemoignage.PUBLIE:
        return True
    return is_equipe(user) or pilote_de(user, temoignage.organisation_id)


@rule("vitrine.temoignage.suivre")
def temoignage_suivre(user, temoignage) -> bool:
    """The review page: the organisation's pilots, and the team."""
    return is_equipe(user) or pilote_de(user, temoignage.organisation_id)


@rule("vitrine.temoignage.relire")
def temoignage_relire(user, temoignage) -> bool:
    """A pilot (or co-pilot) of the organisation approves the text or asks for changes."""
    return temoignage.statut == StatutTemoignage.A_VALIDER and pilote_de(
        user, temoignage.organisation_id
    )


# ------------------------------------------------------------------ ressources


@rule("vitrine.ressource.voir")
def ressource_voir(user, ressource) -> bool:
    """Published public resources: everyone; members-only: members; drafts: team and author."""
    if is_equipe(user):
        return True
    if user.is_authenticated and ressource.cree_par_id == user.pk:
        return True
    if ressource.statut != StatutRessource.PUBLIEE:
        return False
    return ressource.visibilite == Visibilite.PUBLIC or est_membre(user)


@rule("vitrine.ressource.proposer")
def ressource_proposer(user) -> bool:
    """The team publishes; coaches of the pool may propose resources for review."""
    return is_equipe(user) or (user.is_authenticated and has_role(user, Role.ACCOMPAGNATEUR))


@rule("vitrine.ressource.modifier")
def ressource_modifier(user, ressource) -> bool:
    """The team, or the coach who proposed it as long as it is not published."""
    if is_equipe(user):
        return True
    return (
        user.is_authenticated
        and ressource.cree_par_id == user.pk
        and ressource.statut != StatutRessource.PUBLIEE
        and has_role(user, Role.ACCOMPAGNATEUR)
    )


@rule("vitrine.ressource.epingler")
def ressource_epingler(user, organisation) -> bool:
    """Pilots pin resources to their organisation's plan."""
    return pilote_de(user, organisation)


@rule("vitrine.epingles")
def epingles(user) -> bool:
    return user.is_authenticated and has_role(user, Role.PILOTE)


# ------------------------------------------------------------------ MOOC


@rule("vitrine.module.lire")
def module_lire(user, module) -> bool:
    """Public modules: anyone; members-only modules: members; unpublished: the team."""
    if is_equipe(user):
        return True
    if not module.publie:
        return False
    return module.public or est_membre(user)


@rule("vitrine.mooc.suivre")
def mooc_suivre(user) -> bool:
    """Progress, quiz results, badges and attestations are kept for logged-in people."""
    return user.is_authenticated
