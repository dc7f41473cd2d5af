"""Admin of reports, imports and reminders. Imported by apes_rh/admin.py
(`from .rapports import admin as _rapports_admin  # noqa: F401`)."""

from django.contrib import admin

from ..models import EnvoiRappel, ImportActivite, PreferenceRappel, RapportGenere


@admin.register(RapportGenere)
class RapportGenereAdmin(admin.ModelAdmin):
    list_display = ("__str__", "statut", "demande_par", "demande_le", "donnees_au")
    list_filter = ("statut", "format", "financeur", "territoire")
    date_hierarchy = "demande_le"
    search_fields = ("perimetre", "demande_par__email")
    raw_id_fields = ("demande_par",)
    # Frozen: the figures and the file are never edited by hand.
    readonly_fields = (
        "donnees",
        "donnees_au",
        "fichier",
        "progression",
        "etape",
        "commence_le",
        "termine_le",
        "erreur",
    )


@admin.register(ImportActivite)
class ImportActiviteAdmin(admin.ModelAdmin):
    list_display = ("__str__", "statut", "cree_par", "lignes", "confirme_le")
    list_filter = ("statut",)
    date_hierarchy = "cree_le"
    raw_id_fields = ("cree_par", "confirme_par")
    readonly_fields = (
        "fichiers",
        "dossier",
        "essai",
        "resultat",
        "lignes",
        "progression",
        "etape",
        "termine_le",
        "erreur",
    )


@admin.register(EnvoiRappel)
class EnvoiRappelAdmin(admin.ModelAdmin):
    list_display = ("type", "occasion", "destinataire", "statut", "cree_le", "envoye_le")
    list_filter = ("type", "statut")
    date_hierarchy = "cree_le"
    search_fields = ("occasion", "destinataire__email")
    raw_id_fields = ("destinataire",)


@admin.register(PreferenceRappel)
class PreferenceRappelAdmin(admin.ModelAdmin):
    list_display = ("personne", "type", "recevoir", "modifie_le")
    list_filter = ("type", "recevoir")
    search_fields = ("personne__email",)
    raw_id_fields = ("personne",)
