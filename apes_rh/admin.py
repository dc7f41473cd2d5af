from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import Financement, Financeur, Invitation, Territoire, Thematique, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["last_name", "first_name", "email"]
    list_display = [
        "email",
        "first_name",
        "last_name",
        "equipe",
        "financeur",
        "is_staff",
        "is_active",
        "last_login",
    ]
    list_filter = ["equipe", "financeur", "is_staff", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Identité", {"fields": ["first_name", "last_name", "telephone"]}),
        ("Rôles", {"fields": ["equipe", "financeur"]}),
        (
            "Droits",
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        ("Dates", {"fields": ["last_login", "date_joined", "anonymise_le"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "first_name", "last_name", "password1", "password2"],
            },
        ),
    ]


@admin.register(Territoire)
class TerritoireAdmin(admin.ModelAdmin):
    list_display = ["code", "nom"]
    search_fields = ["code", "nom"]


@admin.register(Thematique)
class ThematiqueAdmin(admin.ModelAdmin):
    list_display = ["nom", "slug", "ordre"]
    search_fields = ["nom"]
    prepopulated_fields = {"slug": ["nom"]}


@admin.register(Financeur)
class FinanceurAdmin(admin.ModelAdmin):
    list_display = ["code", "nom"]
    search_fields = ["code", "nom"]
    filter_horizontal = ["territoires"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["personne", "invitee_par", "envoyee_le", "acceptee_le"]
    list_filter = ["acceptee_le"]
    search_fields = ["personne__email", "personne__last_name"]
    autocomplete_fields = ["personne", "invitee_par"]


from .rapports import admin as _rapports_admin  # noqa: E402,F401  (reports, imports, reminders)


@admin.register(Financement)
class FinancementAdmin(admin.ModelAdmin):
    list_display = ["__str__", "financeur", "annee", "budget_individuel", "budget_collectif"]
    list_filter = ["financeur", "annee"]
    list_select_related = ["financeur"]
    search_fields = ["convention", "financeur__code", "financeur__nom"]
    filter_horizontal = ["territoires"]
