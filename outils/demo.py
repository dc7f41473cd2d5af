"""Demo data of the follow-up space, loaded by `manage.py demo` after the 2019–2021 dataset.

Idempotent: the referential is loaded once; an organisation that already has a
diagnostic is left alone. Three organisations of the MEL 2019 parcours get a complete
story: a first diagnostic (2019), axes and actions from its weakest criteria, follow-up
entries with indicators, and a second diagnostic (2021) showing progress.
"""

import datetime
import hashlib

from django.db import transaction
from django.utils import timezone

from parcours.enums import RoleMembre
from parcours.models import Membre, Organisation

from . import demo_enquetes, referentiel, services
from .analyse import resultats
from .enums import PrioriteAction, StatutAction
from .models import Critere, Diagnostic, Evaluation, Suivi

NOMBRE = 3


def _niveau(graine: str, critere: Critere, bonus: int = 0) -> int:
    """A stable pseudo-random level 1–4 (same demo on every machine)."""
    empreinte = hashlib.sha256(f"{graine}:{critere.code}".encode()).digest()[0]
    return min(4, 1 + empreinte % 3 + bonus * (empreinte % 2))


def _moment(annee: int, mois: int, jour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(annee, mois, jour, 10, 0))


def _pilote(organisation):
    membre = (
        Membre.objects.actifs()
        .pilotes()
        .filter(organisation=organisation)
        .select_related("personne")
    ).first()
    if membre:
        return membre.personne
    from apes_rh.models import User

    slug = "".join(c for c in organisation.nom.lower() if c.isalnum())[:30] or "organisation"
    personne, _ = User.objects.get_or_create(
        email=f"pilote.{slug}@demo.example",
        defaults={"first_name": "Pilote", "last_name": organisation.nom[:100]},
    )
    Membre.objects.get_or_create(
        personne=personne,
        organisation=organisation,
        defaults={"role": RoleMembre.PILOTE, "debut": datetime.date(2019, 3, 1)},
    )
    return personne


def _diagnostic(organisation, pilote, titre, quand, bonus):
    diagnostic = services.diagnostic_creer(organisation=organisation, auteur=pilote, titre=titre)
    Diagnostic.objects.filter(pk=diagnostic.pk).update(cree_le=quand)
    for critere in Critere.objects.filter(theme__referentiel=diagnostic.referentiel):
        Evaluation(
            diagnostic=diagnostic,
            critere=critere,
            niveau=_niveau(organisation.nom, critere, bonus),
            modifie_par=pilote,
        ).save()
    diagnostic.refresh_from_db()
    services.diagnostic_terminer(diagnostic=diagnostic, auteur=pilote)
    Diagnostic.objects.filter(pk=diagnostic.pk).update(
        termine_le=quand + datetime.timedelta(days=14)
    )
    return diagnostic


@transaction.atomic
def _histoire(organisation) -> None:
    pilote = _pilote(organisation)
    depart = _diagnostic(organisation, pilote, "État des lieux 2019", _moment(2019, 5, 6), 0)
    res = resultats(depart)
    for rang, (_theme, ligne) in enumerate(res.priorites[:3]):
        axe = services.axe_depuis_critere(diagnostic=depart, critere=ligne.critere, auteur=pilote)
        for k, (titre, statut) in enumerate(
            [
                (
                    f"Faire un état des pratiques ({ligne.critere.theme.titre})",
                    StatutAction.FAITE,
                ),
                ("Proposer une première version au bureau", StatutAction.EN_COURS),
                ("Présenter la démarche à l'équipe", StatutAction.A_FAIRE),
            ]
        ):
            action = services.action_creer(
                organisation=organisation,
                auteur=pilote,
                axe=axe,
                titre=titre,
                responsable=pilote,
                echeance=datetime.date(2020 + k, 3 + rang, 15),
                priorite=PrioriteAction.HAUTE if k == 0 else PrioriteAction.MOYENNE,
                theme=ligne.critere.theme,
                ressources="Appui individuel de l'Apes ; fiches outils de la vitrine.",
            )
            services.action_changer_statut(action=action, statut=statut, auteur=pilote)
            if statut == StatutAction.FAITE:
                services.suivi_creer(
                    organisation=organisation,
                    auteur=pilote,
                    date=datetime.date(2019, 10 + rang, 12),
                    action=action,
                    realise="Réunion de travail avec la direction et deux salarié·es.",
                    difficultes="Trouver un créneau commun pendant la saison haute.",
                    prochaine_etape="Soumettre la proposition au bureau.",
                    indicateurs=[
                        {"libelle": "Personnes associées", "valeur": 3 + rang, "cible": 6}
                    ],
                )
    _diagnostic(organisation, pilote, "Bilan 2021", _moment(2021, 6, 14), 1)


def charger(stdout) -> None:
    ref, cree = referentiel.charger()
    lies = referentiel.lier_thematiques()
    stdout.write(
        f"Outils : référentiel « {ref} » {'chargé' if cree else 'déjà présent'}"
        f" ({lies} thème(s) relié(s) aux thématiques RH).\n"
    )
    # Organisations with a pilot first (the demo's pilot account), then the MEL 2019 cohort.
    pilotees = Membre.objects.actifs().pilotes().values("organisation_id")
    organisations = list(Organisation.objects.filter(pk__in=pilotees).order_by("nom")[:NOMBRE])
    for autre in Organisation.objects.filter(inscriptions__parcours__code="MEL-2019").order_by(
        "nom"
    ):
        if len(organisations) >= NOMBRE:
            break
        if autre not in organisations:
            organisations.append(autre)
    if not organisations:
        organisations = list(Organisation.objects.order_by("nom")[:NOMBRE])
    for organisation in organisations:
        if Diagnostic.objects.filter(organisation=organisation).exists():
            stdout.write(f"Outils : {organisation} a déjà un espace de suivi, inchangé.\n")
            continue
        _histoire(organisation)
        stdout.write(
            f"Outils : espace de suivi de démonstration pour {organisation} "
            f"({Suivi.objects.filter(organisation=organisation).count()} suivis).\n"
        )
    # Their follow-up surveys, answered (outils/demo_enquetes.py).
    demo_enquetes.charger(organisations, stdout)
