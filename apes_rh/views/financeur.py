"""The funder's space: its perimeter's dashboard (figures, charts, organisation names only),
period selection, exports and the PDF report (apes_rh/rapports), and the ledger of its own
funding lines."""

from django.shortcuts import render
from django.utils import timezone

from ..cache import memoiser
from ..financements import grand_livre
from ..models import Financement
from ..perms import rule_required

LIGNES_AFFICHEES = 50  # a funder has a handful of lines a year: the page stays bounded


@rule_required("espace.financeur")
def tableau(request):
    from ..rapports.views.tableau import contexte_tableau

    contexte = contexte_tableau(request, espace_financeur=True)
    contexte["espace_financeur"] = True
    # Only its own lines, never "non imputé" (which may hold other funders' activity).
    financeur_id = request.user.financeur_id
    contexte["livre"] = memoiser(
        f"livre_financeur:{financeur_id}:{timezone.localdate()}",
        lambda: grand_livre(
            list(Financement.objects.filter(financeur_id=financeur_id)[:LIGNES_AFFICHEES])
        ),
    )
    return render(request, "apes_rh/financeur/tableau.html", contexte)
