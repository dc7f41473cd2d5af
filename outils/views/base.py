"""Loading an organisation's space for the current user, and the view decorator.

Order of checks, everywhere: logged in (middleware) → may know the space (else 404)
→ may do this (else 403) → HTTP method (else 405).
"""

from functools import wraps

from django.core.paginator import Paginator
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404

from apes_rh.pagination import querystring_sans_page
from parcours.models import Organisation

from ..perms import acces

PAR_PAGE = 25


def organisation_visible(request, pk: int):
    organisation = get_object_or_404(Organisation.objects.select_related("territoire"), pk=pk)
    droits = acces(request.user, organisation)
    if not droits.voir:
        raise Http404
    return organisation, droits


def espace_view(*, droit: str = "voir", methodes=("GET", "HEAD"), cacher: bool = False):
    """`droit`: an attribute of perms.Acces (voir, modifier, commenter, voir_avis, enquetes);
    `cacher`: without it, 404 rather than 403 (the page's existence is not to be known)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, pk, *args, **kwargs):
            from django.core.exceptions import PermissionDenied

            organisation, droits = organisation_visible(request, pk)
            if not getattr(droits, droit):
                raise Http404 if cacher else PermissionDenied
            if request.method not in methodes:
                return HttpResponseNotAllowed(methodes)
            request.organisation = organisation
            request.droits = droits
            return view(request, organisation, *args, **kwargs)

        wrapper.access_rule = f"outils.espace.{droit}"
        return wrapper

    return decorator


def contexte(request, onglet: str, **extra) -> dict:
    return {
        "organisation": request.organisation,
        "droits": request.droits,
        "onglet": onglet,
        **extra,
    }


def paginer(request, objets, par_page: int = PAR_PAGE):
    page = Paginator(objets, par_page).get_page(request.GET.get("page"))
    return page, querystring_sans_page(request)
