"""Admin of communities and partner networks.

Bulle de dialogue notes are confidential, the admin included: BulleDialogue has no
notes inline, and NoteBulle is registered with its metadata only (never `texte` nor
`lien`), so that an erasure request can still be honoured.
Satisfaction answers are anonymous: the admin never joins them to who answered.
"""

from django.contrib import admin

from .models import (
    ActionCodeveloppement,
    AppuiThematique,
    Atelier,
    BulleDialogue,
    Codeveloppement,
    Communaute,
    ContactPartenaire,
    CoOrganisation,
    DemandeAdhesion,
    EnvoiQuestionnaire,
    EtapeCodeveloppement,
    MembreCommunaute,
    NoteBulle,
    Repondant,
    ReponseQuestionnaire,
    ReseauPartenaire,
    RessourceCommunaute,
    RoleReseauPartenaire,
)


class SansAjoutMixin:
    """Rows created by the application only: no add form (and no add URL)."""

    def has_add_permission(self, request):
        return False

    def get_urls(self):
        return [u for u in super().get_urls() if not (u.name or "").endswith("_add")]


@admin.register(Communaute)
class CommunauteAdmin(admin.ModelAdmin):
    list_display = ["code", "nom", "type", "territoire", "ouverte"]
    list_filter = ["type", "ouverte", "territoire"]
    search_fields = ["code", "nom"]
    filter_horizontal = ["animateurs"]


@admin.register(MembreCommunaute)
class MembreCommunauteAdmin(admin.ModelAdmin):
    list_display = ["personne", "communaute", "organisation", "depuis"]
    list_filter = ["communaute"]
    search_fields = ["personne__email", "personne__last_name", "communaute__nom"]
    autocomplete_fields = ["personne", "organisation"]
    list_select_related = ["personne", "communaute", "organisation"]


@admin.register(DemandeAdhesion)
class DemandeAdhesionAdmin(admin.ModelAdmin):
    list_display = ["personne", "communaute", "statut", "creee_le", "traitee_le"]
    list_filter = ["statut", "communaute"]
    search_fields = ["personne__email", "personne__last_name", "communaute__nom"]
    autocomplete_fields = ["personne"]
    list_select_related = ["personne", "communaute"]


@admin.register(RessourceCommunaute)
class RessourceCommunauteAdmin(admin.ModelAdmin):
    list_display = ["titre", "communaute", "nature", "taille", "ajoutee_par", "ajoutee_le"]
    list_filter = ["nature", "communaute"]
    search_fields = ["titre", "description"]
    readonly_fields = ["nom_fichier", "taille"]
    list_select_related = ["communaute", "ajoutee_par"]


class RoleInline(admin.TabularInline):
    model = RoleReseauPartenaire
    extra = 0


class ContactInline(admin.TabularInline):
    model = ContactPartenaire
    extra = 0
    autocomplete_fields = ["personne"]


@admin.register(ReseauPartenaire)
class ReseauPartenaireAdmin(admin.ModelAdmin):
    list_display = ["code", "nom"]
    search_fields = ["code", "nom"]
    inlines = [RoleInline, ContactInline]


@admin.register(RoleReseauPartenaire)
class RoleReseauPartenaireAdmin(admin.ModelAdmin):
    list_display = ["reseau", "role", "debut", "fin", "note"]
    list_filter = ["role", "reseau"]
    list_select_related = ["reseau"]


@admin.register(ContactPartenaire)
class ContactPartenaireAdmin(admin.ModelAdmin):
    list_display = ["personne", "reseau", "fonction"]
    list_filter = ["reseau"]
    search_fields = ["personne__email", "personne__last_name", "reseau__nom"]
    autocomplete_fields = ["personne"]
    list_select_related = ["personne", "reseau"]


@admin.register(BulleDialogue)
class BulleDialogueAdmin(admin.ModelAdmin):
    """Only the frame of the bulle (its session, its number of places): no notes."""

    list_display = ["seance", "limite"]
    fields = ["seance", "limite"]
    raw_id_fields = ["seance"]
    list_select_related = ["seance"]


@admin.register(NoteBulle)
class NoteBulleAdmin(SansAjoutMixin, admin.ModelAdmin):
    """Metadata only: the text and link of a note are never shown here."""

    list_display = ["bulle", "nature", "creee_le"]
    list_filter = ["nature"]
    fields = ["bulle", "nature", "creee_le"]
    readonly_fields = ["bulle", "nature", "creee_le"]
    list_select_related = ["bulle__seance"]

    def has_change_permission(self, request, obj=None):
        return False


class EtapeInline(admin.StackedInline):
    model = EtapeCodeveloppement
    extra = 0
    fields = ["etape", "contenu"]


class ActionCodevInline(admin.TabularInline):
    model = ActionCodeveloppement
    extra = 0
    fields = ["ordre", "titre", "echeance", "priorite", "copiee_le"]
    readonly_fields = ["copiee_le"]


@admin.register(Codeveloppement)
class CodeveloppementAdmin(admin.ModelAdmin):
    list_display = ["seance", "client", "organisation_client"]
    raw_id_fields = ["seance"]
    autocomplete_fields = ["client", "organisation_client"]
    inlines = [EtapeInline, ActionCodevInline]
    list_select_related = ["seance", "client", "organisation_client"]


@admin.register(AppuiThematique)
class AppuiThematiqueAdmin(admin.ModelAdmin):
    list_display = ["seance", "theme", "support_nom", "lien_replay"]
    search_fields = ["theme", "seance__titre"]
    raw_id_fields = ["seance"]
    readonly_fields = ["support_nom", "support_taille"]
    list_select_related = ["seance"]


@admin.register(CoOrganisation)
class CoOrganisationAdmin(admin.ModelAdmin):
    list_display = ["seance", "reseau", "ajoutee_le"]
    list_filter = ["reseau"]
    raw_id_fields = ["seance"]
    list_select_related = ["seance", "reseau"]


@admin.register(Atelier)
class AtelierAdmin(admin.ModelAdmin):
    list_display = ["seance", "evenement", "ordre"]
    raw_id_fields = ["seance", "evenement"]
    list_select_related = ["seance", "evenement"]


@admin.register(EnvoiQuestionnaire)
class EnvoiQuestionnaireAdmin(admin.ModelAdmin):
    list_display = ["seance", "personne", "nature", "envoye_le"]
    list_filter = ["nature"]
    raw_id_fields = ["seance", "personne"]
    list_select_related = ["seance", "personne"]


@admin.register(Repondant)
class RepondantAdmin(admin.ModelAdmin):
    list_display = ["seance", "personne", "repondu_le"]
    raw_id_fields = ["seance", "personne"]
    list_select_related = ["seance", "personne"]


@admin.register(ReponseQuestionnaire)
class ReponseQuestionnaireAdmin(SansAjoutMixin, admin.ModelAdmin):
    """Anonymous answers. A bulle's "ce que je retiens" is bulle content: not shown."""

    list_display = ["seance", "utilite", "thematique_souhaitee", "repondu_le"]
    list_filter = ["utilite"]
    fields = ["seance", "utilite", "thematique_souhaitee", "theme_souhaite", "repondu_le"]
    readonly_fields = fields
    list_select_related = ["seance", "thematique_souhaitee"]
