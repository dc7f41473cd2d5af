from django.shortcuts import render

from apes_rh.perms import rule_required

from .models import Accompagnateur, DemiJournee


@rule_required("espace.accompagnateur")
def tableau(request):
    """A coach's dashboard: their profile and their latest recorded half-days."""
    profil = Accompagnateur.objects.prefetch_related("specialites").get(user=request.user)
    dernieres = DemiJournee.objects.filter(accompagnateur=profil).select_related(
        "organisation", "thematique"
    )[:10]
    return render(
        request, "accompagnateurs/tableau.html", {"profil": profil, "dernieres": dernieres}
    )
