from django import forms
from django.contrib import admin

from .models import (
    Attestation,
    DemandeAdhesion,
    EpingleRessource,
    Lecon,
    Module,
    Progression,
    QuestionQuiz,
    Ressource,
    Temoignage,
    ThemeVitrine,
)

__all__: list[str] = []


@admin.register(ThemeVitrine)
class ThemeVitrineAdmin(admin.ModelAdmin):
    list_display = ["titre", "slug", "thematique", "ordre", "publie"]
    list_editable = ["ordre", "publie"]
    search_fields = ["titre", "accroche", "description"]
    prepopulated_fields = {"slug": ["titre"]}
    filter_horizontal = ["specialites"]


@admin.register(Temoignage)
class TemoignageAdmin(admin.ModelAdmin):
    list_display = [
        "titre",
        "organisation",
        "statut",
        "validation_requise",
        "mis_en_avant",
        "publie_le",
    ]
    list_filter = ["statut", "validation_requise", "mis_en_avant"]
    search_fields = ["titre", "organisation__nom", "situation", "demarche", "resultat"]
    autocomplete_fields = ["organisation"]
    filter_horizontal = ["thematiques"]
    readonly_fields = [
        "valide_par",
        "valide_le",
        "demande_validation_le",
        "redige_par",
        "cree_le",
        "publie_le",
    ]


@admin.register(DemandeAdhesion)
class DemandeAdhesionAdmin(admin.ModelAdmin):
    list_display = ["organisation_nom", "territoire", "contact_email", "statut", "recue_le"]
    list_filter = ["statut", "territoire", "type_structure"]
    search_fields = ["organisation_nom", "contact_nom", "contact_email", "commune"]
    date_hierarchy = "recue_le"
    readonly_fields = ["recue_le", "accuse_envoye_le"]
    autocomplete_fields = ["organisation"]


@admin.register(Ressource)
class RessourceAdmin(admin.ModelAdmin):
    list_display = [
        "titre",
        "type",
        "forme",
        "visibilite",
        "statut",
        "date_publication",
        "telechargements",
    ]
    list_filter = ["statut", "visibilite", "type", "forme", "licence", "thematiques"]
    search_fields = ["titre", "resume", "contenu", "auteur_libre"]
    date_hierarchy = "date_publication"
    filter_horizontal = ["thematiques"]
    readonly_fields = [
        "fichier_nom",
        "fichier_type_mime",
        "fichier_taille",
        "telechargements",
        "cree_par",
        "cree_le",
    ]
    raw_id_fields = ["auteur"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.cree_par = request.user
        super().save_model(request, obj, form, change)


@admin.register(EpingleRessource)
class EpingleRessourceAdmin(admin.ModelAdmin):
    list_display = ["ressource", "organisation", "epinglee_par", "epinglee_le"]
    search_fields = ["ressource__titre", "organisation__nom"]
    autocomplete_fields = ["organisation"]
    raw_id_fields = ["ressource", "epinglee_par"]


class QuestionInlineForm(forms.ModelForm):
    class Meta:
        model = QuestionQuiz
        fields = ["ordre", "question", "choix", "bonne_reponse", "explication"]
        widgets = {
            "choix": forms.Textarea(attrs={"rows": 3}),
            "explication": forms.Textarea(attrs={"rows": 2}),
        }


class QuestionInline(admin.StackedInline):
    model = QuestionQuiz
    form = QuestionInlineForm
    extra = 0


class LeconInline(admin.TabularInline):
    model = Lecon
    fields = ["ordre", "titre", "duree_minutes", "publiee"]
    extra = 0
    show_change_link = True


@admin.register(Module)
class ModuleAdmin(admin.ModelAdmin):
    list_display = ["titre", "code", "theme", "public", "publie", "ordre"]
    list_editable = ["public", "publie", "ordre"]
    list_filter = ["public", "publie"]
    search_fields = ["titre", "code", "resume"]
    prepopulated_fields = {"code": ["titre"]}
    inlines = [LeconInline]


@admin.register(Lecon)
class LeconAdmin(admin.ModelAdmin):
    list_display = ["titre", "module", "ordre", "duree_minutes", "publiee"]
    list_filter = ["module", "publiee"]
    search_fields = ["titre", "contenu"]
    readonly_fields = ["support_nom", "support_type_mime", "support_taille"]
    inlines = [QuestionInline]


@admin.register(Progression)
class ProgressionAdmin(admin.ModelAdmin):
    list_display = [
        "personne",
        "lecon",
        "terminee_le",
        "quiz_score",
        "quiz_total",
        "quiz_tentatives",
    ]
    list_filter = ["lecon__module"]
    search_fields = ["personne__email", "personne__last_name", "lecon__titre"]
    raw_id_fields = ["personne", "lecon"]


@admin.register(Attestation)
class AttestationAdmin(admin.ModelAdmin):
    list_display = ["personne", "module", "obtenue_le", "score", "total", "code"]
    list_filter = ["module"]
    search_fields = ["personne__email", "personne__last_name", "code"]
    raw_id_fields = ["personne"]
    readonly_fields = ["code", "pdf"]
