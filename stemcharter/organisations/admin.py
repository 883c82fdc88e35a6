"""Raw data access for superusers. Daily work happens in the back office (/beheer/)."""

from django import forms
from django.contrib import admin
from django.db import models

from stemcharter.common.forms import CleanTextModelForm

from .models import Invitation, JoinRequest, Membership, Organisation


class MembershipInline(admin.TabularInline):
    model = Membership
    form = CleanTextModelForm
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    form = CleanTextModelForm
    list_display = ["name", "category", "sector", "enterprise_number", "created_at"]
    list_filter = ["category", "sector"]
    search_fields = ["name", "enterprise_number"]
    # Name, town and enterprise number change only through the portal or the back office:
    # those go through organisations.services, which keep normalised_name and normalised_town
    # (the duplicate check) in step and write the audit trail. The admin would bypass both.
    readonly_fields = [
        "name",
        "town",
        "enterprise_number",
        "normalised_name",
        "normalised_town",
        "is_provisional",
        "logo_width",
        "logo_height",
        "created_by",
    ]
    filter_horizontal = ["subregions"]
    inlines = [MembershipInline]
    # As in our own forms: a website typed without a scheme is https (and Django 5.x warns
    # about its http default, which our tests turn into an error).
    formfield_overrides = {
        models.URLField: {"form_class": forms.URLField, "assume_scheme": "https"}
    }

    def has_add_permission(self, request) -> bool:
        # Organisations come into being by signing (charter.services); an admin-made one
        # would have no normalised name, so its duplicates would go unnoticed.
        return False


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    form = CleanTextModelForm
    list_display = ["email", "organisation", "role", "status", "expires_at"]
    list_filter = ["status"]
    exclude = ["token"]


@admin.register(JoinRequest)
class JoinRequestAdmin(admin.ModelAdmin):
    form = CleanTextModelForm
    list_display = ["user", "organisation", "status", "created_at"]
    list_filter = ["status"]
