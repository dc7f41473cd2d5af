from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.conf import settings


class AccountAdapter(DefaultAccountAdapter):
    """People join by invitation from the team or their pilot: no open sign-up."""

    def is_open_for_signup(self, request):
        return getattr(settings, "ACCOUNT_ALLOW_SIGNUP", False)

    def clean_email(self, email):
        # Django's validator accepts some Unicode domains (bidi marks, for instance) that cannot
        # be encoded for SMTP; allauth would then fail while mailing the "unknown account" notice.
        email = super().clean_email(email)
        domaine = email.rpartition("@")[2]
        try:
            domaine.encode("idna")
        except UnicodeError:
            raise forms.ValidationError(
                "Cette adresse e-mail contient des caractères invalides.", code="invalid"
            ) from None
        return email
