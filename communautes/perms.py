"""Access rules of communities, community sessions and partner networks.

Each rule answers for one object; the matching "objects this user may see" are
QuerySet methods or functions in `selectors` below, tested against these rules.

Absolute rule (DESIGN §2): a bulle de dialogue's notes and shared content are visible
only to its participants (registered or present) and its facilitators
(`seance.animateurs`). Everyone else — the team included — sees that it took place,
its date and its attendance count.
"""

from django.db.models import Q

from apes_rh.enums import Role
from apes_rh.perms import is_equipe, rule
from apes_rh.roles import has_role
from parcours.enums import StatutParticipation, TypeSeance

# Who counts as a participant of a session (for bulle content, co-dev content…).
STATUTS_PARTICIPANT = (StatutParticipation.INSCRIT, StatutParticipation.PRESENT)
STATUTS_ACTIFS = (StatutParticipation.INSCRIT, StatutParticipation.ATTENTE)


def _connecte(user) -> bool:
    return user is not None and user.is_authenticated


def _memo(obj, cle, calcul):
    """Cache a per-user fact on the object (loaded once per request), so that a page asking
    several rules about the same object runs each query once."""
    cache = obj.__dict__.setdefault("_acces_cache", {})
    if cle not in cache:
        cache[cle] = calcul()
    return cache[cle]


def est_membre(user, communaute) -> bool:
    if not _connecte(user) or communaute is None:
        return False
    from .models import MembreCommunaute

    return _memo(
        communaute,
        ("membre", user.pk),
        lambda: MembreCommunaute.objects.filter(communaute=communaute, personne=user).exists(),
    )


def anime_communaute(user, communaute) -> bool:
    if not _connecte(user) or communaute is None:
        return False
    return _memo(
        communaute,
        ("anime", user.pk),
        lambda: communaute.animateurs.filter(pk=user.pk).exists(),
    )


def anime_seance(user, seance) -> bool:
    if not _connecte(user):
        return False
    return _memo(seance, ("anime", user.pk), lambda: seance.animateurs.filter(pk=user.pk).exists())


def statut_de(user, seance) -> str | None:
    """The user's participation status at the session (None: not registered)."""
    if not _connecte(user):
        return None
    return _memo(
        seance,
        ("statut", user.pk),
        lambda: (
            seance.participations.filter(personne=user).values_list("statut", flat=True).first()
        ),
    )


def participe(user, seance, statuts=STATUTS_PARTICIPANT) -> bool:
    return statut_de(user, seance) in statuts


def coorganise(user, seance) -> bool:
    """`user` is a contact of a partner network that co-organises `seance` (or the joint
    event `seance` is a workshop of)."""
    if not _connecte(user):
        return False
    from .models import CoOrganisation

    return _memo(
        seance,
        ("coorganise", user.pk),
        lambda: CoOrganisation.objects.filter(
            Q(seance=seance) | Q(seance__ateliers__seance=seance),
            reseau__contacts__personne=user,
        ).exists(),
    )


def est_bulle(seance) -> bool:
    return seance.type == TypeSeance.BULLE_DIALOGUE


# --- Communities -------------------------------------------------------------------


@rule("communaute.voir")
def voir_communaute(user, communaute) -> bool:
    """Communities are public: their description, facilitators and agenda."""
    return True


@rule("communaute.membres")
def voir_membres(user, communaute) -> bool:
    """The member list: the community's members and facilitators, and the team."""
    return _connecte(user) and (
        is_equipe(user) or est_membre(user, communaute) or anime_communaute(user, communaute)
    )


@rule("communaute.ressources")
def voir_ressources(user, communaute) -> bool:
    """Shared resources: same circle as the member list."""
    return voir_membres(user, communaute)


@rule("communaute.ressource_ajouter")
def ajouter_ressource(user, communaute) -> bool:
    return voir_membres(user, communaute)


@rule("ressource.supprimer")
def supprimer_ressource(user, ressource) -> bool:
    """Its author, the community's facilitators, the team."""
    if not _connecte(user):
        return False
    return (
        is_equipe(user)
        or ressource.ajoutee_par_id == user.pk
        or anime_communaute(user, ressource.communaute)
    )


@rule("communaute.gerer")
def gerer_communaute(user, communaute) -> bool:
    """Edit, invite, accept requests, remove members: the team."""
    return is_equipe(user)


@rule("communautes.gerer")
def gerer_communautes(user) -> bool:
    """Create communities, see every request, satisfaction across communities: the team."""
    return is_equipe(user)


@rule("communaute.animer")
def animer_communaute(user, communaute) -> bool:
    """Plan sessions, read satisfaction and theme suggestions: facilitators and the team."""
    return _connecte(user) and (is_equipe(user) or anime_communaute(user, communaute))


@rule("communaute.rejoindre")
def rejoindre(user, communaute) -> bool:
    return _connecte(user) and communaute.ouverte and not est_membre(user, communaute)


@rule("communaute.demander")
def demander(user, communaute) -> bool:
    if not _connecte(user) or communaute.ouverte or est_membre(user, communaute):
        return False
    return not communaute.demandes_adhesion.en_attente().filter(personne=user).exists()


@rule("communaute.quitter")
def quitter(user, communaute) -> bool:
    return est_membre(user, communaute)


# --- Community sessions ------------------------------------------------------------


@rule("seance_communaute.animer")
def animer_seance(user, seance) -> bool:
    """Edit a session's format (co-dev steps, material, workshops): its facilitators, the
    community's facilitators, the team. Never gives access to a bulle's notes."""
    return _connecte(user) and (
        is_equipe(user) or anime_seance(user, seance) or anime_communaute(user, seance.communaute)
    )


@rule("seance_communaute.gerer")
def gerer_seance(user, seance) -> bool:
    """Co-organisers and workshops of an event: the team."""
    return is_equipe(user)


@rule("seance_communaute.inscrire")
def inscrire(user, seance) -> bool:
    from .models import seance_terminee

    if not _connecte(user) or seance.annulee or seance_terminee(seance):
        return False
    communaute = seance.communaute
    if communaute is None:
        return False
    if participe(user, seance, STATUTS_ACTIFS + (StatutParticipation.PRESENT,)):
        return False
    return communaute.ouverte or est_membre(user, communaute)


@rule("seance_communaute.desinscrire")
def desinscrire(user, seance) -> bool:
    from .models import seance_terminee

    return (
        _connecte(user) and not seance_terminee(seance) and participe(user, seance, STATUTS_ACTIFS)
    )


@rule("seance_communaute.inscriptions")
def voir_inscriptions(user, seance) -> bool:
    """Who registered. Bulle: its facilitators only. Other sessions: the team, the
    facilitators and the contacts of the partner networks that co-organise it."""
    if not _connecte(user):
        return False
    if est_bulle(seance):
        return anime_seance(user, seance)
    return (
        is_equipe(user)
        or anime_seance(user, seance)
        or anime_communaute(user, seance.communaute)
        or coorganise(user, seance)
    )


@rule("bulle.contenu")
def contenu_bulle(user, seance) -> bool:
    """Notes, shared content and participants' names of a bulle (see module docstring)."""
    if not _connecte(user):
        return False
    return anime_seance(user, seance) or participe(user, seance, STATUTS_PARTICIPANT)


@rule("codev.voir")
def voir_codev(user, seance) -> bool:
    return _connecte(user) and (
        animer_seance(user, seance) or participe(user, seance, STATUTS_PARTICIPANT)
    )


@rule("codev.plan_modifier")
def modifier_plan_codev(user, seance) -> bool:
    """The client's action plan: the client, the facilitators, the team."""
    if not _connecte(user):
        return False
    codev = getattr(seance, "codev", None)
    return animer_seance(user, seance) or (codev is not None and codev.client_id == user.pk)


@rule("codev.plan_copier")
def copier_plan_codev(user, seance) -> bool:
    """Copy the client's actions into their organisation's improvement plan: the client
    (when they pilot that organisation) or the team."""
    from apes_rh.perms import can

    if not _connecte(user):
        return False
    codev = getattr(seance, "codev", None)
    if codev is None or codev.organisation_client_id is None:
        return False
    if not (is_equipe(user) or codev.client_id == user.pk):
        return False
    return can(user, "organisation.piloter", codev.organisation_client)


@rule("appui.contenu")
def contenu_appui(user, seance) -> bool:
    """Facilitator's material and replay: community members, participants, facilitators,
    the team."""
    if not _connecte(user):
        return False
    return (
        animer_seance(user, seance)
        or est_membre(user, seance.communaute)
        or participe(user, seance, STATUTS_ACTIFS + (StatutParticipation.PRESENT,))
    )


@rule("questionnaire.repondre")
def repondre(user, seance) -> bool:
    """Only attendees, only once the session is over, only once."""
    from .models import Repondant, seance_terminee

    if not _connecte(user) or seance.annulee or not seance_terminee(seance):
        return False
    if not participe(user, seance, (StatutParticipation.PRESENT,)):
        return False
    return not Repondant.objects.filter(seance=seance, personne=user).exists()


@rule("satisfaction.seance")
def satisfaction_seance(user, seance) -> bool:
    return animer_seance(user, seance)


# --- Partner networks ----------------------------------------------------------------


@rule("reseaux.gerer")
def gerer_reseaux(user) -> bool:
    """Partner networks, their roles and contacts: the team."""
    return is_equipe(user)


@rule("espace.partenaire")
def espace_partenaire(user) -> bool:
    return _connecte(user) and has_role(user, Role.PARTENAIRE)
