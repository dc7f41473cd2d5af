"""The platform's URLconf plus the bare reference page of the benchmark."""

from functools import cache

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.template import engines
from django.urls import path

from apes_rh.urls import urlpatterns as app_urlpatterns

_PAGE_NUE = (
    '{% extends "layout/base.html" %}'
    "{% block head_title %}Page de référence{% endblock %}"
    "{% block content %}<h1>Page de référence</h1><p>Gabarit de base seul.</p>{% endblock %}"
)


@cache
def _gabarit():
    return engines["django"].from_string(_PAGE_NUE)


@login_not_required
def page_nue(request):
    """What every page costs at least: the middleware stack and the base layout, no data."""
    return HttpResponse(_gabarit().render({}, request))


urlpatterns = [path("__bench__/nue/", page_nue, name="bench_page_nue"), *app_urlpatterns]
