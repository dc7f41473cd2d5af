"""The funder's space: its perimeter's dashboard (figures, charts, organisation names only),
period selection, exports and the PDF report (apes_rh/rapports)."""

from django.shortcuts import render

from ..perms import rule_required


@rule_required("espace.financeur")
def tableau(request):
    from ..rapports.views.tableau import contexte_tableau

    contexte = contexte_tableau(request, espace_financeur=True)
    contexte["espace_financeur"] = True
    return render(request, "apes_rh/financeur/tableau.html", contexte)
