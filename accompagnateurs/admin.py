from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Accompagnateur, DemiJournee, Specialite


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


@admin.register(DemiJournee)
class DemiJourneeAdmin(SimpleHistoryAdmin):
    list_display = ["date", "accompagnateur", "organisation", "nature", "demi_journees", "statut"]
    list_filter = ["statut", "nature", "thematique"]
    search_fields = ["organisation__nom", "accompagnateur__user__last_name", "notes"]
    date_hierarchy = "date"
    autocomplete_fields = ["accompagnateur", "organisation", "co_accompagnateur"]
