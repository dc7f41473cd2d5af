"""One function per kind of e-mail of the parcours app.

Each takes ids (they run after commit, possibly in a Celery worker) and renders
`templates/parcours/emails/<kind>_subject.txt`, `_body.txt`, `_body.html`.
"""

from apes_rh.emails import send_templated


def envoyer_passation(passation_id: int) -> None:
    """Tell the new pilot (and the former one) that the pilot role changed hands."""
    from .models import Passation

    passation = (
        Passation.objects.select_related("organisation", "ancien", "nouveau", "par")
        .filter(pk=passation_id)
        .first()
    )
    if passation is None:
        return
    destinataires = [passation.nouveau.email]
    if passation.ancien and passation.ancien.email not in destinataires:
        destinataires.append(passation.ancien.email)
    send_templated(
        "parcours/emails/passation",
        destinataires,
        {"passation": passation, "organisation": passation.organisation},
    )


def _pilotes(organisation) -> list[str]:
    from .models import Membre

    return list(
        Membre.objects.actifs()
        .pilotes()
        .filter(organisation=organisation, personne__is_active=True)
        .values_list("personne__email", flat=True)
        .distinct()
    )


def _inscription(inscription_id: int):
    from .models import Inscription

    return (
        Inscription.objects.select_related("parcours", "organisation", "candidature_par")
        .filter(pk=inscription_id)
        .first()
    )


def envoyer_parcours_inscription(inscription_id: int) -> None:
    """The team enrolled the organisation: its pilots are told."""
    inscription = _inscription(inscription_id)
    if inscription is None:
        return
    destinataires = _pilotes(inscription.organisation)
    if destinataires:
        send_templated(
            "parcours/emails/parcours_inscription",
            destinataires,
            {"inscription": inscription, "parcours": inscription.parcours},
        )


def envoyer_candidature_recue(inscription_id: int) -> None:
    """A pilot applied: the team is told, with a link to decide."""
    from django.conf import settings

    inscription = _inscription(inscription_id)
    if inscription is None:
        return
    send_templated(
        "parcours/emails/candidature_recue",
        [settings.EQUIPE_EMAIL],
        {"inscription": inscription, "parcours": inscription.parcours},
        reply_to=[inscription.candidature_par.email] if inscription.candidature_par else None,
    )


def envoyer_candidature_decision(inscription_id: int) -> None:
    """The team accepted or declined an application: the pilots get the decision and message."""
    inscription = _inscription(inscription_id)
    if inscription is None:
        return
    destinataires = _pilotes(inscription.organisation)
    if inscription.candidature_par and inscription.candidature_par.email not in destinataires:
        destinataires.append(inscription.candidature_par.email)
    if destinataires:
        send_templated(
            "parcours/emails/candidature_decision",
            destinataires,
            {"inscription": inscription, "parcours": inscription.parcours},
        )


def _participation(participation_id: int):
    from .models import Participation

    return (
        Participation.objects.select_related(
            "seance", "seance__parcours", "seance__communaute", "personne"
        )
        .filter(pk=participation_id)
        .first()
    )


def _envoyer_participation(kind: str, participation, *, ics: str | None) -> None:
    """`ics`: None (no attachment), "confirme" or "annule"."""
    from . import calendrier

    seance = participation.seance
    attachments = []
    if ics:
        contenu = calendrier.ics_seance(
            seance, avec_acces=ics == "confirme", annule=ics == "annule"
        )
        attachments.append(
            (
                calendrier.nom_fichier(seance),
                contenu,
                "text/calendar; charset=utf-8; method=PUBLISH",
            )
        )
    send_templated(
        f"parcours/emails/{kind}",
        [participation.personne.email],
        {"participation": participation, "seance": seance, "personne": participation.personne},
        attachments=attachments,
    )


def envoyer_participation_confirmee(participation_id: int) -> None:
    participation = _participation(participation_id)
    if participation and participation.statut == "inscrit":
        _envoyer_participation("participation_confirmee", participation, ics="confirme")


def envoyer_participation_promue(participation_id: int) -> None:
    participation = _participation(participation_id)
    if participation and participation.statut == "inscrit":
        _envoyer_participation("participation_promue", participation, ics="confirme")


def envoyer_participation_attente(participation_id: int) -> None:
    participation = _participation(participation_id)
    if participation and participation.statut == "attente":
        _envoyer_participation("participation_attente", participation, ics=None)


def envoyer_participation_annulee(participation_id: int) -> None:
    participation = _participation(participation_id)
    if participation and participation.statut == "annule":
        _envoyer_participation("participation_annulee", participation, ics="annule")


# Notices of a changed or cancelled session go through the reminders' ledger
# (apes_rh.rappels.envoyer): the row (kind, occasion, person) is written before sending, so a
# task delivered twice by the broker sends nothing the second time. These kinds have no
# collector, hence no preference to switch them off: they are not reminders but information.
MODIFICATION = "seance_modifiee"
ANNULATION = "seance_annulee"

# The waiting list hears about a new date or new times (can they still come if a seat
# frees up?), never about the place or the link, which only registered people get
# (rule `seance.acces`); and it has no event in its calendar to update.
CHAMPS_ATTENTE = ("date", "heure_debut", "heure_fin")


def _valeur_lisible(champ: str, valeur: str) -> str:
    import datetime

    from django.utils import dateformat

    if not valeur:
        return "non précisé"
    if champ == "date":
        return dateformat.format(datetime.date.fromisoformat(valeur), "l j F Y")
    if champ in ("heure_debut", "heure_fin"):
        return dateformat.time_format(datetime.time.fromisoformat(valeur), "H\\hi")
    return valeur


def _lignes_changements(changements: dict, champs) -> list[dict]:
    """[{libellé, avant, après}] in the order of `Seance.CHAMPS_NOTIFIES`."""
    from .models import Seance

    return [
        {
            "libelle": Seance._meta.get_field(champ).verbose_name.capitalize(),
            "avant": _valeur_lisible(champ, changements[champ][0]),
            "apres": _valeur_lisible(champ, changements[champ][1]),
        }
        for champ in Seance.CHAMPS_NOTIFIES
        if champ in changements and champ in champs
    ]


def _piece_jointe(seance, personne, *, method: str, avec_acces: bool) -> tuple:
    from . import calendrier

    contenu = calendrier.ics_seance(
        seance, avec_acces=avec_acces, annule=method == "CANCEL", method=method, pour=personne
    )
    return (
        calendrier.nom_fichier(seance),
        contenu,
        f"text/calendar; charset=utf-8; method={method}",
    )


def envoyer_seance_modifiee(
    seance_id: int, changements: dict | None = None, sequence: int = 0, participations=()
) -> None:
    """The date, times, place or link changed: each person registered at that moment gets
    the list of what changed (before → after) and the updated event (METHOD:REQUEST, same
    UID, the new SEQUENCE); the waiting list only hears about a new date or new times."""
    from apes_rh import rappels

    from .enums import StatutParticipation
    from .models import STATUTS_PLACE, Participation, Seance

    seance = Seance.objects.select_related("parcours", "communaute").filter(pk=seance_id).first()
    if seance is None or seance.annulee or not changements:
        return
    envois = []
    for participation in Participation.objects.filter(
        pk__in=participations,
        seance=seance,
        statut__in=[*STATUTS_PLACE, StatutParticipation.ATTENTE],
    ).select_related("personne"):
        participation.seance = seance
        personne = participation.personne
        inscrite = participation.a_une_place
        lignes = _lignes_changements(
            changements, Seance.CHAMPS_NOTIFIES if inscrite else CHAMPS_ATTENTE
        )
        if not lignes:
            continue
        envois.append(
            rappels.Envoi(
                destinataire=personne,
                occasion=f"seance-{seance.pk}-v{sequence}",
                gabarit="parcours/emails/seance_modifiee",
                contexte={
                    "participation": participation,
                    "seance": seance,
                    "changements": lignes,
                    "avec_acces": inscrite,
                },
                pieces_jointes=(
                    [_piece_jointe(seance, personne, method="REQUEST", avec_acces=True)]
                    if inscrite
                    else []
                ),
            )
        )
    rappels.envoyer(MODIFICATION, envois)


def envoyer_seance_annulee(seance_id: int) -> None:
    """The session is cancelled: registered people and the waiting list are told, with a
    cancellation event (METHOD:CANCEL, STATUS:CANCELLED) that removes it from calendars."""
    from apes_rh import rappels

    from .enums import StatutParticipation
    from .models import STATUTS_PLACE, Participation, Seance

    seance = Seance.objects.select_related("parcours", "communaute").filter(pk=seance_id).first()
    if seance is None or not seance.annulee:
        return
    envois = []
    for participation in Participation.objects.filter(
        seance=seance, statut__in=[*STATUTS_PLACE, StatutParticipation.ATTENTE]
    ).select_related("personne"):
        participation.seance = seance
        envois.append(
            rappels.Envoi(
                destinataire=participation.personne,
                occasion=f"seance-{seance.pk}-annulation",
                gabarit="parcours/emails/seance_annulee",
                contexte={"participation": participation, "seance": seance},
                pieces_jointes=[
                    _piece_jointe(seance, participation.personne, method="CANCEL", avec_acces=False)
                ],
            )
        )
    rappels.envoyer(ANNULATION, envois)
