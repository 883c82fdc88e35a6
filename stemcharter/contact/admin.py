from django.contrib import admin

from stemcharter.common.forms import CleanTextModelForm

from .models import ContactMessage


@admin.register(ContactMessage)
class ContactMessageAdmin(admin.ModelAdmin):
    """The messages of the contact form, to read (they are answered by email)."""

    form = CleanTextModelForm  # read-only, but every admin form of ours cleans its text

    list_display = ["created_at", "topic", "name", "email", "handled_at"]
    list_filter = ["topic"]
    search_fields = ["name", "email", "message"]
    readonly_fields = [
        "name",
        "email",
        "topic",
        "message",
        "language",
        "created_at",
        "handled_at",
        "handled_by",
    ]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
