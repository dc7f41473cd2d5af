"""E-mails of the vitrine: one function per kind (templates/emails/vitrine_*)."""

from django.conf import settings
from django.urls import reverse

from apes_rh.emails import send_templated


def _lien(nom: str, **kwargs) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(nom, kwargs=kwargs or None)


def demande_accuse(demande) -> None:
    """To the person who asked to join: we received it, here is what happens next."""
    send_templated(
        "emails/vitrine_demande_accuse",
        [demande.contact_email],
        {"demande": demande, "lien_themes": _lien("vitrine:themes")},
        reply_to=[settings.EQUIPE_EMAIL],
    )


def demande_equipe(demande) -> None:
    send_templated(
        "emails/vitrine_demande_equipe",
        [settings.EQUIPE_EMAIL],
        {"demande": demande, "lien": _lien("vitrine:demande", pk=demande.pk)},
        reply_to=[demande.contact_email],
    )


def temoignage_a_relire(temoignage) -> None:
    from parcours.models import Membre

    pilotes = (
        Membre.objects.actifs()
        .pilotes()
        .filter(organisation=temoignage.organisation_id, personne__is_active=True)
        .select_related("personne")
    )
    lien = _lien("vitrine:temoignage_relecture", pk=temoignage.pk)
    vus = set()
    for membre in pilotes:
        if membre.personne_id in vus:
            continue
        vus.add(membre.personne_id)
        send_templated(
            "emails/vitrine_temoignage_relire",
            [membre.personne.email],
            {"temoignage": temoignage, "personne": membre.personne, "lien": lien},
            reply_to=[settings.EQUIPE_EMAIL],
        )


def temoignage_relu(temoignage) -> None:
    send_templated(
        "emails/vitrine_temoignage_relu",
        [settings.EQUIPE_EMAIL],
        {
            "temoignage": temoignage,
            "lien": _lien("vitrine:temoignage_modifier", pk=temoignage.pk),
        },
    )


def ressource_proposee(ressource) -> None:
    send_templated(
        "emails/vitrine_ressource_proposee",
        [settings.EQUIPE_EMAIL],
        {"ressource": ressource, "lien": _lien("vitrine:ressource", pk=ressource.pk)},
    )
