"""Access rules of organisations, parcours and sessions.

Each rule answers for one object; the matching "objects this user may see" are
QuerySet methods in models.py (tested against these rules).
"""

from django.utils import timezone

from apes_rh.enums import Role
from apes_rh.perms import is_equipe, rule
from apes_rh.roles import has_role

from .enums import StatutInscription, TypeSeance
from .models import Inscription, Membre, Organisation, organisations_suivies_ids


def _membre(user, organisation):
    return Membre.objects.actifs().filter(personne=user, organisation=organisation)


def _accompagne(user, organisation) -> bool:
    """A coach who follows the organisation (a mission, or a parcours they coach)."""
    return organisations_suivies_ids(user).filter(pk=organisation.pk).exists()


@rule("organisation.voir")
def voir_organisation(user, organisation) -> bool:
    """The team, the organisation's current members, the coaches who follow it."""
    if not user.is_authenticated:
        return False
    return (
        is_equipe(user) or _membre(user, organisation).exists() or _accompagne(user, organisation)
    )


@rule("organisation.piloter")
def piloter_organisation(user, organisation) -> bool:
    """Edit the organisation, invite members, hand the pilot role over: pilots, co-pilots, the team."""
    if not user.is_authenticated:
        return False
    return is_equipe(user) or _membre(user, organisation).pilotes().exists()


@rule("espace.membre")
def espace_membre(user) -> bool:
    from apes_rh.roles import Role, has_role

    return user.is_authenticated and has_role(user, Role.MEMBRE, Role.PILOTE)


@rule("organisation.gerer")
def gerer_organisation(user, organisation) -> bool:
    """Archive or restore an organisation, change its territory: the team only."""
    return is_equipe(user)


# --- Parcours -------------------------------------------------------------------------------


def _accompagne_parcours(user, parcours) -> bool:
    return parcours.accompagnateurs.filter(pk=user.pk).exists()


@rule("parcours.lister")
def lister_parcours(user) -> bool:
    """The team, the coaches and the members of organisations have a list of parcours."""
    return user.is_authenticated and has_role(
        user, Role.CHARGEE, Role.ACCOMPAGNATEUR, Role.MEMBRE, Role.PILOTE
    )


@rule("parcours.voir")
def voir_parcours(user, parcours) -> bool:
    """The team, its coaches, the members of its enrolled organisations."""
    if not user.is_authenticated:
        return False
    if is_equipe(user) or _accompagne_parcours(user, parcours):
        return True
    organisations = Membre.objects.actifs().filter(personne=user).values("organisation_id")
    return Inscription.objects.filter(
        parcours=parcours, statut=StatutInscription.INSCRITE, organisation__in=organisations
    ).exists()


@rule("parcours.gerer")
def gerer_parcours(user, parcours) -> bool:
    """Edit a parcours, enrol organisations, decide on applications: the team."""
    return is_equipe(user)


@rule("parcours.suivre")
def suivre_parcours(user, parcours) -> bool:
    """Record where each organisation stands in the three steps: the team and its coaches."""
    return user.is_authenticated and (is_equipe(user) or _accompagne_parcours(user, parcours))


@rule("parcours.candidater")
def candidater_parcours(user, parcours) -> bool:
    """The pilot of an organisation may apply while the parcours takes applications."""
    if not user.is_authenticated:
        return False
    if not parcours.candidatures_ouvertes or parcours.fin < timezone.localdate():
        return False
    return Organisation.objects.pilotees_par(user).actives().exists()


# --- Sessions -------------------------------------------------------------------------------


def _anime(user, seance) -> bool:
    return seance.animateurs.filter(pk=user.pk).exists()


def _coorganise(user, seance) -> bool:
    return seance.coorganisateurs.filter(contacts__personne=user).exists()


def _ouverte_a(user, seance) -> bool:
    """Open to this person: public, or of a parcours their organisation follows, or of an
    open community or one they belong to."""
    if seance.publique:
        return True
    if seance.parcours_id:
        organisations = Membre.objects.actifs().filter(personne=user).values("organisation_id")
        return Inscription.objects.filter(
            parcours_id=seance.parcours_id,
            statut=StatutInscription.INSCRITE,
            organisation__in=organisations,
        ).exists()
    if seance.communaute_id:
        communaute = seance.communaute
        return communaute.ouverte or communaute.membres.filter(personne=user).exists()
    return False


@rule("seance.voir")
def voir_seance(user, seance) -> bool:
    """The team, its facilitators, co-organising partners, the people registered, the
    coaches of its parcours, the animators of its community, and whoever it is open to."""
    if not user.is_authenticated:
        return False
    if is_equipe(user) or _anime(user, seance) or _ouverte_a(user, seance):
        return True
    if seance.participations.filter(personne=user).exists():
        return True
    if seance.parcours_id and _accompagne_parcours(user, seance.parcours):
        return True
    if seance.communaute_id and seance.communaute.animateurs.filter(pk=user.pk).exists():
        return True
    return _coorganise(user, seance)


@rule("seance.gerer")
def gerer_seance(user, seance) -> bool:
    """Schedule, edit, duplicate, cancel a session: the team."""
    return is_equipe(user)


@rule("seance.inscrire")
def inscrire_seance(user, seance) -> bool:
    """Register oneself: the team, or a person the session is open to, until it starts."""
    if not user.is_authenticated or seance.annulee or seance.a_commence:
        return False
    return is_equipe(user) or _ouverte_a(user, seance)


@rule("seance.inscrire_autrui")
def inscrire_autrui_seance(user, seance) -> bool:
    """Register someone else: the team (anyone), a member (their colleagues)."""
    if not user.is_authenticated or seance.annulee or seance.a_commence:
        return False
    if is_equipe(user):
        return True
    return _ouverte_a(user, seance) and Membre.objects.actifs().filter(personne=user).exists()


def _confidentielle(seance) -> bool:
    """A bulle de dialogue: who took part is known only to its facilitators (DESIGN §2);
    the team and partners see that it took place, its date and the attendance count."""
    return seance.type == TypeSeance.BULLE_DIALOGUE


@rule("seance.presences")
def presences_seance(user, seance) -> bool:
    """Take attendance: the facilitators and the team (a bulle's facilitators only)."""
    if not user.is_authenticated:
        return False
    if _confidentielle(seance):
        return _anime(user, seance)
    return is_equipe(user) or _anime(user, seance)


@rule("seance.participants")
def participants_seance(user, seance) -> bool:
    """See who registered: the team, the facilitators, co-organising partners (a bulle's
    facilitators only)."""
    if not user.is_authenticated:
        return False
    if _confidentielle(seance):
        return _anime(user, seance)
    return is_equipe(user) or _anime(user, seance) or _coorganise(user, seance)


@rule("seance.acces")
def acces_seance(user, seance) -> bool:
    """See the place and the visio link: registered people (not the waiting list), the
    facilitators, co-organising partners, the team. Nobody else, ever."""
    from .models import STATUTS_PLACE

    if not user.is_authenticated:
        return False
    if is_equipe(user) or _anime(user, seance) or _coorganise(user, seance):
        return True
    return seance.participations.filter(personne=user, statut__in=STATUTS_PLACE).exists()


@rule("participation.annuler")
def annuler_participation(user, participation) -> bool:
    """Cancel a registration: the person, who registered them, a pilot of their
    organisation — until the session starts; the team at any time."""
    if not user.is_authenticated:
        return False
    if is_equipe(user):
        return True
    if participation.seance.a_commence:
        return False
    if user.pk in (participation.personne_id, participation.inscrite_par_id):
        return True
    return bool(
        participation.organisation_id
        and _membre(user, participation.organisation).pilotes().exists()
    )
