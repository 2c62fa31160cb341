"""Zooniverse sign-ins and exports in Django admin (tokens are never shown)."""

from django.contrib import admin

from zooniverse_connector.models import ZooniverseAccount, ZooniverseExport


@admin.register(ZooniverseAccount)
class ZooniverseAccountAdmin(admin.ModelAdmin):
    list_display = ["user", "dataset", "login", "expires_at", "updated"]
    search_fields = ["user__username", "login"]
    fields = ["user", "dataset", "login", "panoptes_user_id", "expires_at"]
    readonly_fields = fields


@admin.register(ZooniverseExport)
class ZooniverseExportAdmin(admin.ModelAdmin):
    list_display = ["id", "owner", "dataset_slug", "project_id", "kind", "state",
                    "requested_at", "checked_at"]
    list_filter = ["state", "kind", "dataset_slug"]
    search_fields = ["owner__username", "project_name"]
    readonly_fields = ["owner", "dataset", "dataset_slug", "project_id", "media_id",
                       "requested_at", "checked_at", "refresh_dispatched_at", "ready_at"]
