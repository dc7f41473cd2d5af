"""What the public home page shows (called by apes_rh.views.public.accueil)."""

from .chiffres import chiffres_vitrine, seances_ouvertes
from .models import Module, Temoignage, ThemeVitrine
from .views.commun import seo

AXES = [
    (
        "Un pool d'accompagnateurs·trices",
        "Des consultant·es RH et ESS animent des ateliers et vous appuient individuellement, "
        "par demi-journées.",
    ),
    (
        "Des parcours territoriaux",
        "Des groupes de 7 à 13 structures sur un territoire, avec la collectivité, pendant un an.",
    ),
    (
        "Des communautés apprenantes",
        "Visios collectives, bulles de dialogue entre dirigeant·es, ateliers de co-développement.",
    ),
    (
        "Des outils",
        "Un espace par organisation pour le diagnostic, le plan et le suivi ; des ressources ; "
        "un MOOC.",
    ),
    (
        "Des partenariats",
        "Avec les réseaux thématiques : MRES, centres sociaux, URIOPSS, COORACE, MDA…",
    ),
]

ETAPES = [
    (
        "État des lieux et diagnostic",
        "Où en sont vos pratiques, thème par thème ? Un autodiagnostic simple, fait en équipe.",
    ),
    (
        "Schéma d'amélioration",
        "Quelques axes prioritaires, des actions avec un·e responsable et une échéance.",
    ),
    (
        "Suivi opérationnel",
        "Les progrès sont notés au fil de l'eau : la mémoire de la démarche survit au "
        "changement de pilote.",
    ),
]


def contexte_accueil(request) -> dict:
    chiffres = chiffres_vitrine()
    return {
        "axes": AXES,
        "etapes": ETAPES,
        "chiffres": chiffres,
        # A brand-new platform shows no "0 coaches" headline.
        "chiffres_visibles": any(c["valeur"] for c in chiffres),
        "seances": seances_ouvertes().prefetch_related("thematiques")[:4],
        "temoignages": Temoignage.objects.publies()
        .select_related("organisation")
        .order_by("-mis_en_avant", "-publie_le", "-pk")[:3],
        "themes": ThemeVitrine.objects.publies().only("slug", "titre", "accroche"),
        "nb_modules": Module.objects.publies().filter(public=True).count(),
        "seo": seo(
            request,
            "Améliorer ses pratiques RH dans l'ESS",
            "La démarche progrès RH de l'Apes accompagne gratuitement les associations et "
            "coopératives des Hauts-de-France : diagnostic, plan d'amélioration, ateliers "
            "collectifs, appuis individuels et communautés de pairs.",
        ),
    }
