from django.contrib import admin

from stemcharter.common.forms import CleanTextModelForm

from .models import Province, Subregion


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    form = CleanTextModelForm
    list_display = ["name_nl", "name_en", "position"]
    prepopulated_fields = {"slug": ["name_nl"]}


@admin.register(Subregion)
class SubregionAdmin(admin.ModelAdmin):
    form = CleanTextModelForm
    list_display = ["name_nl", "name_en", "province"]
    list_filter = ["province"]
    filter_horizontal = ["contact_points", "neighbours"]
    prepopulated_fields = {"slug": ["name_nl"]}
