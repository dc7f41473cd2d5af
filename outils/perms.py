"""Who may see and change an organisation's follow-up space.

- pilots and co-pilots (current `Membre` with a piloting role) edit the space;
- the organisation's current members read it, and answer when asked for their view;
- the team (chargées de mission) reads every space and comments;
- coaches read and comment the spaces of the organisations they *support*
  (`coach_supports`);
- nobody else knows the space exists (404) — funders and partners included, whatever
  their other links (DESIGN §2), unless they are themselves members of the organisation.

Rules answer for one organisation; `organisations_visibles(user)` is the matching
queryset, tested against the rules.
"""

from django.db.models import Q, QuerySet

from apes_rh.perms import is_equipe, rule
from parcours.enums import RoleMembre, StatutInscription
from parcours.models import Membre, Organisation

ROLES_PILOTAGE = (RoleMembre.PILOTE, RoleMembre.COPILOTE)


def _sources_de_soutien(user) -> list[QuerySet]:
    """Querysets of ids of the organisations `user` supports as a coach.

    This is the one definition of "support": add a source here and both `coach_supports`
    and `organisations_soutenues` follow. It includes everything
    `accompagnateurs.models.organisations_suivies` counts (missions, parcours), plus the
    sessions a coach facilitates and the half-days they recorded.
    """
    from accompagnateurs.enums import StatutMission
    from accompagnateurs.models import DemiJournee, Mission
    from parcours.models import Inscription

    inscrites = Inscription.objects.filter(statut=StatutInscription.INSCRITE)
    return [
        # a mission (individual support) granted to the organisation, main coach or binôme;
        # the same rule as accompagnateurs.models.organisations_suivies
        Mission.objects.exclude(statut=StatutMission.ANNULEE)
        .filter(Q(accompagnateur__user=user) | Q(co_accompagnateur__user=user))
        .values("organisation_id"),
        # listed as a coach of a parcours the organisation is enrolled in
        inscrites.filter(parcours__accompagnateurs=user).values("organisation_id"),
        # facilitating a session of such a parcours
        inscrites.filter(parcours__seances__animateurs=user).values("organisation_id"),
        # individual support recorded for the organisation (alone or as the co-coach)
        DemiJournee.objects.filter(
            Q(accompagnateur__user=user) | Q(co_accompagnateur__user=user)
        ).values("organisation_id"),
    ]


def _q_soutien(user) -> Q:
    q = Q(pk__in=[])
    for source in _sources_de_soutien(user):
        q |= Q(pk__in=source)
    return q


def coach_supports(user, organisation) -> bool:
    """Does `user` support `organisation` as a coach (mission, parcours, session, half-day)?"""
    if not getattr(user, "is_authenticated", False):
        return False
    return Organisation.objects.filter(_q_soutien(user), pk=organisation.pk).exists()


def organisations_soutenues(user) -> QuerySet:
    if not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    return Organisation.objects.filter(_q_soutien(user))


def organisations_visibles(user) -> QuerySet:
    """The organisations whose space `user` may read (same answer as `espace.voir`)."""
    if not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    if is_equipe(user):
        return Organisation.objects.all()
    membres = Membre.objects.actifs().filter(personne=user).values("organisation_id")
    return Organisation.objects.filter(Q(pk__in=membres) | _q_soutien(user))


class Acces:
    """What `user` may do in `organisation`'s space, computed once (a few queries)."""

    def __init__(self, user, organisation):
        self.user = user
        self.organisation = organisation
        authentifie = getattr(user, "is_authenticated", False)
        self.equipe = bool(authentifie and is_equipe(user))
        roles = (
            set(
                Membre.objects.actifs()
                .filter(personne=user, organisation=organisation)
                .values_list("role", flat=True)
            )
            if authentifie
            else set()
        )
        self.membre = bool(roles)
        self.pilote = bool(roles & set(ROLES_PILOTAGE))
        self.accompagnateur = bool(
            authentifie and not self.membre and coach_supports(user, organisation)
        )

    @property
    def voir(self) -> bool:
        return self.equipe or self.membre or self.accompagnateur

    @property
    def modifier(self) -> bool:
        return self.pilote

    @property
    def commenter(self) -> bool:
        return self.pilote or self.equipe or self.accompagnateur

    @property
    def voir_avis(self) -> bool:
        """See the spread of members' views (not plain members: they see their own)."""
        return self.pilote or self.equipe or self.accompagnateur

    @property
    def enquetes(self) -> bool:
        """Follow-up surveys (outils/enquetes.py): pilots answer them, the team reads them;
        nobody else knows they exist (members, coaches: 404)."""
        return self.pilote or self.equipe

    @property
    def libelle(self) -> str:
        if self.pilote:
            return "Pilote"
        if self.membre:
            return "Membre"
        if self.equipe:
            return "Équipe Apes"
        if self.accompagnateur:
            return "Accompagnateur·trice"
        return ""


def acces(user, organisation) -> Acces:
    """Cached per user object (so per request) and organisation."""
    cache = getattr(user, "_outils_acces", None)
    if cache is None:
        cache = {}
        try:
            user._outils_acces = cache
        except AttributeError:  # AnonymousUser is shared: do not cache on it
            return Acces(user, organisation)
    if organisation.pk not in cache:
        cache[organisation.pk] = Acces(user, organisation)
    return cache[organisation.pk]


def oublier_acces(user) -> None:
    if hasattr(user, "_outils_acces"):
        del user._outils_acces


@rule("outils.espace.voir")
def espace_voir(user, organisation) -> bool:
    """Read the space: members, the team, supporting coaches."""
    return acces(user, organisation).voir


@rule("outils.espace.modifier")
def espace_modifier(user, organisation) -> bool:
    """Edit the diagnostic, the plan and the follow-up: pilots and co-pilots."""
    return acces(user, organisation).modifier


@rule("outils.espace.commenter")
def espace_commenter(user, organisation) -> bool:
    """Comment on actions: pilots, supporting coaches, the team."""
    return acces(user, organisation).commenter


@rule("outils.diagnostic.voir_avis")
def diagnostic_voir_avis(user, organisation) -> bool:
    return acces(user, organisation).voir_avis


@rule("outils.avis.repondre")
def avis_repondre(user, avis) -> bool:
    """Only the person asked answers, while they are a member and the diagnostic is open."""
    if not getattr(user, "is_authenticated", False) or avis.personne_id != user.pk:
        return False
    return acces(user, avis.diagnostic.organisation).membre and not avis.diagnostic.est_termine


@rule("outils.espaces")
def espaces(user) -> bool:
    """The list of spaces: anyone logged in (it only lists what they may see)."""
    return getattr(user, "is_authenticated", False)


@rule("outils.enquetes.equipe")
def enquetes_equipe(user) -> bool:
    """Every organisation's answers to the follow-up surveys: the team only."""
    return is_equipe(user)
