from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from query.connectors import registered_types
from query.models import Archive, Dataset, DatasetRun, Search
from query.services.connector_calls import check_health


class DatasetAdminForm(forms.ModelForm):
    connector_type = forms.ChoiceField(choices=[])

    class Meta:
        model = Dataset
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Choices are the connector types installed now (plugins register at start-up).
        self.fields["connector_type"].choices = registered_types()


class DatasetInline(admin.TabularInline):
    model = Dataset
    form = DatasetAdminForm
    extra = 0
    fields = ["slug", "name", "connector_type", "service_url", "resource", "enabled",
              "timeout", "row_limit", "ordering"]
    show_change_link = True


@admin.register(Archive)
class ArchiveAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "institute", "ordering", "visible", "dataset_count"]
    list_editable = ["ordering", "visible"]
    list_filter = ["visible", "institute"]
    search_fields = ["name", "slug", "institute", "short_description"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [DatasetInline]

    @admin.display(description="datasets")
    def dataset_count(self, archive: Archive) -> int:
        return archive.datasets.count()


@admin.register(Dataset)
class DatasetAdmin(admin.ModelAdmin):
    form = DatasetAdminForm
    list_display = ["name", "slug", "archive", "connector_type", "enabled", "timeout",
                    "row_limit", "health_ok", "health_latency_ms", "health_checked_at",
                    "health_error"]
    list_filter = ["enabled", "connector_type", "archive", "category", "level", "health_ok"]
    list_editable = ["enabled"]
    search_fields = ["name", "slug", "description", "service_url", "resource", "collection"]
    list_select_related = ["archive"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["health_checked_at", "health_ok", "health_latency_ms", "health_error"]
    actions = ["check_now"]
    fieldsets = [
        (None, {"fields": ["archive", "slug", "name", "description", "enabled", "ordering"]}),
        ("Service", {"fields": ["connector_type", "service_url", "resource", "timeout",
                                "row_limit", "options"]}),
        ("Mapping", {"fields": ["parameter_mapping", "result_hints"]}),
        ("Classification", {"fields": ["category", "level", "collection"]}),
        ("Health", {"fields": ["health_checked_at", "health_ok", "health_latency_ms",
                               "health_error"]}),
    ]

    @admin.action(description="Check the selected datasets' archives now")
    def check_now(self, request: HttpRequest, queryset: QuerySet[Dataset]) -> None:
        failed = [d.slug for d in map(check_health, queryset) if not d.health_ok]
        if failed:
            self.message_user(request, f"Unhealthy: {', '.join(failed)}", messages.WARNING)
        else:
            self.message_user(request, f"{queryset.count()} dataset(s) healthy.")


class DatasetRunInline(admin.TabularInline):
    model = DatasetRun
    extra = 0
    can_delete = False
    fields = ["dataset", "status", "row_count", "overflow", "elapsed_ms", "error_message"]
    readonly_fields = fields


@admin.register(Search)
class SearchAdmin(admin.ModelAdmin):
    list_display = ["id", "name", "owner", "created", "expires_at"]
    list_filter = ["created"]
    search_fields = ["id", "name", "owner__username"]
    readonly_fields = ["owner", "session_key", "query", "row_limit", "timeout", "created",
                       "expires_at"]
    inlines = [DatasetRunInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # searches are made through the API and the web interface
