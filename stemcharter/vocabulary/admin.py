from django.contrib import admin

from stemcharter.common.forms import CleanTextModelForm

from .models import ActionType, Audience, Sector


@admin.register(ActionType)
class ActionTypeAdmin(admin.ModelAdmin):
    form = CleanTextModelForm
    list_display = ["name_nl", "name_en", "position", "is_active", "unit", "booked_for_a_class"]
    prepopulated_fields = {"slug": ["name_nl"]}


@admin.register(Audience)
class AudienceAdmin(admin.ModelAdmin):
    form = CleanTextModelForm
    list_display = ["name_nl", "name_en", "position", "books_for_a_class"]
    prepopulated_fields = {"slug": ["name_nl"]}


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    form = CleanTextModelForm
    list_display = ["name_nl", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_nl"]}
