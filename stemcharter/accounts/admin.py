from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from stemcharter.common.forms import CleanTextFormMixin

from .models import User


class UserChangeForm(CleanTextFormMixin, BaseUserAdmin.form):
    """Django's form, cleaning its text like every form of ours (``common.forms``)."""


class UserCreationForm(CleanTextFormMixin, BaseUserAdmin.add_form):
    """Django's form, cleaning its text like every form of ours (``common.forms``)."""


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    ordering = ["email"]
    list_display = ["email", "name", "is_coordinator", "is_active", "last_login"]
    search_fields = ["email", "name"]
    fieldsets = (
        (None, {"fields": ("email", "password", "name", "language")}),
        ("Roles", {"fields": ("is_active", "is_coordinator", "is_staff", "is_superuser")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
