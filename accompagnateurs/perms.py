"""Access rules of the coach pool.

Loading helpers (`get_*_for`) apply the "may know it exists" rules and raise 404;
views then `require()` the change rules (403).
"""

from django.http import Http404

from apes_rh.enums import Role
from apes_rh.perms import is_equipe, rule
from apes_rh.roles import has_role

from .enums import StatutDemiJournee
from .models import (
    Accompagnateur,
    BilanAnnuel,
    DemiJournee,
    Mission,
    accompagnateur_de,
    organisations_suivies,
)


@rule("espace.accompagnateur")
def espace_accompagnateur(user) -> bool:
    return user.is_authenticated and has_role(user, Role.ACCOMPAGNATEUR)


@rule("demi_journee.saisir")
def saisir_demi_journee(user) -> bool:
    """Only coaches record half-days (the team corrects them)."""
    return accompagnateur_de(user) is not None


@rule("accompagnateur.voir_profil")
def voir_profil(user, profil: Accompagnateur) -> bool:
    """Public while the coach is in the pool; afterwards the team and the coach only."""
    if profil.dans_le_pool_aujourdhui:
        return True
    return is_equipe(user) or (user.is_authenticated and profil.user_id == user.pk)


@rule("accompagnateur.modifier_profil")
def modifier_profil(user, profil: Accompagnateur) -> bool:
    return is_equipe(user) or (user.is_authenticated and profil.user_id == user.pk)


@rule("accompagnateur.voir_activite")
def voir_activite(user, profil: Accompagnateur) -> bool:
    """A coach's activity (and its export): the coach and the team."""
    return is_equipe(user) or (user.is_authenticated and profil.user_id == user.pk)


@rule("mission.voir")
def voir_mission(user, mission: Mission) -> bool:
    if is_equipe(user):
        return True
    profil = accompagnateur_de(user)
    return profil is not None and profil.pk in (
        mission.accompagnateur_id,
        mission.co_accompagnateur_id,
    )


@rule("demi_journee.voir")
def voir_demi_journee(user, dj: DemiJournee) -> bool:
    if is_equipe(user):
        return True
    profil = accompagnateur_de(user)
    if profil is None:
        return False
    if dj.accompagnateur_id == profil.pk:
        return True
    return dj.co_accompagnateur_id == profil.pk and dj.statut in (
        StatutDemiJournee.SOUMISE,
        StatutDemiJournee.VALIDEE,
    )


@rule("demi_journee.modifier")
def modifier_demi_journee(user, dj: DemiJournee) -> bool:
    """The team corrects anything (kept in history); the author only drafts and returned ones."""
    if is_equipe(user):
        return True
    profil = accompagnateur_de(user)
    return (
        profil is not None
        and dj.accompagnateur_id == profil.pk
        and dj.modifiable_par_accompagnateur
    )


@rule("demi_journee.soumettre")
def soumettre_demi_journee(user, dj: DemiJournee) -> bool:
    profil = accompagnateur_de(user)
    return (
        profil is not None
        and dj.accompagnateur_id == profil.pk
        and dj.modifiable_par_accompagnateur
    )


@rule("demi_journee.supprimer")
def supprimer_demi_journee(user, dj: DemiJournee) -> bool:
    """A validated record is never deleted (reports rely on it)."""
    if dj.statut == StatutDemiJournee.VALIDEE:
        return False
    if is_equipe(user):
        return True
    profil = accompagnateur_de(user)
    return (
        profil is not None
        and dj.accompagnateur_id == profil.pk
        and dj.modifiable_par_accompagnateur
    )


@rule("organisation.accompagner")
def accompagner_organisation(user, organisation) -> bool:
    """A coach reads an organisation they have a mission with or whose parcours they coach."""
    if not user.is_authenticated:
        return False
    return organisations_suivies(user).filter(pk=organisation.pk).exists()


@rule("bilans.lire")
def lire_bilans(user) -> bool:
    """The pool's yearly review notes: coaches and the team."""
    return is_equipe(user) or accompagnateur_de(user) is not None


@rule("bilan.voir")
def voir_bilan(user, bilan: BilanAnnuel) -> bool:
    return is_equipe(user) or accompagnateur_de(user) is not None


# ---------------------------------------------------------------------------
# Loading helpers: 404 when the user may not know the object exists.
# ---------------------------------------------------------------------------


def _get(qs, pk):
    obj = qs.filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def get_mission_for(user, pk, qs=None) -> Mission:
    return _get((qs if qs is not None else Mission.objects).visibles_par(user), pk)


def get_demi_journee_for(user, pk, qs=None) -> DemiJournee:
    return _get((qs if qs is not None else DemiJournee.objects).visibles_par(user), pk)


def get_organisation_for(user, pk):
    return _get(organisations_suivies(user), pk)


def get_bilan_for(user, pk, qs=None) -> BilanAnnuel:
    return _get((qs if qs is not None else BilanAnnuel.objects).visibles_par(user), pk)


def get_profil_for(user, pk, qs=None) -> Accompagnateur:
    profil = _get(qs if qs is not None else Accompagnateur.objects.select_related("user"), pk)
    if not voir_profil(user, profil):
        raise Http404
    return profil
