from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Inscription,
    Membre,
    Organisation,
    Parcours,
    Participation,
    Passation,
    Seance,
)


class MembreInline(admin.TabularInline):
    model = Membre
    extra = 0
    autocomplete_fields = ["personne"]


class InscriptionInline(admin.TabularInline):
    model = Inscription
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["nom", "territoire", "commune", "forme_juridique", "effectif", "archivee"]
    list_filter = ["territoire", "archivee", "forme_juridique"]
    search_fields = ["nom", "siret", "commune"]
    inlines = [MembreInline]


@admin.register(Membre)
class MembreAdmin(SimpleHistoryAdmin):
    list_display = ["personne", "organisation", "role", "debut", "fin"]
    list_filter = ["role"]
    search_fields = ["personne__email", "personne__last_name", "organisation__nom"]
    autocomplete_fields = ["personne", "organisation"]


@admin.register(Parcours)
class ParcoursAdmin(SimpleHistoryAdmin):
    list_display = ["code", "nom", "territoire", "debut", "fin", "capacite"]
    list_filter = ["territoire"]
    search_fields = ["code", "nom"]
    filter_horizontal = ["accompagnateurs"]
    inlines = [InscriptionInline]


@admin.register(Seance)
class SeanceAdmin(SimpleHistoryAdmin):
    list_display = ["ref", "titre", "type", "date", "demi_journees", "parcours", "communaute"]
    list_filter = ["type", "parcours", "communaute", "annulee"]
    search_fields = ["ref", "titre"]
    date_hierarchy = "date"
    filter_horizontal = ["thematiques", "animateurs"]


@admin.register(Participation)
class ParticipationAdmin(SimpleHistoryAdmin):
    list_display = ["seance", "personne", "organisation", "statut"]
    list_filter = ["statut", "seance__type"]
    search_fields = ["personne__email", "personne__last_name", "seance__titre", "seance__ref"]
    autocomplete_fields = ["seance", "personne", "organisation"]


@admin.register(Passation)
class PassationAdmin(admin.ModelAdmin):
    list_display = ["organisation", "date", "ancien", "nouveau", "par"]
    search_fields = ["organisation__nom", "nouveau__email", "ancien__email"]
    date_hierarchy = "date"
    autocomplete_fields = ["organisation", "ancien", "nouveau", "par"]
