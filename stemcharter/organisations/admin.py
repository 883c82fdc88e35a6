"""Raw data access for superusers. Daily work happens in the back office (/beheer/)."""

from django import forms
from django.contrib import admin
from django.db import models

from stemcharter.common.forms import CleanTextModelForm

from .models import DoNotContact, Invitation, JoinRequest, Membership, Organisation

# As in our own forms: a website typed without a scheme is https (and Django 5.x warns about
# its http default, which our tests turn into an error).
URL_FIELDS_HTTPS = {models.URLField: {"form_class": forms.URLField, "assume_scheme": "https"}}


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
    formfield_overrides = URL_FIELDS_HTTPS

    def has_add_permission(self, request) -> bool:
        # Organisations come into being by signing (charter.services); an admin-made one
        # would have no normalised name, so its duplicates would go unnoticed.
        return False


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    form = CleanTextModelForm
    list_display = ["email", "kind", "organisation", "status", "opened_at", "expires_at"]
    list_filter = ["kind", "status"]
    search_fields = ["email", "organisation__name", "invitee_organisation_name"]
    exclude = ["token"]
    formfield_overrides = URL_FIELDS_HTTPS


@admin.register(DoNotContact)
class DoNotContactAdmin(admin.ModelAdmin):
    form = CleanTextModelForm
    list_display = ["email", "source", "created_at"]
    list_filter = ["source"]
    search_fields = ["email"]


@admin.register(JoinRequest)
class JoinRequestAdmin(admin.ModelAdmin):
    form = CleanTextModelForm
    list_display = ["user", "organisation", "status", "created_at"]
    list_filter = ["status"]
