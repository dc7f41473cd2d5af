"""Funding lines: the team manages them and sees every ledger; a funder's contact sees the
ledger of its own funder's lines only (another funder's line: 404)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render

from ..financements import compte_de, grand_livre
from ..forms import FinancementForm
from ..models import Financement
from ..perms import require, rule_required


def _lignes():
    return Financement.objects.prefetch_related("territoires")  # the manager joins the funder


@rule_required("equipe")
def liste(request):
    page = Paginator(Financement.objects.all(), 25).get_page(request.GET.get("page"))
    livre = grand_livre(list(page), non_impute=True)
    return render(
        request,
        "apes_rh/financements/liste.html",
        {"page": page, "livre": livre},
    )


def _enregistrer(request, instance=None):
    form = FinancementForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        financement = form.save()
        messages.success(request, f"Ligne de financement « {financement} » enregistrée.")
        return redirect("financement_grand_livre", pk=financement.pk)
    return render(
        request, "apes_rh/financements/formulaire.html", {"form": form, "financement": instance}
    )


@rule_required("equipe")
def creer(request):
    return _enregistrer(request)


@rule_required("equipe")
def modifier(request, pk):
    return _enregistrer(request, get_object_or_404(Financement, pk=pk))


@rule_required("compte")
def grand_livre_ligne(request, pk):
    financement = get_object_or_404(_lignes(), pk=pk)
    require(request.user, "financement.voir", financement, hide=True)
    return render(
        request,
        "apes_rh/financements/grand_livre.html",
        {"financement": financement, "compte": compte_de(financement)},
    )
