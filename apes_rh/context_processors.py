from .navigation import spaces_for


def navigation(request):
    user = getattr(request, "user", None)
    return {"espaces": spaces_for(user) if user is not None else []}
