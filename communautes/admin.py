from django.contrib import admin

from .models import (
    Communaute,
    ContactPartenaire,
    MembreCommunaute,
    ReseauPartenaire,
    RoleReseauPartenaire,
)


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
