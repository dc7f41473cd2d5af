"""Writes of the coach pool. Keyword-only functions named <entity>_<action>.

Binôme rule (stated once, tested in tests/accompagnateurs/test_binome.py): a half-day recorded in
binôme belongs to its main coach (`accompagnateur`), who writes, submits and corrects it; it is
charged once to the mission's budget and counted once in every report; it appears in the activity
(dashboard, activity table, export) of both coaches.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone

from apes_rh import emails
from apes_rh.roles import forget_roles
from apes_rh.services import personne_inviter

from .enums import NatureDemiJournee, StatutCandidature, StatutDemiJournee, StatutMission
from .models import Accompagnateur, Candidature, DemiJournee, Mission


class TransitionInterdite(Exception):
    """The requested change is not allowed from the object's current state."""


# ---------------------------------------------------------------------------
# AMI applications
# ---------------------------------------------------------------------------

LIMITE_CANDIDATURES = 5  # per IP address
FENETRE_CANDIDATURES = 3600  # seconds


def candidature_limite_atteinte(*, ip: str) -> bool:
    """Rate limit of the public application form, counted in the cache."""
    cle = f"accompagnateurs:candidature:{ip}"
    cache.add(cle, 0, FENETRE_CANDIDATURES)
    try:
        nombre = cache.incr(cle)
    except ValueError:  # expired between add and incr
        cache.set(cle, 1, FENETRE_CANDIDATURES)
        nombre = 1
    return nombre > LIMITE_CANDIDATURES


@transaction.atomic
def candidature_deposer(*, appel, donnees: dict, specialites, territoires, cv) -> Candidature:
    """Store an application and acknowledge it (e-mails leave after commit)."""
    candidature = Candidature(appel=appel, cv_nom=(cv.name or "")[:255], **donnees)
    candidature.cv.save(cv.name, cv, save=False)
    candidature.save()
    candidature.specialites.set(specialites)
    candidature.territoires.set(territoires)

    def envoyer():
        emails.send_templated(
            "accompagnateurs/emails/candidature_recue",
            [candidature.email],
            {"candidature": candidature, "appel": appel},
        )
        emails.send_templated(
            "accompagnateurs/emails/candidature_nouvelle",
            [settings.EQUIPE_EMAIL],
            {"candidature": candidature, "appel": appel},
        )

    transaction.on_commit(envoyer)
    return candidature


@transaction.atomic
def candidature_examiner(
    *, candidature: Candidature, statut: str, notes_internes: str, par
) -> Candidature:
    """Change the review status. Deciding (retenue / non retenue) e-mails the applicant;
    retenue creates the coach's account (invitation) and profile."""
    candidature = Candidature.objects.select_for_update().get(pk=candidature.pk)
    if candidature.decidee and statut != candidature.statut:
        raise TransitionInterdite(
            "La décision a déjà été communiquée : le statut ne peut plus changer."
        )
    candidature.notes_internes = notes_internes
    decision = statut != candidature.statut and statut in (
        StatutCandidature.RETENUE,
        StatutCandidature.NON_RETENUE,
    )
    candidature.statut = statut
    if decision:
        candidature.decidee_le = timezone.now()
        candidature.decidee_par = par
    if statut == StatutCandidature.RETENUE and decision:
        candidature.accompagnateur = _accompagnateur_creer_depuis(candidature, par)
    candidature.save()
    if decision:
        transaction.on_commit(
            lambda: emails.send_templated(
                "accompagnateurs/emails/candidature_decision",
                [candidature.email],
                {"candidature": candidature, "retenue": statut == StatutCandidature.RETENUE},
            )
        )
    return candidature


@transaction.atomic
def candidature_anonymiser(*, candidature: Candidature) -> Candidature:
    """Erase an applicant on request (DESIGN §2): identity, texts and CV go, the status and
    dates stay so counts of applications do not change. History rows are purged too."""
    if candidature.cv:
        candidature.cv.delete(save=False)
    candidature.prenom = "Personne"
    candidature.nom = "anonymisée"
    candidature.email = f"anonyme-candidature-{candidature.pk}@anonymise.invalid"
    candidature.telephone = candidature.structure = candidature.autres_specialites = ""
    candidature.experience_ess = "—"
    candidature.references = candidature.notes_internes = candidature.cv_nom = ""
    candidature.cv = ""
    candidature.save()
    candidature.history.all().delete()
    return candidature


def _accompagnateur_creer_depuis(candidature: Candidature, par) -> Accompagnateur:
    user, _ = personne_inviter(
        email=candidature.email,
        first_name=candidature.prenom,
        last_name=candidature.nom,
        invitee_par=par,
        message="Votre candidature au pool d'accompagnateurs·trices de la démarche progrès RH "
        "a été retenue. Bienvenue !",
    )
    profil = Accompagnateur.objects.filter(user=user).first()
    if profil is None:
        profil = Accompagnateur.objects.create(
            user=user, structure=candidature.structure, entree=timezone.localdate()
        )
    elif profil.sortie is not None:  # coming back to the pool
        profil.sortie = None
        profil.save(update_fields=["sortie"])
    if not profil.structure and candidature.structure:
        profil.structure = candidature.structure
        profil.save(update_fields=["structure"])
    profil.specialites.add(*candidature.specialites.all())
    profil.territoires.add(*candidature.territoires.all())
    forget_roles(user)
    return profil


# ---------------------------------------------------------------------------
# Missions
# ---------------------------------------------------------------------------


@transaction.atomic
def mission_creer(*, par, **champs) -> Mission:
    mission = Mission(creee_par=par, **champs)
    mission.full_clean()
    mission.save()
    return mission


def mission_pour(*, accompagnateur, organisation, date, thematique=None) -> Mission | None:
    """The coach's mission (main or binôme) with this organisation covering `date`, if any;
    with several, the one of the same theme, else the most recent."""
    candidates = list(
        Mission.objects.exclude(statut=StatutMission.ANNULEE)
        .pour_accompagnateur(accompagnateur)
        .filter(organisation=organisation, debut__lte=date)
        .filter(Q(fin__isnull=True) | Q(fin__gte=date))
        .order_by("-debut", "-pk")
    )
    if thematique is not None:
        for m in candidates:
            if m.thematique_id == thematique.pk:
                return m
    return candidates[0] if candidates else None


@dataclass
class Budget:
    mission: Mission
    engagees: int  # every record of the mission, this one included
    validees: int

    @property
    def depasse(self) -> bool:
        return self.engagees > self.mission.budget_total

    @property
    def depassement(self) -> int:
        return max(0, self.engagees - self.mission.budget_total)


def budget_avec(*, mission: Mission, demi_journees: int, sauf_pk=None) -> Budget:
    """The mission's budget if a record of `demi_journees` were added (or replaced `sauf_pk`)."""
    qs = mission.demi_journees.all()
    if sauf_pk:
        qs = qs.exclude(pk=sauf_pk)
    data = qs.aggregate(
        engagees=Sum("demi_journees"),
        validees=Sum("demi_journees", filter=Q(statut=StatutDemiJournee.VALIDEE)),
    )
    return Budget(mission, (data["engagees"] or 0) + demi_journees, data["validees"] or 0)


# ---------------------------------------------------------------------------
# Half-days
# ---------------------------------------------------------------------------


@transaction.atomic
def demi_journee_enregistrer(
    *, accompagnateur: Accompagnateur, instance: DemiJournee | None = None, **champs
) -> DemiJournee:
    """Create or update a coach's record (as a draft, or keeping a returned one returned).

    An individual half-day is charged to the coach's matching mission automatically.
    """
    dj = instance or DemiJournee(accompagnateur=accompagnateur)
    avant = (dj.organisation_id, dj.date, dj.mission_id)
    for nom, valeur in champs.items():
        setattr(dj, nom, valeur)
    if "mission" not in champs:
        dj.mission = (
            mission_pour(
                accompagnateur=dj.accompagnateur,
                organisation=dj.organisation,
                date=dj.date,
                thematique=dj.thematique,
            )
            if dj.nature == NatureDemiJournee.INDIVIDUEL
            else None
        )
    if dj.pk and avant != (dj.organisation_id, dj.date, dj.mission_id):
        # Another organisation, date or mission: its default funding line follows (a new
        # record gets it in save()).
        dj.financement_id = dj.financement_par_defaut()
    dj.full_clean()
    dj.save()
    return dj


def _verrouiller(qs):
    return list(qs.select_for_update().order_by("date", "pk"))


@transaction.atomic
def demi_journees_soumettre(*, accompagnateur: Accompagnateur, ids) -> int:
    """Submit the author's drafts and returned records among `ids`; others are ignored."""
    n = 0
    now = timezone.now()
    qs = DemiJournee.objects.filter(
        pk__in=ids,
        accompagnateur=accompagnateur,
        statut__in=[StatutDemiJournee.BROUILLON, StatutDemiJournee.RENVOYEE],
    )
    for dj in _verrouiller(qs):
        dj.statut = StatutDemiJournee.SOUMISE
        dj.soumise_le = now
        dj.save()
        n += 1
    return n


@transaction.atomic
def demi_journee_supprimer(*, demi_journee: DemiJournee) -> None:
    if demi_journee.statut == StatutDemiJournee.VALIDEE:
        raise TransitionInterdite("Un relevé validé ne se supprime pas.")
    demi_journee.delete()


@dataclass
class Traitement:
    traitees: list[DemiJournee] = field(default_factory=list)
    bloquees: list[DemiJournee] = field(default_factory=list)  # exceed the budget, not approved


@transaction.atomic
def demi_journees_valider(*, ids, par, approuver_depassement: bool = False) -> Traitement:
    """Validate submitted records. A record that would take its mission past its budget is
    validated only with `approuver_depassement`, which raises the mission's approved overrun
    (kept in the mission's history); otherwise it stays submitted and is reported as blocked."""
    resultat = Traitement()
    now = timezone.now()
    qs = DemiJournee.objects.filter(pk__in=ids, statut=StatutDemiJournee.SOUMISE)
    records = _verrouiller(qs)
    mission_ids = {dj.mission_id for dj in records if dj.mission_id}
    missions = {m.pk: m for m in Mission.objects.select_for_update().filter(pk__in=mission_ids)}
    validees = defaultdict(int)
    for row in (
        DemiJournee.objects.filter(mission_id__in=mission_ids, statut=StatutDemiJournee.VALIDEE)
        .values("mission_id")
        .annotate(total=Sum("demi_journees"))
    ):
        validees[row["mission_id"]] = row["total"]
    for dj in records:
        mission = missions.get(dj.mission_id)
        if mission is not None:
            apres = validees[mission.pk] + dj.demi_journees
            if apres > mission.budget_total:
                if not approuver_depassement:
                    resultat.bloquees.append(dj)
                    continue
                mission.depassement_accorde += apres - mission.budget_total
                mission._change_reason = f"Dépassement approuvé par {par}"[:100]
                mission.save(update_fields=["depassement_accorde"])
            validees[mission.pk] = apres
        dj.statut = StatutDemiJournee.VALIDEE
        dj.traitee_le = now
        dj.traitee_par = par
        dj.commentaire_equipe = ""
        dj.save()
        resultat.traitees.append(dj)
    return resultat


@transaction.atomic
def demi_journees_renvoyer(*, ids, par, commentaire: str) -> Traitement:
    """Return submitted records to their author with a comment, and tell them by e-mail."""
    commentaire = commentaire.strip()
    if not commentaire:
        raise TransitionInterdite("Un renvoi doit dire ce qu'il faut corriger.")
    resultat = Traitement()
    now = timezone.now()
    qs = DemiJournee.objects.filter(pk__in=ids, statut=StatutDemiJournee.SOUMISE)
    for dj in _verrouiller(qs.select_related("accompagnateur__user", "organisation")):
        dj.statut = StatutDemiJournee.RENVOYEE
        dj.commentaire_equipe = commentaire
        dj.traitee_le = now
        dj.traitee_par = par
        dj.save()
        resultat.traitees.append(dj)
    par_coach = defaultdict(list)
    for dj in resultat.traitees:
        par_coach[dj.accompagnateur.user].append(dj)

    def envoyer():
        for user, releves in par_coach.items():
            emails.send_templated(
                "accompagnateurs/emails/demi_journees_renvoyees",
                [user.email],
                {"personne": user, "releves": releves, "commentaire": commentaire},
            )

    transaction.on_commit(envoyer)
    return resultat


@transaction.atomic
def demi_journee_corriger(
    *, demi_journee: DemiJournee, par, motif: str = "", **champs
) -> DemiJournee:
    """The team's correction of any record, validated ones included; history keeps the change
    and its reason."""
    for nom, valeur in champs.items():
        setattr(demi_journee, nom, valeur)
    demi_journee._change_reason = (motif or f"Correction par l'équipe ({par})")[:100]
    demi_journee.full_clean()
    demi_journee.save()
    return demi_journee
