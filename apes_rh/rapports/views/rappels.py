"""Reminder preferences (everyone) and the team's view of what was sent."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django_celery_beat.models import PeriodicTask

from ... import rappels
from ...models import EnvoiRappel, PreferenceRappel
from ...perms import rule_required
from ..forms import PreferencesForm


@rule_required("rappels.preferences")
def preferences(request):
    types = rappels.types_pour(request.user)
    actuelles = dict(
        PreferenceRappel.objects.filter(personne=request.user).values_list("type", "recevoir")
    )
    form = PreferencesForm(
        request.POST if request.method == "POST" else None, types=types, actuelles=actuelles
    )
    if request.method == "POST" and form.is_valid():
        for t in types:
            PreferenceRappel.objects.update_or_create(
                personne=request.user, type=t.code, defaults={"recevoir": form.cleaned_data[t.code]}
            )
        messages.success(request, "Vos préférences de rappels sont enregistrées.")
        return redirect("rapports:preferences_rappels")
    return render(request, "rapports/preferences.html", {"form": form, "types": types})


@rule_required("rappels.suivre")
def suivi(request):
    qs = EnvoiRappel.objects.select_related("destinataire")
    type_ = request.GET.get("type", "")
    if type_ in rappels.TYPES:
        qs = qs.filter(type=type_)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    taches = PeriodicTask.objects.select_related("crontab", "interval").order_by("name")
    libelles = {code: t.libelle for code, t in rappels.TYPES.items()}
    for envoi in page.object_list:
        envoi.libelle = libelles.get(envoi.type, envoi.type)
    return render(
        request,
        "rapports/rappels.html",
        {
            "page": page,
            "taches": taches,
            "types": rappels.types_actifs(),
            "type_choisi": type_,
            "resume": rappels.resume_envois(EnvoiRappel.objects.all()),
            "querystring_sans_page": f"type={type_}" if type_ else "",
        },
    )
