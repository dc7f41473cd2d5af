from .navigation import LIENS_PUBLICS, spaces_for


def navigation(request):
    user = getattr(request, "user", None)
    return {
        "espaces": spaces_for(user) if user is not None else [],
        "liens_publics": LIENS_PUBLICS,
    }
