"""Pagination shared by the apps' lists (templates/components/pagination.html).

`querystring_sans_page` keeps the filters in the links to other pages; `page_en_cache` serves one
page of a list from the cache, once per version of the data (apes_rh.cache), rebuilt as a real
`Page` so the pagination component cannot tell the difference.
"""

from django.core.paginator import Page, Paginator

from .cache import memoiser

# A page number longer than this is no page number: it must not make a new cache key each time.
LONGUEUR_NUMERO = 12


def querystring_sans_page(request, param: str = "page") -> str:
    """The request's parameters without the page number, for the pagination links."""
    params = request.GET.copy()
    params.pop(param, None)
    return params.urlencode()


def numero_de_page(request, param: str = "page") -> str:
    """The page asked for, as the cache key and the paginator both read it."""
    return request.GET.get(param, "")[:LONGUEUR_NUMERO]


def page_a_garder(qs, numero, par_page: int) -> dict:
    """One page of `qs` as plain data, to be cached inside a larger value: see `page_gardee`."""
    page = Paginator(qs, par_page).get_page(numero)
    return {
        "objets": list(page.object_list),
        "nombre": page.paginator.count,
        "numero": page.number,
        "par_page": par_page,
    }


def page_gardee(donnees: dict) -> Page:
    """The `Page` of what `page_a_garder` kept (its rows, its place among the others)."""
    page = Paginator(range(donnees["nombre"]), donnees["par_page"]).page(donnees["numero"])
    page.object_list = donnees["objets"]
    return page


def page_en_cache(request, cle: str, qs, par_page: int) -> Page:
    """The requested page of `qs`, computed once per version of the data. `cle` must name
    everything `qs` depends on (filters, and the person when the list is theirs)."""
    numero = numero_de_page(request)
    return page_gardee(memoiser(f"{cle}:{numero}", lambda: page_a_garder(qs, numero, par_page)))
