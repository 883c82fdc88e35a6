from django.contrib import admin

from stemcharter.common.forms import CleanTextModelForm

from .models import ActionType


@admin.register(ActionType)
class ActionTypeAdmin(admin.ModelAdmin):
    form = CleanTextModelForm
    list_display = ["name_nl", "name_en", "position", "is_active"]
    prepopulated_fields = {"slug": ["name_nl"]}
