"""What every report page needs: who asks, for which period and perimeter."""

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.db.models import Min
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ...models import Financeur, RapportGenere, Territoire
from ...perms import is_equipe, require
from ..forms import FiltreForm, perimetre_pour
from ..perimetre import Perimetre
from ..perms import est_financeur


@dataclass
class Filtres:
    form: FiltreForm
    du: dt.date
    au: dt.date
    perimetre: Perimetre
    financeur: Financeur | None
    territoire: Territoire | None
    equipe: bool

    def _perimetre_param(self) -> dict:
        # Always given, so that a team member coming from a funder's space keeps its view
        # (a funder's own perimeter is enforced whatever this parameter says).
        if self.financeur is not None:
            return {"perimetre": f"f{self.financeur.pk}"}
        if self.territoire is not None:
            return {"perimetre": f"t{self.territoire.pk}"}
        return {}

    @property
    def valeur_perimetre(self) -> str:
        return self._perimetre_param().get("perimetre", "")

    @property
    def querystring(self) -> str:
        return urlencode(
            {"du": self.du.isoformat(), "au": self.au.isoformat(), **self._perimetre_param()}
        )

    def annees(self) -> list[dict]:
        """Shortcuts: each calendar year from the first data to this year."""
        premiere = self.form.defaut["du"].year
        derniere = timezone.localdate().year
        return [
            {
                "annee": annee,
                "querystring": urlencode(
                    {**self._perimetre_param(), "du": f"{annee}-01-01", "au": f"{annee}-12-31"}
                ),
                "active": self.du == dt.date(annee, 1, 1) and self.au == dt.date(annee, 12, 31),
            }
            for annee in range(premiere, derniere + 1)
        ]


def debut_des_donnees() -> dt.date:
    """1 January of the first year with a parcours or a session (2 queries)."""
    from parcours.models import Parcours, Seance

    dates = [
        Parcours.objects.aggregate(d=Min("debut"))["d"],
        Seance.objects.aggregate(d=Min("date"))["d"],
    ]
    dates = [d for d in dates if d]
    premiere = min(dates) if dates else timezone.localdate()
    return premiere.replace(month=1, day=1)


def filtres(request, *, espace_financeur: bool = False) -> Filtres:
    """The period and perimeter of the request: the team chooses any perimeter, a funder's
    contact always gets its funder's perimeter (whatever the query string says). In the
    funder's space, a person who is also in the team sees the funder's perimeter."""
    user = request.user
    equipe = is_equipe(user) and not espace_financeur
    if not equipe and not est_financeur(user):
        raise PermissionDenied
    donnees = request.GET if ("du" in request.GET or "au" in request.GET) else None
    if request.method == "POST":
        donnees = request.POST
    form = FiltreForm(donnees, equipe=equipe, defaut_du=debut_des_donnees())
    du, au = form.periode()
    if equipe:
        financeur, territoire = form.choix_perimetre()
    else:
        financeur = Financeur.objects.prefetch_related("territoires").get(pk=user.financeur_id)
        territoire = None
    return Filtres(
        form=form,
        du=du,
        au=au,
        perimetre=perimetre_pour(financeur, territoire),
        financeur=financeur,
        territoire=territoire,
        equipe=equipe,
    )


def rapport_visible(request, pk) -> RapportGenere:
    """A generated report the user may see (404 otherwise: they may not know it exists)."""
    rapport = get_object_or_404(
        RapportGenere.objects.select_related("financeur", "territoire", "demande_par"), pk=pk
    )
    require(request.user, "rapport.voir", rapport, hide=True)
    return rapport
