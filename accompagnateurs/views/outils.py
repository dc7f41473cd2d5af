"""Small helpers shared by the views of the app."""

from django.core.paginator import Paginator

from apes_rh.pagination import querystring_sans_page


def paginer(request, qs, par_page=25):
    page = Paginator(qs, par_page).get_page(request.GET.get("page"))
    return page, querystring_sans_page(request)


def ip_de(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "inconnue"
