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
