from allauth.account.models import EmailAddress
from allauth.account.signals import password_reset
from django.dispatch import receiver
from django.utils import timezone


@receiver(password_reset)
def accept_invitation(sender, request, user, **kwargs):
    """Setting a password from a link sent to the address proves the address."""
    EmailAddress.objects.filter(user=user, email__iexact=user.email).update(verified=True)
    if not EmailAddress.objects.filter(user=user).exists():
        EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    user.invitations.en_attente().update(acceptee_le=timezone.now())
