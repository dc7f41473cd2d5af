from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render

from ..cache import en_cache_pour_anonymes
from ..navigation import spaces_for


@login_not_required
@en_cache_pour_anonymes
def accueil(request):
    """The public vitrine, for everyone; logged-in people get a "Mon espace" button."""
    from outils.vitrine.accueil import contexte_accueil

    return render(request, "apes_rh/accueil.html", contexte_accueil(request))


def tableau_de_bord(request):
    """Sends each person to the space of their main role."""
    espaces = spaces_for(request.user)
    if espaces:
        return redirect(espaces[0].url)
    return render(request, "apes_rh/sans_espace.html")
