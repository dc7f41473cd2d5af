"""The pilots' weekly e-mail of due actions (reminder kind `ACTIONS_PILOTES`).

Every Monday (Tuesday catches up a missed run), each current pilot and co-pilot of an
organisation receives one e-mail listing its open actions that are overdue or due within
the week, each with its three buttons (outils/liens.py). Nothing due: no e-mail. The
occasion is the ISO week and the organisation, so `apes_rh.rappels.envoyer` sends it once
and respects the person's preferences.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from apes_rh.rappels import Envoi, lien_absolu
from parcours.models import Membre

from .liens import liens_creer, report_d_un_mois
from .models import Action

HORIZON = dt.timedelta(days=7)
MAX_ACTIONS = 25  # beyond, the e-mail sends to the plan rather than growing without end


@dataclass
class Ligne:
    action: Action
    liens: dict
    report: dt.date
    en_retard: bool


class LignesActions:
    """The e-mail's actions with their links, created when the e-mail is first rendered:
    only an e-mail that actually leaves gets links (an opted-out person, or a second run of
    the task, creates none)."""

    def __init__(self, destinataire, actions: list[Action], aujourdhui: dt.date):
        self.destinataire = destinataire
        self.actions = actions
        self.aujourdhui = aujourdhui
        self._lignes: list[Ligne] | None = None

    def _charger(self) -> list[Ligne]:
        if self._lignes is None:
            liens = liens_creer(destinataire=self.destinataire, actions=self.actions)
            self._lignes = [
                Ligne(
                    action=a,
                    liens=liens[a.pk],
                    report=report_d_un_mois(a.echeance),
                    en_retard=a.echeance < self.aujourdhui,
                )
                for a in self.actions
            ]
        return self._lignes

    def __iter__(self):
        return iter(self._charger())

    def __len__(self):
        return len(self.actions)


def collecter_actions_pilotes(aujourdhui: dt.date) -> list[Envoi]:
    """Two queries whatever the number of organisations, actions and pilots."""
    actions = (
        Action.objects.ouvertes()
        .filter(echeance__lte=aujourdhui + HORIZON)
        .select_related("plan__organisation", "responsable")
        .order_by("plan__organisation_id", "echeance", "priorite", "pk")
    )
    par_organisation: dict[int, list[Action]] = defaultdict(list)
    for action in actions:
        par_organisation[action.plan.organisation_id].append(action)
    if not par_organisation:
        return []
    pilotes = (
        Membre.objects.actifs(aujourdhui)
        .pilotes()
        .filter(organisation_id__in=par_organisation, personne__is_active=True)
        .select_related("personne")
        .order_by("organisation_id", "pk")
    )
    annee, semaine, _ = aujourdhui.isocalendar()
    envois = []
    deja = set()
    for membre in pilotes:
        if (membre.organisation_id, membre.personne_id) in deja:
            continue  # pilot and co-pilot rows at once: one e-mail
        deja.add((membre.organisation_id, membre.personne_id))
        dues = par_organisation[membre.organisation_id]
        organisation = dues[0].plan.organisation
        listees = dues[:MAX_ACTIONS]
        envois.append(
            Envoi(
                destinataire=membre.personne,
                occasion=f"semaine-{annee}-W{semaine:02d}-organisation-{organisation.pk}",
                gabarit="emails/actions_pilotes",
                contexte={
                    "organisation": organisation,
                    "lignes": LignesActions(membre.personne, listees, aujourdhui),
                    "nombre": len(dues),
                    "en_retard": sum(a.echeance < aujourdhui for a in dues),
                    "autres": len(dues) - len(listees),
                    "lien_plan": lien_absolu("outils:plan", pk=organisation.pk),
                },
            )
        )
    return envois
