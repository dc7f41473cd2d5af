from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Accompagnateur,
    AppelAManifestation,
    BilanAnnuel,
    Candidature,
    DemiJournee,
    Mission,
    Specialite,
)


@admin.register(Specialite)
class SpecialiteAdmin(admin.ModelAdmin):
    search_fields = ["nom"]


@admin.register(Accompagnateur)
class AccompagnateurAdmin(admin.ModelAdmin):
    list_display = ["user", "structure", "entree", "sortie"]
    list_filter = ["specialites", "territoires"]
    search_fields = ["user__email", "user__last_name", "structure"]
    autocomplete_fields = ["user"]
    filter_horizontal = ["specialites", "thematiques", "territoires"]
    list_select_related = ["user"]


@admin.register(DemiJournee)
class DemiJourneeAdmin(SimpleHistoryAdmin):
    list_display = ["date", "accompagnateur", "organisation", "nature", "demi_journees", "statut"]
    list_filter = ["statut", "nature", "thematique"]
    search_fields = ["organisation__nom", "accompagnateur__user__last_name", "notes"]
    date_hierarchy = "date"
    autocomplete_fields = ["accompagnateur", "organisation", "co_accompagnateur", "mission"]
    list_select_related = ["accompagnateur__user", "organisation"]
    readonly_fields = ["creee_le", "soumise_le", "traitee_le", "traitee_par"]


@admin.register(Mission)
class MissionAdmin(SimpleHistoryAdmin):
    list_display = [
        "organisation",
        "thematique",
        "accompagnateur",
        "co_accompagnateur",
        "budget_demi_journees",
        "depassement_accorde",
        "debut",
        "statut",
    ]
    list_filter = ["statut", "thematique"]
    search_fields = ["organisation__nom", "accompagnateur__user__last_name", "objectif"]
    autocomplete_fields = ["organisation", "accompagnateur", "co_accompagnateur"]
    list_select_related = ["organisation", "thematique", "accompagnateur__user"]
    date_hierarchy = "debut"


class CandidatureInline(admin.TabularInline):
    model = Candidature
    fields = ["prenom", "nom", "email", "statut"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True


@admin.register(AppelAManifestation)
class AppelAdmin(SimpleHistoryAdmin):
    list_display = ["titre", "ouverture", "cloture"]
    search_fields = ["titre"]
    inlines = [CandidatureInline]


@admin.register(Candidature)
class CandidatureAdmin(SimpleHistoryAdmin):
    list_display = ["nom", "prenom", "email", "appel", "statut", "recue_le"]
    list_filter = ["statut", "appel"]
    search_fields = ["nom", "prenom", "email", "structure"]
    # The CV is downloaded through the team's page (private storage, no public URL).
    exclude = ["cv"]
    readonly_fields = ["cv_nom", "recue_le", "decidee_le", "decidee_par", "accompagnateur"]
    filter_horizontal = ["specialites", "territoires"]


@admin.register(BilanAnnuel)
class BilanAdmin(SimpleHistoryAdmin):
    list_display = ["seance", "redige_par", "modifie_le"]
    search_fields = ["seance__titre", "notes"]
    autocomplete_fields = ["seance"]
