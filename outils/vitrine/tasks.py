"""Celery tasks of the vitrine: thin, they load by id and call a service or send an e-mail.

Registered through `outils/vitrine/models.py` (Celery's autodiscovery only imports
`outils.tasks`).
"""

from celery import shared_task


@shared_task(name="vitrine.demande_notifier")
def demande_notifier(demande_pk: int) -> None:
    """Acknowledge a request to join, and tell the team, once (recorded on the request)."""
    from django.db import transaction
    from django.utils import timezone

    from . import emails
    from .models import DemandeAdhesion

    with transaction.atomic():
        demande = (
            DemandeAdhesion.objects.select_for_update()
            .filter(pk=demande_pk, accuse_envoye_le__isnull=True)
            .first()
        )
        if demande is None:
            return
        demande.accuse_envoye_le = timezone.now()
        demande.save(update_fields=["accuse_envoye_le"])
    emails.demande_accuse(demande)
    emails.demande_equipe(demande)


@shared_task(name="vitrine.temoignage_notifier_pilotes")
def temoignage_notifier_pilotes(temoignage_pk: int) -> None:
    from . import emails
    from .models import Temoignage

    temoignage = Temoignage.objects.select_related("organisation").filter(pk=temoignage_pk).first()
    if temoignage is not None:
        emails.temoignage_a_relire(temoignage)


@shared_task(name="vitrine.temoignage_notifier_equipe")
def temoignage_notifier_equipe(temoignage_pk: int) -> None:
    from . import emails
    from .models import Temoignage

    temoignage = (
        Temoignage.objects.select_related("organisation", "valide_par", "redige_par")
        .filter(pk=temoignage_pk)
        .first()
    )
    if temoignage is not None:
        emails.temoignage_relu(temoignage)


@shared_task(name="vitrine.ressource_notifier_equipe")
def ressource_notifier_equipe(ressource_pk: int) -> None:
    from . import emails
    from .models import Ressource

    ressource = Ressource.objects.select_related("cree_par").filter(pk=ressource_pk).first()
    if ressource is not None:
        emails.ressource_proposee(ressource)


@shared_task(name="vitrine.attestation_generer")
def attestation_generer(attestation_pk: int) -> None:
    from .models import Attestation
    from .services import attestation_enregistrer_pdf

    attestation = (
        Attestation.objects.select_related("personne", "module").filter(pk=attestation_pk).first()
    )
    if attestation is not None and not attestation.pdf:
        attestation_enregistrer_pdf(attestation=attestation)
