from django.contrib import admin

from analysis.models import ComputeFacility, SoftwareRepository


class ChoiceAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "kind", "url", "enabled", "ordering"]
    list_editable = ["enabled", "ordering"]
    list_filter = ["kind", "enabled"]
    search_fields = ["name", "slug", "url", "description"]
    prepopulated_fields = {"slug": ["name"]}


admin.site.register(ComputeFacility, ChoiceAdmin)
admin.site.register(SoftwareRepository, ChoiceAdmin)
