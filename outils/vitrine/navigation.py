"""Header links and team dashboard tiles of the vitrine (registered when the URLconf loads)."""

from apes_rh.navigation import register_public_link, register_team_link

register_public_link("Thèmes RH", "vitrine:themes", 20)
register_public_link("Ressources", "vitrine:ressources", 30)
register_public_link("MOOC", "vitrine:mooc", 40)

register_team_link(
    "Demandes « Rejoindre la démarche »",
    "vitrine:demandes",
    "Structures qui veulent rejoindre la démarche : file à traiter",
    200,
)
register_team_link(
    "Témoignages", "vitrine:temoignages_gestion", "Rédaction, relecture, publication", 210
)
register_team_link(
    "Ressources", "vitrine:ressources", "Bibliothèque : ajouter, relire les propositions", 220
)
register_team_link(
    "MOOC : suivi", "vitrine:mooc_suivi", "Achèvement par module et par organisation", 230
)
