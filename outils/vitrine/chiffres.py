"""Reads shown on the public pages: key figures and upcoming sessions."""

from django.core.cache import cache
from django.db.models import Count, Q, Sum
from django.utils import timezone

CLE_CACHE = "vitrine:chiffres:v1"
DUREE_CACHE = 10 * 60  # seconds: the figures move slowly, the home page is hit often

LIBELLES = {
    "accompagnateurs": "accompagnateurs·trices spécialisé·es dans le pool",
    "organisations_parcours": "organisations accompagnées en parcours territoriaux",
    "demi_journees_individuelles": "demi-journées d'appui individuel",
    "demi_journees_collectives": "demi-journées d'ateliers collectifs",
    "participants_communautes": "participant·es aux communautés apprenantes",
}


def calculer_chiffres() -> dict[str, int]:
    """The five key figures, computed from the data with aggregate queries (DESIGN §5).

    Unlike a report, the vitrine has no period: it counts everything done so far.
    """
    from accompagnateurs.enums import NatureDemiJournee, StatutDemiJournee
    from accompagnateurs.models import Accompagnateur, DemiJournee
    from parcours.enums import StatutInscription, StatutParticipation
    from parcours.models import Inscription, Participation, Seance

    aujourd_hui = timezone.localdate()
    accompagnateurs = Accompagnateur.objects.dans_le_pool(aujourd_hui, aujourd_hui).count()
    organisations = Inscription.objects.filter(statut=StatutInscription.INSCRITE).aggregate(
        n=Count("organisation", distinct=True)
    )["n"]
    individuelles = DemiJournee.objects.filter(
        statut=StatutDemiJournee.VALIDEE, nature=NatureDemiJournee.INDIVIDUEL
    ).aggregate(n=Sum("demi_journees"))["n"]
    collectives = (
        Seance.objects.comptant_comme_collectives()
        .filter(annulee=False, date__lte=aujourd_hui)
        .aggregate(n=Sum("demi_journees"))["n"]
    )
    participants = Participation.objects.filter(
        Q(seance__communaute__isnull=False), statut=StatutParticipation.PRESENT
    ).aggregate(n=Count("personne", distinct=True))["n"]
    return {
        "accompagnateurs": accompagnateurs or 0,
        "organisations_parcours": organisations or 0,
        "demi_journees_individuelles": individuelles or 0,
        "demi_journees_collectives": collectives or 0,
        "participants_communautes": participants or 0,
    }


def chiffres_vitrine() -> list[dict]:
    """Key figures for the home page, cached briefly: [{cle, valeur, libelle}]."""
    valeurs = cache.get(CLE_CACHE)
    if valeurs is None:
        valeurs = calculer_chiffres()
        cache.set(CLE_CACHE, valeurs, DUREE_CACHE)
    return [{"cle": cle, "valeur": valeurs[cle], "libelle": LIBELLES[cle]} for cle in LIBELLES]


def oublier_chiffres() -> None:
    cache.delete(CLE_CACHE)


def seances_ouvertes():
    """Upcoming sessions shown publicly: never the confidential bulles de dialogue."""
    from parcours.enums import TypeSeance
    from parcours.models import Seance

    return (
        Seance.objects.a_venir()
        .filter(annulee=False)
        .exclude(type=TypeSeance.BULLE_DIALOGUE)
        .select_related("parcours__territoire", "communaute")
        .order_by("date", "heure_debut", "pk")
    )
