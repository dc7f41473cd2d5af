from django.urls import path

from . import perms  # noqa: F401  (registers the rules, see also enregistrer())
from .views import generes, imports, rappels, tableau

app_name = "rapports"

urlpatterns = [
    path("rapports/", tableau.tableau, name="tableau"),
    path("rapports/liste/<slug:cle>/", tableau.liste, name="liste"),
    path("rapports/export.csv", tableau.export, {"format": "csv"}, name="export_csv"),
    path("rapports/export.xlsx", tableau.export, {"format": "xlsx"}, name="export_xlsx"),
    path("rapports/generer/", generes.generer, name="generer"),
    path("rapports/generes/", generes.generes, name="generes"),
    path("rapports/generes/<int:pk>/", generes.rapport, name="rapport"),
    path("rapports/generes/<int:pk>/telecharger/", generes.telecharger, name="telecharger"),
    path("rapports/generes/<int:pk>/relancer/", generes.relancer, name="relancer"),
    path("import/", imports.imports, name="imports"),
    path("import/modele.xlsx", imports.modele, name="import_modele"),
    path("import/<int:pk>/", imports.import_detail, name="import"),
    path("import/<int:pk>/confirmer/", imports.import_confirmation, name="import_confirmer"),
    path("import/<int:pk>/abandonner/", imports.import_abandon, name="import_abandonner"),
    path("rappels/", rappels.suivi, name="rappels"),
    path("rappels/preferences/", rappels.preferences, name="preferences_rappels"),
]


def enregistrer() -> None:
    """Rules and team tiles; also called at import of this URLconf (idempotent). The lead may
    call it from ApesRhConfig.ready() so that rules exist before the first request."""
    from ..donnees import register_eraser
    from ..navigation import register_team_link
    from .services import effacer_personne

    register_eraser(effacer_personne)

    register_team_link(
        "Rapports d'activité",
        "rapports:tableau",
        "Chiffres clés, tableaux de bord par périmètre, rapports PDF des financeurs",
        300,
    )
    register_team_link(
        "Import des tableurs",
        "rapports:imports",
        "Importer l'activité (CSV ou XLSX) : vérification, puis confirmation",
        310,
    )
    register_team_link(
        "Rappels", "rapports:rappels", "Rappels envoyés, planification et préférences", 320
    )


enregistrer()
