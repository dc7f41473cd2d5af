import secrets

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Inscription,
    JetonCalendrier,
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


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0
    autocomplete_fields = ["personne", "organisation"]
    fields = ["personne", "organisation", "statut", "inscrite_le"]
    readonly_fields = ["inscrite_le"]


@admin.register(Inscription)
class InscriptionAdmin(SimpleHistoryAdmin):
    list_display = ["organisation", "parcours", "statut", "etape", "date", "decidee_le"]
    list_filter = ["statut", "etape", "parcours"]
    search_fields = ["organisation__nom", "parcours__code", "parcours__nom"]
    autocomplete_fields = ["organisation", "parcours", "candidature_par", "decidee_par"]


@admin.register(Seance)
class SeanceAdmin(SimpleHistoryAdmin):
    list_display = [
        "ref",
        "titre",
        "type",
        "date",
        "heure_debut",
        "demi_journees",
        "parcours",
        "communaute",
        "publique",
        "annulee",
    ]
    list_filter = ["type", "publique", "annulee", "parcours", "communaute"]
    search_fields = ["ref", "titre", "ville"]
    date_hierarchy = "date"
    filter_horizontal = ["thematiques", "animateurs", "coorganisateurs"]
    readonly_fields = ["serie", "sequence"]
    inlines = [ParticipationInline]


@admin.register(Participation)
class ParticipationAdmin(SimpleHistoryAdmin):
    list_display = ["seance", "personne", "organisation", "statut", "inscrite_le"]
    list_filter = ["statut", "seance__type"]
    search_fields = ["personne__email", "personne__last_name", "seance__titre", "seance__ref"]
    autocomplete_fields = ["seance", "personne", "organisation", "inscrite_par", "presence_par"]
    date_hierarchy = "inscrite_le"


@admin.register(JetonCalendrier)
class JetonCalendrierAdmin(admin.ModelAdmin):
    """Only to revoke a leaked feed: the secret itself is never displayed."""

    list_display = ["personne", "cree_le"]
    search_fields = ["personne__email", "personne__last_name"]
    fields = ["personne", "cree_le"]
    autocomplete_fields = ["personne"]

    def get_readonly_fields(self, request, obj=None):
        return ["personne", "cree_le"] if obj else ["cree_le"]

    def save_model(self, request, obj, form, change):
        if not obj.jeton:
            obj.jeton = secrets.token_urlsafe(32)
        super().save_model(request, obj, form, change)


@admin.register(Passation)
class PassationAdmin(admin.ModelAdmin):
    list_display = ["organisation", "date", "ancien", "nouveau", "par"]
    search_fields = ["organisation__nom", "nouveau__email", "ancien__email"]
    date_hierarchy = "date"
    autocomplete_fields = ["organisation", "ancien", "nouveau", "par"]
