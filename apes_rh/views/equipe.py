from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from ..cache import memoiser
from ..financements import lignes_en_alerte
from ..forms import InvitationForm
from ..models import Invitation, User
from ..navigation import LIENS_EQUIPE, PANNEAUX_EQUIPE
from ..perms import rule_required
from ..services import invitation_renvoyer, personne_inviter


@rule_required("equipe")
def tableau(request):
    # The whole team sees the same dashboard: computed once per version of the data (and per
    # day, for "upcoming" sessions).
    donnees = memoiser(f"tableau_equipe:{timezone.localdate()}", _donnees_tableau)
    elements = donnees.pop("elements_panneaux")
    return render(
        request,
        "apes_rh/equipe/tableau.html",
        {
            **donnees,
            "liens": LIENS_EQUIPE,
            "panneaux": list(zip(PANNEAUX_EQUIPE, elements, strict=True)),
        },
    )


def _donnees_tableau() -> dict:
    from parcours.models import Organisation, Parcours, Seance

    return {
        "chiffres": {
            "organisations": Organisation.objects.actives().count(),
            "parcours": Parcours.objects.count(),
            "seances_a_venir": Seance.objects.a_venir().count(),
            "personnes": User.objects.filter(is_active=True).count(),
        },
        "invitations": list(
            Invitation.objects.en_attente().select_related("personne", "invitee_par")[:10]
        ),
        "prochaines": list(
            Seance.objects.a_venir()
            .select_related("parcours", "communaute")
            .order_by("date", "heure_debut", "pk")
            .annotate(inscrits=Count("participations", filter=Q(participations__statut="inscrit")))[
                :10
            ]
        ),
        "elements_panneaux": [list(p.elements()) for p in PANNEAUX_EQUIPE],
        "lignes_en_alerte": lignes_en_alerte(),
    }


@rule_required("equipe")
def inviter(request):
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user, _ = personne_inviter(
            email=data["email"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            invitee_par=request.user,
            message=data["message"],
            equipe=data["equipe"],
            financeur=data["financeur"],
        )
        messages.success(request, f"Invitation envoyée à {user.email}.")
        return redirect("equipe_invitations")
    return render(request, "apes_rh/equipe/inviter.html", {"form": form})


@rule_required("equipe")
def invitations(request):
    qs = Invitation.objects.select_related("personne", "invitee_par")
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(request, "apes_rh/equipe/invitations.html", {"page": page})


@rule_required("equipe")
@require_POST
def invitation_relancer(request, pk):
    invitation = get_object_or_404(Invitation.objects.en_attente(), pk=pk)
    invitation_renvoyer(invitation=invitation)
    messages.success(request, f"Invitation renvoyée à {invitation.personne.email}.")
    return redirect("equipe_invitations")
