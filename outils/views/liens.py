"""The page behind each button of the pilots' weekly e-mail (outils/liens.py).

Public on purpose: the signed token is the credential, for that one change only. GET shows
what would change and a form; only the POST of that form changes anything.
"""

from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from .. import liens
from ..models import LienAction

STATUTS = {
    liens.VALIDE: 200,
    liens.UTILISE: 410,
    liens.EXPIRE: 410,
    liens.SUPPRIMEE: 410,
    liens.PLUS_PILOTE: 403,
}


def _page(request, gabarit: str, contexte: dict, status: int = 200):
    reponse = render(request, gabarit, contexte, status=status)
    # Out of search engines, and the token never leaves in a Referer header.
    reponse["X-Robots-Tag"] = "noindex, nofollow"
    reponse["Referrer-Policy"] = "no-referrer"
    return reponse


@login_not_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def lien_action(request, jeton):
    try:
        lien = liens.lien_trouver(jeton)
    except LienAction.DoesNotExist:
        raise Http404 from None
    etat = liens.lien_etat(lien)
    if request.method == "POST" and etat == liens.VALIDE:
        apercu = liens.lien_apercu(lien)
        try:
            liens.lien_utiliser(lien=lien)
        except liens.LienRefuse as refus:
            etat = refus.etat
            lien.refresh_from_db()
        else:
            return _page(request, "outils/liens/fait.html", {"lien": lien, "changements": apercu})
    contexte = {
        "lien": lien,
        "etat": etat,
        "changements": liens.lien_apercu(lien) if etat == liens.VALIDE else [],
        "lien_action": (
            reverse(
                "outils:action",
                kwargs={"pk": lien.organisation_id, "action_pk": lien.action_id},
            )
            if lien.action_id
            else None
        ),
    }
    return _page(request, "outils/liens/lien.html", contexte, status=STATUTS[etat])
