"""Public pages: the coach directory, profiles, calls for interest and the application form."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render

from apes_rh.cache import en_cache_pour_anonymes
from apes_rh.perms import is_equipe

from .. import services
from ..forms import AnnuaireFiltre, CandidatureForm
from ..models import Accompagnateur, AppelAManifestation
from ..perms import get_profil_for
from .outils import ip_de, paginer


@login_not_required
@en_cache_pour_anonymes
def annuaire(request):
    """Coaches in the pool today; those who left are hidden (they stay in history)."""
    filtre = AnnuaireFiltre(request.GET or None)
    qs = Accompagnateur.objects.pour_annuaire()
    if filtre.is_valid():
        data = filtre.cleaned_data
        if data["q"]:
            qs = qs.filter(
                Q(user__first_name__icontains=data["q"])
                | Q(user__last_name__icontains=data["q"])
                | Q(structure__icontains=data["q"])
            )
        if data["specialite"]:
            qs = qs.filter(specialites=data["specialite"])
        if data["territoire"]:
            qs = qs.filter(territoires=data["territoire"])
    page, querystring = paginer(request, qs.distinct(), 12)
    appel_ouvert = AppelAManifestation.objects.ouverts().order_by("cloture").first()
    return render(
        request,
        "accompagnateurs/annuaire.html",
        {
            "filtre": filtre,
            "page": page,
            "querystring_sans_page": querystring,
            "appel_ouvert": appel_ouvert,
        },
    )


@login_not_required
def profil(request, pk):
    qs = Accompagnateur.objects.select_related("user").prefetch_related(
        "specialites", "thematiques", "territoires"
    )
    coach = get_profil_for(request.user, pk, qs)
    peut_modifier = is_equipe(request.user) or (
        request.user.is_authenticated and coach.user_id == request.user.pk
    )
    return render(
        request,
        "accompagnateurs/profil.html",
        {"coach": coach, "peut_modifier": peut_modifier},
    )


@login_not_required
def appels(request):
    ouverts = AppelAManifestation.objects.ouverts().order_by("cloture")
    return render(request, "accompagnateurs/ami/appels.html", {"appels": ouverts})


@login_not_required
def appel(request, pk):
    """An AMI and its application form (while it is open)."""
    appel = get_object_or_404(AppelAManifestation, pk=pk)
    if not appel.est_ouvert and not is_equipe(request.user):
        return render(request, "accompagnateurs/ami/clos.html", {"appel": appel})
    form = None
    if appel.est_ouvert:
        form = CandidatureForm(request.POST or None, request.FILES or None, appel=appel)
        if request.method == "POST":
            if services.candidature_limite_atteinte(ip=ip_de(request)):
                messages.error(
                    request,
                    "Trop de candidatures envoyées depuis cette connexion. "
                    "Réessayez dans une heure ou écrivez-nous.",
                )
                return render(
                    request,
                    "accompagnateurs/ami/appel.html",
                    {"appel": appel, "form": form},
                    status=429,
                )
            if form.est_un_robot:
                return redirect("accompagnateurs:candidature_merci")
            if form.is_valid():
                data = {k: form.cleaned_data[k] for k in form.Meta.fields}
                specialites = data.pop("specialites")
                territoires = data.pop("territoires")
                services.candidature_deposer(
                    appel=appel,
                    donnees=data,
                    specialites=specialites,
                    territoires=territoires,
                    cv=form.cleaned_data["cv_fichier"],
                )
                return redirect("accompagnateurs:candidature_merci")
    return render(request, "accompagnateurs/ami/appel.html", {"appel": appel, "form": form})


@login_not_required
def candidature_merci(request):
    return render(request, "accompagnateurs/ami/merci.html")
