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


def _seance_et_personnes(seance_id: int, statuts):
    from .models import Participation, Seance

    seance = Seance.objects.select_related("parcours", "communaute").filter(pk=seance_id).first()
    if seance is None:
        return None, []
    participations = list(
        Participation.objects.filter(seance=seance, statut__in=statuts).select_related("personne")
    )
    for participation in participations:
        participation.seance = seance
    return seance, participations


def envoyer_seance_modifiee(seance_id: int) -> None:
    """Time or place changed: each registered person gets the updated event."""
    from .models import STATUTS_PLACE

    seance, participations = _seance_et_personnes(seance_id, STATUTS_PLACE)
    for participation in participations:
        _envoyer_participation("seance_modifiee", participation, ics="confirme")


def envoyer_seance_annulee(seance_id: int) -> None:
    """The session is cancelled: registered people and the waiting list are told."""
    from .models import STATUTS_PLACE

    seance, participations = _seance_et_personnes(seance_id, (*STATUTS_PLACE, "attente"))
    for participation in participations:
        _envoyer_participation("seance_annulee", participation, ics="annule")
