from django.http import HttpResponseBadRequest
from django.shortcuts import redirect
from django.urls import reverse

from .roles import Role, has_role


class StaffMfaRequiredMiddleware:
    """allauth has no "MFA required" switch: staff without TOTP are sent to set it up.

    Staff = admin access or chargée de mission. They may still reach the MFA pages,
    logout and static files, so they can comply.
    """

    allowed_prefixes = ("/comptes/", "/static/", "/healthz", "/media/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and (user.is_staff or has_role(user, Role.CHARGEE))
            and not request.path.startswith(self.allowed_prefixes)
            and not _has_totp(user)
        ):
            return redirect(f"{reverse('mfa_activate_totp')}?next={request.path}")
        return self.get_response(request)


def _has_totp(user) -> bool:
    cached = getattr(user, "_apes_has_totp", None)
    if cached is None:
        from allauth.mfa.models import Authenticator

        cached = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        user._apes_has_totp = cached
    return cached


class RejectNulBytesMiddleware:
    """A NUL byte in a query string can never be stored or searched (PostgreSQL refuses it in
    text): answer 400 with a French message instead of a server error deep in a filter.
    Forms already refuse it field by field (Django's ProhibitNullCharactersValidator)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if (
            "\x00" in query
            or "%00" in query
            or any("\x00" in v for vs in request.GET.lists() for v in vs[1])
        ):
            return HttpResponseBadRequest("Requête invalide : caractère nul interdit.")
        return self.get_response(request)
