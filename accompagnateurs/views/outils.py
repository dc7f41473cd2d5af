"""Small helpers shared by the views of the app."""

from django.core.paginator import Paginator


def paginer(request, qs, par_page=25):
    page = Paginator(qs, par_page).get_page(request.GET.get("page"))
    return page, querystring_sans_page(request)


def querystring_sans_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def ip_de(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "inconnue"
