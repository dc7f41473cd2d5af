"""A person's data: their own export and erasure request; the team's export and anonymisation."""

from django.conf import settings
from django.contrib import messages
from django.core.mail import send_mail
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from ..donnees import personne_anonymiser, personne_export_json
from ..forms import AnonymisationForm, RechercheForm
from ..models import User
from ..pagination import querystring_sans_page
from ..perms import rule_required
from ..roles import roles_of


def _json_download(personne) -> HttpResponse:
    response = HttpResponse(personne_export_json(personne), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="donnees-personne-{personne.pk}.json"'
    return response


@rule_required("compte")
def mes_donnees(request):
    return render(request, "apes_rh/donnees/mes_donnees.html")


@rule_required("compte")
def mes_donnees_export(request):
    return _json_download(request.user)


@rule_required("compte")
@require_POST
def mes_donnees_effacement(request):
    user = request.user
    send_mail(
        "[Démarche progrès RH] Demande d'effacement de données",
        f"{user} ({user.email}) demande l'effacement de ses données.\n"
        f"Fiche : {settings.SITE_URL.rstrip('/')}/equipe/personnes/{user.pk}/",
        settings.DEFAULT_FROM_EMAIL,
        [settings.EQUIPE_EMAIL],
    )
    messages.success(
        request, "Votre demande a été transmise à l'équipe, qui vous répondra sous un mois."
    )
    return redirect("mes_donnees")


@rule_required("equipe")
def personnes(request):
    form = RechercheForm(request.GET or None)
    qs = User.objects.filter(anonymise_le__isnull=True).order_by("last_name", "first_name")
    if form.is_valid() and form.cleaned_data["q"]:
        q = form.cleaned_data["q"]
        qs = qs.filter(
            Q(email__icontains=q) | Q(first_name__icontains=q) | Q(last_name__icontains=q)
        )
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "apes_rh/donnees/personnes.html",
        {"form": form, "page": page, "querystring_sans_page": querystring_sans_page(request)},
    )


@rule_required("equipe")
def personne(request, pk):
    personne = get_object_or_404(User, pk=pk)
    return render(
        request,
        "apes_rh/donnees/personne.html",
        {
            "personne": personne,
            "roles": sorted(r.label for r in roles_of(personne)),
            "form": AnonymisationForm(),
        },
    )


@rule_required("equipe")
def personne_export(request, pk):
    return _json_download(get_object_or_404(User, pk=pk))


@rule_required("equipe")
@require_POST
def personne_anonymisation(request, pk):
    personne = get_object_or_404(User, pk=pk, anonymise_le__isnull=True)
    form = AnonymisationForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "apes_rh/donnees/personne.html",
            {
                "personne": personne,
                "roles": sorted(r.label for r in roles_of(personne)),
                "form": form,
            },
            status=400,
        )
    if personne == request.user:
        messages.error(request, "Vous ne pouvez pas effacer votre propre compte ici.")
        return redirect("equipe_personne", pk=pk)
    personne_anonymiser(personne=personne, par=request.user)
    messages.success(request, "Les données de la personne ont été effacées (anonymisées).")
    return redirect("equipe_personnes")
