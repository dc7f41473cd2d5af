"""Demo follow-up surveys (called by outils/demo.py): the organisations of the demo spaces
whose parcours or mission has ended answer their 3- and 6-month surveys, so the team's page
and the reports are not empty. Idempotent: a survey that exists is left as it is."""

import datetime

from django.utils import timezone

from parcours.enums import StatutInscription
from parcours.models import Inscription

from .enquetes import ajouter_mois, pilotes_par_organisation
from .enums import OrigineEnquete, StatutAction
from .models import Action, EnqueteSuivi

REPONSES = {
    3: (
        4,
        "Les entretiens professionnels ont été menés pour toute l'équipe ; la direction "
        "prend davantage le temps d'écouter les salarié·es.",
    ),
    6: (
        5,
        "Le plan de formation est voté chaque année au bureau et les fiches de poste sont à "
        "jour. Reste à associer davantage les bénévoles.",
    ),
}


def charger(organisations, stdout) -> None:
    aujourdhui = timezone.localdate()
    pilotes = pilotes_par_organisation(o.pk for o in organisations)
    creees = 0
    for organisation in organisations:
        inscription = (
            Inscription.objects.filter(
                organisation=organisation,
                statut=StatutInscription.INSCRITE,
                parcours__fin__lt=ajouter_mois(aujourdhui, -6),
            )
            .select_related("parcours")
            .order_by("parcours__fin")
            .first()
        )
        if inscription is None or not pilotes.get(organisation.pk):
            continue
        pilote = pilotes[organisation.pk][0]
        fin = inscription.parcours.fin
        for echeance, (utilite, texte) in REPONSES.items():
            envoi = timezone.make_aware(
                datetime.datetime.combine(ajouter_mois(fin, echeance), datetime.time(10))
            )
            enquete, cree = EnqueteSuivi.objects.get_or_create(
                inscription=inscription,
                echeance=echeance,
                defaults={
                    "organisation": organisation,
                    "origine": OrigineEnquete.PARCOURS,
                    "fin_accompagnement": fin,
                    "envoyee_le": envoi,
                    "repondue_le": envoi + datetime.timedelta(days=6),
                    "repondue_par": pilote,
                    "ce_qui_a_change": texte,
                    "utilite": utilite,
                },
            )
            if not cree:
                continue
            creees += 1
            enquete.envoyee_a.set([pilote])
            enquete.actions_poursuivies.set(
                Action.objects.de_organisation(organisation).filter(
                    statut__in=[StatutAction.FAITE, StatutAction.EN_COURS]
                )
            )
    stdout.write(f"Outils : {creees} enquête(s) de suivi de démonstration répondue(s).\n")
