"""Staging requests in Django admin (read-mostly: they mirror Rucio rules)."""

from django.contrib import admin

from rucio_connector.models import StagedItem, StagingRequest


class StagedItemInline(admin.TabularInline):
    model = StagedItem
    extra = 0
    fields = ["did", "did_type", "bytes", "files", "rule_id", "reused", "rule_state",
              "locks_ok", "locks_replicating", "locks_stuck", "error_code", "rucio_exception"]
    readonly_fields = fields
    can_delete = False


@admin.register(StagingRequest)
class StagingRequestAdmin(admin.ModelAdmin):
    list_display = ["id", "owner", "dataset_slug", "destination_label", "state", "created",
                    "refreshed_at"]
    list_filter = ["state", "dataset_slug", "destination_key"]
    search_fields = ["owner__username", "items__did", "items__rule_id"]
    readonly_fields = ["owner", "dataset", "dataset_slug", "account", "rse_expression",
                       "created", "refreshed_at", "refresh_dispatched_at", "finished_at"]
    inlines = [StagedItemInline]
