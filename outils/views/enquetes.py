"""Follow-up surveys: the organisation's list, the answer page, the team's reading list."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render

from apes_rh.perms import rule_required

from ..enquetes import EnqueteDejaRepondue, actions_proposees, enquete_repondre
from ..forms_enquetes import ReponseEnqueteForm
from ..models import Action, EnqueteSuivi
from .base import contexte, espace_view, paginer

ORIGINES = ("inscription__parcours", "mission__thematique")


def _actions_prefetch():
    return Prefetch("actions_poursuivies", queryset=Action.objects.order_by("titre", "pk"))


@espace_view(droit="enquetes", cacher=True)
def enquetes(request, organisation):
    """The organisation's surveys, waiting or answered (pilots and the team)."""
    qs = (
        EnqueteSuivi.objects.de_organisation(organisation)
        .select_related("repondue_par", *ORIGINES)
        .order_by("-envoyee_le", "-pk")
    )
    page, querystring = paginer(request, qs)
    return render(
        request,
        "outils/enquetes.html",
        contexte(request, "enquetes", page=page, querystring_sans_page=querystring),
    )


@espace_view(droit="enquetes", cacher=True, methodes=("GET", "HEAD", "POST"))
def enquete(request, organisation, enquete_pk):
    """Pilots and co-pilots answer once; afterwards (and for the team) the answers show."""
    enquete = get_object_or_404(
        EnqueteSuivi.objects.select_related("repondue_par", *ORIGINES).prefetch_related(
            _actions_prefetch()
        ),
        pk=enquete_pk,
        organisation=organisation,
    )
    peut_repondre = request.droits.pilote and not enquete.est_repondue
    form = None
    if request.method == "POST":
        if not request.droits.pilote:
            raise PermissionDenied  # the team reads, the pilots answer
        if enquete.est_repondue:
            messages.info(request, "Cette enquête a déjà reçu une réponse : la voici.")
            return redirect("outils:enquete", pk=organisation.pk, enquete_pk=enquete.pk)
        form = ReponseEnqueteForm(request.POST, actions=actions_proposees(organisation))
        if form.is_valid():
            try:
                enquete_repondre(
                    enquete=enquete,
                    personne=request.user,
                    ce_qui_a_change=form.cleaned_data["ce_qui_a_change"],
                    actions=list(form.cleaned_data["actions_poursuivies"]),
                    utilite=form.cleaned_data["utilite"],
                )
            except EnqueteDejaRepondue:
                messages.info(request, "Cette enquête a déjà reçu une réponse : la voici.")
            else:
                messages.success(request, "Merci ! Votre réponse est enregistrée.")
            return redirect("outils:enquete", pk=organisation.pk, enquete_pk=enquete.pk)
    elif peut_repondre:
        form = ReponseEnqueteForm(actions=actions_proposees(organisation))
    return render(
        request,
        "outils/enquete.html",
        contexte(request, "enquetes", enquete=enquete, form=form),
    )


@rule_required("outils.enquetes.equipe")
def enquetes_equipe(request):
    """The team reads the organisations' answers (never shown to funders)."""
    attente = request.GET.get("etat") == "attente"
    qs = EnqueteSuivi.objects.en_attente() if attente else EnqueteSuivi.objects.repondues()
    qs = (
        qs.select_related("organisation", "repondue_par", *ORIGINES)
        .prefetch_related(_actions_prefetch())
        .order_by("-repondue_le" if not attente else "-envoyee_le", "-pk")
    )
    page, querystring = paginer(request, qs)
    return render(
        request,
        "outils/enquetes_equipe.html",
        {
            "page": page,
            "querystring_sans_page": querystring,
            "attente": attente,
            "nb_repondues": EnqueteSuivi.objects.repondues().count(),
            "nb_attente": EnqueteSuivi.objects.en_attente().count(),
        },
    )
