"""Raw data access for superusers. Daily work happens in the back office (/beheer/prospecten/,
/beheer/bereik/) and the portal (invitations, the share kit)."""

from django.contrib import admin

from stemcharter.common.forms import CleanTextModelForm

from .models import Prospect, ProspectGroup, ShareLink


@admin.register(ProspectGroup)
class ProspectGroupAdmin(admin.ModelAdmin):
    form = CleanTextModelForm
    search_fields = ["name"]


@admin.register(Prospect)
class ProspectAdmin(admin.ModelAdmin):
    form = CleanTextModelForm
    list_display = ["name", "status", "owner", "next_step_on", "organisation"]
    list_filter = ["status", "groups"]
    search_fields = ["name", "also_known_as", "enterprise_number"]
    raw_id_fields = ["organisation", "owner"]


@admin.register(ShareLink)
class ShareLinkAdmin(admin.ModelAdmin):
    form = CleanTextModelForm
    list_display = ["code", "organisation", "channel", "path", "visit_count", "last_visit_on"]
    list_filter = ["channel"]
    search_fields = ["code", "organisation__name", "path"]
    readonly_fields = ["code", "visit_count", "last_visit_on"]
    raw_id_fields = ["organisation"]
