"""One function per kind of e-mail; each has _subject.txt, _body.txt and _body.html templates."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def send_templated(
    template_prefix: str,
    to: list[str],
    context: dict,
    *,
    attachments: list[tuple[str, bytes, str]] = (),
    reply_to: list[str] | None = None,
) -> None:
    context = {"site_url": settings.SITE_URL.rstrip("/"), **context}
    subject = render_to_string(f"{template_prefix}_subject.txt", context)
    subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split())
    text = render_to_string(f"{template_prefix}_body.txt", context)
    html = render_to_string(f"{template_prefix}_body.html", context)
    message = EmailMultiAlternatives(
        subject, text, settings.DEFAULT_FROM_EMAIL, to, reply_to=reply_to
    )
    message.attach_alternative(html, "text/html")
    for name, content, mimetype in attachments:
        message.attach(name, content, mimetype)
    message.send()


def send_invitation(invitation, link: str) -> None:
    send_templated(
        "emails/invitation",
        [invitation.personne.email],
        {"invitation": invitation, "personne": invitation.personne, "lien": link},
    )
