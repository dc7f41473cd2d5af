from django.shortcuts import render

from ..perms import rule_required


@rule_required("espace.financeur")
def tableau(request):
    """A funder's dashboard: its perimeter and the parcours it covers (names only)."""
    from parcours.models import Organisation, Parcours

    financeur = request.user.financeur
    territoires = list(financeur.territoires.all())
    parcours = Parcours.objects.filter(territoire__in=territoires).select_related("territoire")
    nb_organisations = Organisation.objects.actives().filter(territoire__in=territoires).count()
    return render(
        request,
        "apes_rh/financeur/tableau.html",
        {
            "financeur": financeur,
            "territoires": territoires,
            "parcours": parcours,
            "nb_organisations": nb_organisations,
        },
    )
