"""Small helpers shared by the views of the app."""

from django.core.paginator import Paginator
from django.http import HttpResponseNotAllowed

from apes_rh.pagination import querystring_sans_page


def paginer(request, queryset, par_page: int = 25) -> dict:
    """`page` and `querystring_sans_page` for templates/components/pagination.html."""
    page = Paginator(queryset, par_page).get_page(request.GET.get("page"))
    return {"page": page, "querystring_sans_page": querystring_sans_page(request)}


def post_seulement(request):
    """After the access checks (so outsiders still get 404/403): POST only."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return None


def erreurs_en_formulaire(form, exc) -> None:
    """Attach a service's ValidationError to the form (per field when it names one)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
