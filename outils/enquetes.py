"""Follow-up surveys: created and e-mailed by a daily task, answered once by a pilot, shown on
the organisation's timeline and counted in the activity report.

When a survey is due (the rule, DESIGN §5 and issue 10)
- Origins: an enrolment (`Inscription`, status *inscrite*) in a parcours, which ends on the
  parcours' `fin`; a mission (`Mission`) with status *terminée* and a `fin` date (an ongoing
  mission whose planned end has passed may still be extended; a cancelled one had no support
  to evaluate; a finished one without an end date cannot be dated). Archived organisations
  get none.
- The survey at E months (3 or 6) is due from the day `fin + E months`. The daily task creates
  it on that day or, if it did not run, within the `RATTRAPAGE_JOURS` (31) days that follow —
  never later: a late or first run catches up a month, it does not survey years of imported
  history (the 2019–2021 programme).
- Created once: unique (origin, échéance) in the database, whatever the number of runs.
- Sent to the organisation's current pilots and co-pilots at creation (`envoyee_a`), through
  `apes_rh.rappels` (kind `enquetes_suivi`, occasion `enquete-<id>`: at most once per person,
  and each person may opt out in their reminder preferences). While unanswered, the e-mail
  is retried by the next runs for `RATTRAPAGE_JOURS` days after creation (a failed send, a pilot
  who opted back in). Opting out stops the e-mail only: the survey is still in the
  organisation's space, under « Enquêtes de suivi ».
- Answered once, by any current pilot or co-pilot of the organisation (the first answer counts,
  the others see it).
"""

import calendar
import datetime as dt

from django.db import transaction
from django.db.models import Avg, Count, Exists, OuterRef, Q
from django.utils import timezone

from apes_rh.rapports.perimetre import SEUIL_PERSONNES, masquer_personnes

from .enums import EcheanceEnquete, OrigineEnquete
from .models import Action, EnqueteSuivi

ENQUETES_SUIVI = "enquetes_suivi"  # the reminder kind (apes_rh.rappels)
RATTRAPAGE_JOURS = 31
NOTES = (1, 2, 3, 4, 5)
CHAMP_ORIGINE = {OrigineEnquete.PARCOURS: "inscription", OrigineEnquete.MISSION: "mission"}


class EnqueteDejaRepondue(Exception):
    """A second answer: the first one stays."""


def ajouter_mois(jour: dt.date, mois: int) -> dt.date:
    """`jour` moved by `mois` months (negative: back), clamped to the month's last day."""
    index = jour.year * 12 + jour.month - 1 + mois
    annee, mois_ = divmod(index, 12)
    mois_ += 1
    return jour.replace(
        year=annee, month=mois_, day=min(jour.day, calendar.monthrange(annee, mois_)[1])
    )


def derniere_fin(jour: dt.date, echeance: int) -> dt.date:
    """The latest end whose survey at `echeance` months is due on `jour`
    (`ajouter_mois(fin, echeance) <= jour`; on a month's last day, the earlier month's
    later days are due too: 31 August + 6 months is 28 February)."""
    fin = ajouter_mois(jour, -echeance)
    if jour.day == calendar.monthrange(jour.year, jour.month)[1]:
        fin = fin.replace(day=calendar.monthrange(fin.year, fin.month)[1])
    return fin


def bornes_fin(aujourdhui: dt.date, echeance: int) -> tuple[dt.date, dt.date]:
    """Origins whose end is in ]debut, fin] are due for the survey at `echeance` months today."""
    debut = derniere_fin(aujourdhui - dt.timedelta(days=RATTRAPAGE_JOURS + 1), echeance)
    return debut, derniere_fin(aujourdhui, echeance)


def _origines_dues(aujourdhui: dt.date, echeance: int, origine: str):
    """(pk, organisation_id, fin) of the enrolments or missions due for this survey today."""
    from accompagnateurs.enums import StatutMission
    from accompagnateurs.models import Mission
    from parcours.enums import StatutInscription
    from parcours.models import Inscription

    debut, fin = bornes_fin(aujourdhui, echeance)
    if origine == OrigineEnquete.PARCOURS:
        qs, champ_fin = (
            Inscription.objects.filter(statut=StatutInscription.INSCRITE),
            "parcours__fin",
        )
    else:
        qs, champ_fin = Mission.objects.filter(statut=StatutMission.TERMINEE), "fin"
    deja = EnqueteSuivi.objects.filter(
        **{CHAMP_ORIGINE[origine]: OuterRef("pk")}, echeance=echeance
    )
    return (
        qs.filter(
            organisation__archivee=False, **{f"{champ_fin}__gt": debut, f"{champ_fin}__lte": fin}
        )
        .filter(~Exists(deja))
        .values_list("pk", "organisation_id", champ_fin)
    )


def pilotes_par_organisation(organisation_ids) -> dict[int, list]:
    """Current pilots and co-pilots of these organisations, people loaded (1 query)."""
    from parcours.models import Membre

    pilotes: dict[int, list] = {}
    for m in (
        Membre.objects.actifs()
        .pilotes()
        .filter(organisation_id__in=set(organisation_ids), personne__is_active=True)
        .select_related("personne")
        .order_by("organisation_id", "role", "personne_id")
    ):
        personnes = pilotes.setdefault(m.organisation_id, [])
        if m.personne not in personnes:
            personnes.append(m.personne)
    return pilotes


def enquetes_creer(*, aujourdhui: dt.date) -> list[EnqueteSuivi]:
    """Creates the surveys due today (see the module's rule); a constant number of queries.

    A second run finds them (the NOT EXISTS above); two runs at the same time both insert,
    the unique constraints keep one row per (origin, échéance) and `ignore_conflicts` the
    other run silent: each run then only reads back the rows it inserted itself."""
    moment = timezone.now()
    nouvelles = []
    for echeance in EcheanceEnquete.values:
        for origine, champ in CHAMP_ORIGINE.items():
            for pk, organisation_id, fin in _origines_dues(aujourdhui, echeance, origine):
                nouvelles.append(
                    EnqueteSuivi(
                        organisation_id=organisation_id,
                        origine=origine,
                        echeance=echeance,
                        fin_accompagnement=fin,
                        envoyee_le=moment,
                        **{f"{champ}_id": pk},
                    )
                )
    if not nouvelles:
        return []
    with transaction.atomic():
        EnqueteSuivi.objects.bulk_create(nouvelles, ignore_conflicts=True)
        creees = list(
            EnqueteSuivi.objects.filter(
                envoyee_le=moment, organisation_id__in={e.organisation_id for e in nouvelles}
            )
        )
        EnqueteSuivi.history.bulk_history_create(creees, default_date=moment)
        pilotes = pilotes_par_organisation(e.organisation_id for e in creees)
        Lien = EnqueteSuivi.envoyee_a.through
        Lien.objects.bulk_create(
            [
                Lien(enquetesuivi_id=e.pk, user_id=personne.pk)
                for e in creees
                for personne in pilotes.get(e.organisation_id, [])
            ]
        )
    return creees


def collecter_enquetes(aujourdhui: dt.date):
    """The reminder's collector: creates what is due, then the e-mails of the unanswered
    surveys of the last `RATTRAPAGE_JOURS` days (already sent ones are skipped by
    `rappels.envoyer`). A constant number of queries."""
    from apes_rh.rappels import Envoi, lien_absolu

    creees = enquetes_creer(aujourdhui=aujourdhui)
    depuis = aujourdhui - dt.timedelta(days=RATTRAPAGE_JOURS)
    enquetes = (
        EnqueteSuivi.objects.en_attente()
        .filter(Q(envoyee_le__date__gte=depuis) | Q(pk__in=[e.pk for e in creees]))
        .filter(organisation__archivee=False)
        .select_related("organisation", "inscription__parcours", "mission__thematique")
        .prefetch_related("envoyee_a")
        .order_by("pk")
    )
    return [
        Envoi(
            destinataire=personne,
            occasion=f"enquete-{enquete.pk}",
            gabarit="outils/emails/enquete_suivi",
            contexte={
                "enquete": enquete,
                "lien": lien_absolu(
                    "outils:enquete", pk=enquete.organisation_id, enquete_pk=enquete.pk
                ),
            },
        )
        for enquete in enquetes
        for personne in enquete.envoyee_a.all()
    ]


def actions_proposees(organisation):
    """The plan's actions a pilot may tick as continued."""
    return (
        Action.objects.de_organisation(organisation)
        .select_related("axe")
        .order_by("axe__ordre", "axe_id", "priorite", "titre", "pk")
    )


def enquete_repondre(
    *, enquete: EnqueteSuivi, personne, ce_qui_a_change: str, actions, utilite: int
) -> EnqueteSuivi:
    """Records the answer, once: a second one raises `EnqueteDejaRepondue`."""
    with transaction.atomic():
        verrou = EnqueteSuivi.objects.select_for_update().get(pk=enquete.pk)
        if verrou.repondue_le is not None:
            raise EnqueteDejaRepondue
        verrou.ce_qui_a_change = ce_qui_a_change
        verrou.utilite = utilite
        verrou.repondue_le = timezone.now()
        verrou.repondue_par = personne
        verrou._history_user = personne
        verrou.save()
        # Only the organisation's own actions, whatever the form was given.
        verrou.actions_poursuivies.set(
            actions_proposees(verrou.organisation).filter(pk__in=[a.pk for a in actions])
        )
    return verrou


# -- timeline -------------------------------------------------------------------------------


def evenements_chronologie(organisation, evenement):
    """The answered surveys as timeline events (1 query); `evenement` builds one."""
    for e in (
        EnqueteSuivi.objects.repondues()
        .filter(organisation=organisation)
        .select_related("inscription__parcours", "mission__thematique")
        .annotate(nb_actions=Count("actions_poursuivies"))
        .order_by("repondue_le")
    ):
        details = [e.libelle_origine]
        if e.nb_actions:
            details.append(
                f"{e.nb_actions} action{'s' if e.nb_actions > 1 else ''} "
                f"poursuivie{'s' if e.nb_actions > 1 else ''}"
            )
        if e.ce_qui_a_change:
            texte = e.ce_qui_a_change
            details.append(texte if len(texte) <= 160 else texte[:157].rstrip() + "…")
        yield evenement(
            timezone.localdate(e.repondue_le),
            f"Enquête de suivi à {e.echeance} mois : utilité {e.utilite}/5",
            " — ".join(details),
            e.repondue_le,
        )


# -- activity report ------------------------------------------------------------------------

LIBELLES_RAPPORT = {
    "envoyees": "Enquêtes de suivi envoyées",
    "repondues": "Enquêtes de suivi répondues",
    "utilite_moyenne": "Utilité moyenne de la démarche (sur 5)",
}


def section_rapport(r) -> dict:
    """Surveys of the perimeter's organisations: sent in the period (`envoyees`), answered in
    the period (`repondues`), and the usefulness of those answers (average, spread 1–5).
    Counts only — the answers' text is the organisation's own. One aggregate query."""
    qs = EnqueteSuivi.objects.filter(r.p.q_territoire("organisation__territoire_id"))
    envoyee = Q(envoyee_le__date__gte=r.du, envoyee_le__date__lte=r.au)
    repondue = Q(repondue_le__date__gte=r.du, repondue_le__date__lte=r.au, utilite__isnull=False)
    chiffres = qs.filter(envoyee | repondue).aggregate(
        envoyees=Count("pk", filter=envoyee),
        repondues=Count("pk", filter=repondue),
        moyenne=Avg("utilite", filter=repondue),
        **{f"note_{n}": Count("pk", filter=repondue & Q(utilite=n)) for n in NOTES},
    )
    moyenne = chiffres["moyenne"]
    return {
        "envoyees": chiffres["envoyees"],
        "repondues": chiffres["repondues"],
        "utilite_moyenne": round(float(moyenne), 1) if moyenne is not None else None,
        "moyenne_masquee": False,
        "repartition": {str(n): chiffres[f"note_{n}"] for n in NOTES},
    }


def masquer_section(donnees: dict) -> dict:
    """The funder's view: every count below 3 becomes "< 3", and the average of fewer than 3
    answers is withheld (it would reveal them)."""
    repondues = donnees["repondues"]
    peu = not isinstance(repondues, int) or repondues < SEUIL_PERSONNES
    return {
        **donnees,
        "envoyees": masquer_personnes(donnees["envoyees"]),
        "repondues": masquer_personnes(repondues),
        "utilite_moyenne": None if peu else donnees["utilite_moyenne"],
        "moyenne_masquee": peu,
        "repartition": {n: masquer_personnes(v) for n, v in donnees["repartition"].items()},
    }
