"""Writes of the core: inviting people."""

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from . import emails
from .models import Invitation, User


def invitation_link(user: User) -> str:
    key = default_token_generator.make_token(user)
    path = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(user), "key": key},
    )
    return settings.SITE_URL.rstrip("/") + path


@transaction.atomic
def personne_inviter(
    *,
    email: str,
    first_name: str = "",
    last_name: str = "",
    invitee_par: User | None = None,
    message: str = "",
    **fields,
) -> tuple[User, Invitation]:
    """Register a person (or reuse the existing account) and e-mail them a link to set a password.

    No password is ever mailed. The e-mail leaves only once the transaction commits.
    """
    email = User.objects.normalize_email(email).lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email, first_name=first_name, last_name=last_name, **fields
        )
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
    else:
        changed = [f for f, v in fields.items() if v and getattr(user, f) != v]
        for f in changed:
            setattr(user, f, fields[f])
        if changed:
            user.save(update_fields=changed)
    invitation = Invitation.objects.create(
        personne=user, invitee_par=invitee_par, message=message, envoyee_le=timezone.now()
    )
    if not user.has_usable_password():
        link = invitation_link(user)
        transaction.on_commit(lambda: emails.send_invitation(invitation, link))
    else:
        # Already has an account: tell them what changed, with a link to log in.
        login = settings.SITE_URL.rstrip("/") + reverse("account_login")
        transaction.on_commit(lambda: emails.send_invitation(invitation, login))
        invitation.acceptee_le = timezone.now()
        invitation.save(update_fields=["acceptee_le"])
    return user, invitation


def invitation_renvoyer(*, invitation: Invitation) -> None:
    link = invitation_link(invitation.personne)
    invitation.envoyee_le = timezone.now()
    invitation.save(update_fields=["envoyee_le"])
    transaction.on_commit(lambda: emails.send_invitation(invitation, link))
