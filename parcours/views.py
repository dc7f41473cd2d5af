from django.shortcuts import render

from apes_rh.perms import rule_required

from .models import Membre, Participation


@rule_required("espace.membre")
def mon_espace(request):
    """A member's dashboard: their organisations and their next sessions."""
    adhesions = (
        Membre.objects.actifs()
        .filter(personne=request.user)
        .select_related("organisation", "organisation__territoire")
    )
    prochaines = (
        Participation.objects.filter(personne=request.user, seance__date__gte=_today())
        .select_related("seance")
        .order_by("seance__date")[:10]
    )
    return render(
        request, "parcours/mon_espace.html", {"adhesions": adhesions, "prochaines": prochaines}
    )


def _today():
    from django.utils import timezone

    return timezone.localdate()
