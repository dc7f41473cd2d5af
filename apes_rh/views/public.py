from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render

from ..navigation import spaces_for


@login_not_required
def accueil(request):
    """Public home; people who are logged in go straight to their space."""
    if request.user.is_authenticated:
        return redirect("tableau_de_bord")
    return render(request, "apes_rh/accueil.html")


def tableau_de_bord(request):
    """Sends each person to the space of their main role."""
    espaces = spaces_for(request.user)
    if espaces:
        return redirect(espaces[0].url)
    return render(request, "apes_rh/sans_espace.html")
