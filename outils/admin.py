from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .models import (
    Action,
    AvisMembre,
    Axe,
    Commentaire,
    Critere,
    Diagnostic,
    Evaluation,
    ExportDossier,
    Indicateur,
    NiveauEchelle,
    PieceJointe,
    PlanAmelioration,
    Referentiel,
    Suivi,
    Theme,
)


def _verrouille(obj) -> bool:
    """A referential version used by a diagnostic is frozen: diagnostics must not change."""
    referentiel = getattr(obj, "referentiel", None) or getattr(
        getattr(obj, "theme", None), "referentiel", None
    )
    if isinstance(obj, Referentiel):
        referentiel = obj
    return bool(referentiel and referentiel.est_utilise())


class VerrouInline:
    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj and _verrouille(obj))

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not (obj and _verrouille(obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj and _verrouille(obj))


class NiveauEchelleInline(VerrouInline, admin.TabularInline):
    model = NiveauEchelle
    extra = 0
    max_num = 4


class ThemeInline(VerrouInline, admin.TabularInline):
    model = Theme
    extra = 0
    fields = ["ordre", "code", "titre", "thematique"]
    show_change_link = True


@admin.register(Referentiel)
class ReferentielAdmin(SimpleHistoryAdmin):
    list_display = ["titre", "code", "version", "statut", "publie_le", "nb_diagnostics"]
    list_filter = ["statut", "code"]
    search_fields = ["titre", "code"]
    inlines = [NiveauEchelleInline, ThemeInline]
    actions = ["nouvelle_version", "publier"]
    readonly_fields = ["publie_le"]

    @admin.display(description="diagnostics")
    def nb_diagnostics(self, obj):
        return obj.diagnostics.count()

    def get_readonly_fields(self, request, obj=None):
        if obj and obj.est_utilise():
            return ["code", "version", "titre", "description", "statut", "publie_le"]
        return super().get_readonly_fields(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj and obj.est_utilise())

    @admin.action(description="Créer une nouvelle version (brouillon) à partir de la sélection")
    def nouvelle_version(self, request, queryset):
        for referentiel in queryset:
            copie = services.referentiel_nouvelle_version(referentiel=referentiel)
            self.message_user(request, f"Version {copie.version} créée en brouillon.")

    @admin.action(description="Publier (les nouveaux diagnostics utiliseront cette version)")
    def publier(self, request, queryset):
        for referentiel in queryset:
            try:
                services.referentiel_publier(referentiel=referentiel)
            except ValidationError as exc:
                self.message_user(request, " ".join(exc.messages), messages.ERROR)
            else:
                self.message_user(request, f"{referentiel} publié.")


class VerrouAdmin:
    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj and _verrouille(obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj and _verrouille(obj))


class CritereInline(VerrouInline, admin.StackedInline):
    model = Critere
    extra = 0
    fields = ["ordre", "code", "intitule", "niveau_1", "niveau_2", "niveau_3", "niveau_4"]


@admin.register(Theme)
class ThemeAdmin(VerrouAdmin, admin.ModelAdmin):
    list_display = ["titre", "referentiel", "ordre", "thematique"]
    list_filter = ["referentiel"]
    search_fields = ["titre", "code"]
    inlines = [CritereInline]
    list_select_related = ["referentiel", "thematique"]


ETIQUETTES = ["ressources", "lecons", "specialites"]


@admin.register(Critere)
class CritereAdmin(admin.ModelAdmin):
    """The wording of a criterion of a used version is frozen; its recommendation tags
    (resources, MOOC lessons, coach specialties) stay editable: they do not change any
    diagnostic."""

    list_display = ["intitule", "theme", "ordre"]
    list_filter = ["theme__referentiel"]
    search_fields = ["intitule", "code"]
    list_select_related = ["theme"]
    autocomplete_fields = ETIQUETTES
    fieldsets = [
        (None, {"fields": ["theme", "ordre", "code", "intitule"]}),
        ("Niveaux", {"fields": ["niveau_1", "niveau_2", "niveau_3", "niveau_4"]}),
        ("Recommandations après un diagnostic", {"fields": ETIQUETTES}),
    ]

    def get_readonly_fields(self, request, obj=None):
        if obj and _verrouille(obj):
            return [f.name for f in Critere._meta.concrete_fields if f.name != "id"]
        return super().get_readonly_fields(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj and _verrouille(obj))


class EvaluationInline(admin.TabularInline):
    model = Evaluation
    extra = 0
    fields = ["critere", "niveau", "commentaire", "preuves"]
    raw_id_fields = ["critere"]


@admin.register(Diagnostic)
class DiagnosticAdmin(SimpleHistoryAdmin):
    list_display = ["titre", "organisation", "referentiel", "statut", "cree_le", "termine_le"]
    list_filter = ["statut", "referentiel"]
    search_fields = ["titre", "organisation__nom"]
    raw_id_fields = ["organisation", "cree_par"]
    list_select_related = ["organisation", "referentiel"]
    inlines = [EvaluationInline]
    date_hierarchy = "cree_le"


@admin.register(AvisMembre)
class AvisMembreAdmin(admin.ModelAdmin):
    """Who was asked and whether they answered — never what they answered."""

    list_display = ["diagnostic", "personne", "demande_le", "envoye_le"]
    search_fields = ["diagnostic__organisation__nom", "personne__email"]
    raw_id_fields = ["diagnostic", "personne", "demande_par"]
    list_select_related = ["diagnostic", "personne"]


class AxeInline(admin.TabularInline):
    model = Axe
    extra = 0
    fields = ["ordre", "titre", "theme", "origine"]


@admin.register(PlanAmelioration)
class PlanAmeliorationAdmin(SimpleHistoryAdmin):
    list_display = ["organisation", "titre", "cree_le"]
    search_fields = ["organisation__nom"]
    raw_id_fields = ["organisation", "diagnostic"]
    inlines = [AxeInline]
    list_select_related = ["organisation"]


@admin.register(Axe)
class AxeAdmin(SimpleHistoryAdmin):
    list_display = ["titre", "plan", "theme", "origine", "cree_le"]
    search_fields = ["titre", "plan__organisation__nom"]
    raw_id_fields = ["plan", "critere", "cree_par"]
    list_select_related = ["plan__organisation", "theme"]


class CommentaireInline(admin.TabularInline):
    model = Commentaire
    extra = 0
    raw_id_fields = ["auteur"]


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    list_display = ["titre", "organisation", "statut", "priorite", "echeance", "responsable"]
    list_filter = ["statut", "priorite"]
    search_fields = ["titre", "plan__organisation__nom"]
    raw_id_fields = ["plan", "axe", "responsable", "cree_par"]
    list_select_related = ["plan__organisation", "responsable"]
    inlines = [CommentaireInline]

    @admin.display(description="organisation", ordering="plan__organisation__nom")
    def organisation(self, obj):
        return obj.plan.organisation


class IndicateurInline(admin.TabularInline):
    model = Indicateur
    extra = 0


class PieceJointeInline(admin.TabularInline):
    model = PieceJointe
    extra = 0
    fields = ["nom", "type_mime", "taille", "ajoutee_par", "ajoutee_le"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # uploads go through the space, where their content is checked


@admin.register(Suivi)
class SuiviAdmin(SimpleHistoryAdmin):
    list_display = ["date", "organisation", "action", "auteur"]
    search_fields = ["organisation__nom", "realise"]
    raw_id_fields = ["organisation", "action", "auteur"]
    list_select_related = ["organisation", "action", "auteur"]
    inlines = [IndicateurInline, PieceJointeInline]
    date_hierarchy = "date"


@admin.register(ExportDossier)
class ExportDossierAdmin(admin.ModelAdmin):
    list_display = ["organisation", "demande_par", "demande_le", "statut", "termine_le"]
    list_filter = ["statut"]
    search_fields = ["organisation__nom"]
    exclude = ["fichier"]  # private file: downloaded from the space, not from the admin
    readonly_fields = ["erreur", "termine_le"]
    raw_id_fields = ["organisation", "demande_par"]
    list_select_related = ["organisation", "demande_par"]


from .vitrine.admin import *  # noqa: E402,F401,F403  (vitrine, ressources, MOOC)
