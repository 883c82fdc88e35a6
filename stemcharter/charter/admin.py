"""Raw data access for superusers; state changes belong in the back office and its services."""

from django.contrib import admin

from stemcharter.common.forms import CleanTextModelForm

from .models import CharterVersion, Commitment, Signature


@admin.register(CharterVersion)
class CharterVersionAdmin(admin.ModelAdmin):
    form = CleanTextModelForm
    list_display = ["number", "title", "published_at", "is_demo"]

    def has_change_permission(self, request, obj=None):
        return False  # a published text never changes; publish a new version in /beheer/


class CommitmentInline(admin.TabularInline):
    model = Commitment
    form = CleanTextModelForm
    extra = 0


@admin.register(Signature)
class SignatureAdmin(admin.ModelAdmin):
    form = CleanTextModelForm
    list_display = ["organisation", "charter_version", "status", "submitted_at", "decided_at"]
    list_filter = ["status", "charter_version"]
    search_fields = ["organisation__name", "signer_email"]
    readonly_fields = ["status", "submission_key", "decided_by", "decided_at", "withdrawn_at"]
    inlines = [CommitmentInline]
