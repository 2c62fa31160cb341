"""Admin: identities, profiles, API tokens (listed without secrets, revocable) and baskets
(read-only). Users and groups are Django's own admin."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from accounts.models import ApiToken, BasketItem, Profile, UserIdentity
from accounts.services.tokens import revoke_tokens


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(UserIdentity)
class UserIdentityAdmin(admin.ModelAdmin):
    list_display = ["user", "provider", "issuer", "subject", "created", "last_login"]
    list_filter = ["provider", "issuer"]
    search_fields = ["user__username", "subject", "issuer"]
    raw_id_fields = ["user"]
    readonly_fields = ["created", "last_login"]


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "default_staging_destination"]
    search_fields = ["user__username", "user__email", "default_staging_destination"]
    raw_id_fields = ["user"]
    filter_horizontal = ["preferred_facilities", "preferred_repositories"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are created by their users (the secret is shown to them once); admins see and
    revoke them. The stored hash is not shown either."""

    list_display = ["name", "user", "prefix", "scope", "created", "expires_at", "last_used_at",
                    "revoked_at"]
    list_filter = ["scope", "revoked_at", "expires_at"]
    search_fields = ["name", "user__username", "prefix"]
    list_select_related = ["user"]
    fields = ["user", "name", "scope", "prefix", "created", "expires_at", "last_used_at",
              "revoked_at"]
    readonly_fields = fields
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        self.message_user(request, f"{revoke_tokens(queryset)} token(s) revoked.")


@admin.register(BasketItem)
class BasketItemAdmin(ReadOnlyAdmin):
    list_display = ["title", "owner", "session_short", "item_type", "dataset_slug",
                    "identifier", "added"]
    list_filter = ["item_type", "connector_type", "dataset_slug"]
    search_fields = ["owner__username", "identifier", "title", "dataset_slug"]
    list_select_related = ["owner"]
    fields = ["owner", "item_type", "connector_type", "dataset", "dataset_slug", "archive_slug",
              "identifier", "title", "metadata", "notes", "added"]
    readonly_fields = fields
    show_full_result_count = False

    @admin.display(description="anonymous session")
    def session_short(self, item: BasketItem) -> str:
        # Never the whole key: it is the anonymous visitor's session cookie.
        return f"{item.session_key[:6]}…" if item.session_key else ""
