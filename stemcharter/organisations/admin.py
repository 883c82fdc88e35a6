"""Raw data access for superusers. Daily work happens in the back office (/beheer/)."""

from django.contrib import admin

from .models import Invitation, JoinRequest, Membership, Organisation, Sector


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "category", "sector", "enterprise_number", "created_at"]
    list_filter = ["category", "sector"]
    search_fields = ["name", "enterprise_number"]
    readonly_fields = ["normalised_name", "logo_width", "logo_height", "created_by"]
    filter_horizontal = ["subregions"]
    inlines = [MembershipInline]


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ["name_nl", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_nl"]}


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organisation", "role", "status", "expires_at"]
    list_filter = ["status"]
    exclude = ["token"]


@admin.register(JoinRequest)
class JoinRequestAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "status", "created_at"]
    list_filter = ["status"]
