"""Serializers of the accounts API: input validation here, logic in accounts.services."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from rest_framework import serializers

from accounts.models import ApiToken, ItemType, TokenScope
from accounts.services import tokens
from analysis.models import ComputeFacility, SoftwareRepository

MAX_ITEMS_PER_REQUEST = 1000
MAX_METADATA_BYTES = 64 * 1024
MAX_NOTES = 10_000


# ------------------------------------------------------------------------ session and login

class LoginSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=1024, trim_whitespace=False,
                                     style={"input_type": "password"})


class SessionUserSerializer(serializers.Serializer):
    username = serializers.CharField()
    name = serializers.CharField()
    email = serializers.CharField()
    is_staff = serializers.BooleanField()
    identity_provider = serializers.CharField(help_text="`local`, or the OIDC provider.")


class LoginMethodSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=["local", "oidc"])
    label = serializers.CharField(required=False, help_text="OIDC only.")
    url = serializers.CharField(required=False, help_text="OIDC only: where to start.")


class SessionSerializer(serializers.Serializer):
    authenticated = serializers.BooleanField()
    user = SessionUserSerializer(allow_null=True)
    login_methods = LoginMethodSerializer(many=True)
    basket_count = serializers.IntegerField()


class LogoutSerializer(serializers.Serializer):
    end_session_url = serializers.URLField(
        help_text="The identity provider's end-session URL: navigate the browser there to "
                  "sign out of the provider too.")


# ---------------------------------------------------------------------------------- tokens

class TokenSerializer(serializers.ModelSerializer):
    revoked = serializers.BooleanField(read_only=True)
    scope = serializers.ChoiceField(choices=TokenScope.choices, read_only=True)

    class Meta:
        model = ApiToken
        fields = ["id", "name", "scope", "prefix", "created", "expires_at", "last_used_at",
                  "revoked"]
        read_only_fields = fields


class TokenCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    scope = serializers.ChoiceField(choices=TokenScope.choices)
    expires_in_days = serializers.IntegerField(
        required=False, min_value=1, max_value=tokens.MAX_LIFETIME_DAYS,
        default=tokens.DEFAULT_LIFETIME_DAYS)


class TokenCreatedSerializer(TokenSerializer):
    token = serializers.CharField(read_only=True,
                                  help_text="The secret: shown this once, never again.")

    class Meta(TokenSerializer.Meta):
        fields = [*TokenSerializer.Meta.fields, "token"]
        read_only_fields = fields


# ---------------------------------------------------------------------------------- basket

class BasketItemSerializer(serializers.Serializer):
    """Documentation of a basket item (items are built by services.basket.item_json)."""

    id = serializers.IntegerField()
    item_type = serializers.CharField(help_text="catalogue_row, data_product, query, "
                                                "rucio_did, zooniverse_project, "
                                                "zooniverse_workflow, zooniverse_subject_set, "
                                                "zooniverse_subject.")
    connector_type = serializers.CharField()
    dataset = serializers.CharField(help_text="Dataset slug.")
    archive = serializers.CharField(help_text="Archive slug.")
    identifier = serializers.CharField()
    title = serializers.CharField()
    metadata = serializers.DictField(help_text="Snapshot: the result row, or the query.")
    notes = serializers.CharField()
    added = serializers.DateTimeField()


class BasketItemInSerializer(serializers.Serializer):
    item_type = serializers.ChoiceField(choices=ItemType.choices)
    dataset = serializers.SlugField(max_length=80)
    identifier = serializers.CharField(max_length=500, trim_whitespace=False)
    title = serializers.CharField(max_length=500, required=False, allow_blank=True)
    metadata = serializers.DictField(required=False)
    notes = serializers.CharField(max_length=MAX_NOTES, required=False, allow_blank=True)

    def validate_metadata(self, value: dict[str, Any]) -> dict[str, Any]:
        if len(json.dumps(value)) > MAX_METADATA_BYTES:
            raise serializers.ValidationError(
                f"At most {MAX_METADATA_BYTES // 1024} KiB of metadata per item.")
        return value


class BasketItemsInSerializer(serializers.Serializer):
    items = serializers.ListField(child=BasketItemInSerializer(), min_length=1,
                                  max_length=MAX_ITEMS_PER_REQUEST)


class BasketAddResultSerializer(serializers.Serializer):
    added = serializers.IntegerField(help_text="Items new to the basket.")
    existing = serializers.IntegerField(help_text="Items that were already there (kept).")
    items = BasketItemSerializer(many=True, required=False,
                                 help_text="The basket's items for the given ones, in order.")


class BasketFromSearchSerializer(serializers.Serializer):
    search = serializers.UUIDField()
    dataset = serializers.SlugField(max_length=80)
    rows = serializers.ListField(child=serializers.CharField(max_length=500,
                                                             trim_whitespace=False),
                                 required=False, min_length=1,
                                 max_length=settings.ESAP_MAX_ROW_LIMIT,
                                 help_text="Row ids (the results' `id`) of this dataset.")
    all_rows = serializers.BooleanField(required=False,
                                        help_text="Every stored row of this dataset.")
    as_query = serializers.BooleanField(required=False,
                                        help_text="One `query` item: this dataset's query.")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        chosen = [key for key in ("rows", "all_rows", "as_query") if attrs.get(key)]
        if len(chosen) != 1:
            raise serializers.ValidationError(
                {"rows": "Give exactly one of rows, all_rows: true or as_query: true."})
        return attrs


class BasketNotesSerializer(serializers.Serializer):
    notes = serializers.CharField(max_length=MAX_NOTES, allow_blank=True)


# --------------------------------------------------------------------------------- profile

class ProfileSerializer(serializers.Serializer):
    username = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)
    email = serializers.CharField(read_only=True)
    identity_provider = serializers.CharField(read_only=True)
    groups = serializers.ListField(child=serializers.CharField(), read_only=True)
    preferred_facilities = serializers.ListField(child=serializers.CharField(),
                                                 read_only=True)
    preferred_repositories = serializers.ListField(child=serializers.CharField(),
                                                   read_only=True)
    default_staging_destination = serializers.CharField(read_only=True)


class ProfileUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=150, required=False, allow_blank=True,
                                 help_text="Local accounts only.")
    email = serializers.EmailField(max_length=254, required=False, allow_blank=True,
                                   help_text="Local accounts only.")
    preferred_facilities = serializers.SlugRelatedField(
        many=True, required=False, slug_field="slug",
        queryset=ComputeFacility.objects.filter(enabled=True),
        help_text="Slugs of enabled facilities (GET /api/v1/analysis/facilities/).")
    preferred_repositories = serializers.SlugRelatedField(
        many=True, required=False, slug_field="slug",
        queryset=SoftwareRepository.objects.filter(enabled=True),
        help_text="Slugs of enabled repositories (GET /api/v1/analysis/repositories/).")
    default_staging_destination = serializers.CharField(max_length=500, required=False,
                                                        allow_blank=True)
