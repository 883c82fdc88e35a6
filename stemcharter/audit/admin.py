from django.contrib import admin

from stemcharter.common.forms import CleanTextModelForm

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    form = CleanTextModelForm
    list_display = ["created_at", "actor", "code", "target_repr"]
    list_filter = ["code"]
    search_fields = ["target_repr", "code"]
    readonly_fields = [f.name for f in AuditEntry._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
