"""Serializers of the query API. Validation of user input lives here; logic in services."""

from __future__ import annotations

import math
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from query.models import Archive, Dataset
from query.services.connector_calls import capabilities


class FiniteFloatField(serializers.FloatField):
    def to_internal_value(self, data: Any) -> float:
        value = super().to_internal_value(data)
        if not math.isfinite(value):
            raise serializers.ValidationError("A finite number is required.")
        return value


class ArchiveSerializer(serializers.ModelSerializer):
    datasets = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")

    class Meta:
        model = Archive
        fields = ["slug", "name", "institute", "short_description", "long_description",
                  "documentation_url", "logo_url", "ordering", "visible", "datasets"]


class CapabilitiesSerializer(serializers.Serializer):
    query_kinds = serializers.ListField(child=serializers.CharField())
    export_formats = serializers.ListField(child=serializers.CharField())
    async_jobs = serializers.BooleanField()
    describe = serializers.BooleanField()
    staging = serializers.BooleanField()


class HealthSerializer(serializers.Serializer):
    ok = serializers.BooleanField(allow_null=True)
    checked_at = serializers.DateTimeField(allow_null=True)
    latency_ms = serializers.FloatField(allow_null=True)
    error = serializers.CharField(allow_blank=True)


class DatasetSerializer(serializers.ModelSerializer):
    archive = serializers.SlugRelatedField(slug_field="slug", queryset=Archive.objects.all())
    archive_name = serializers.CharField(source="archive.name", read_only=True)
    capabilities = serializers.SerializerMethodField()
    health = serializers.SerializerMethodField()

    class Meta:
        model = Dataset
        fields = ["slug", "name", "description", "archive", "archive_name", "connector_type",
                  "service_url", "resource", "parameter_mapping", "result_hints", "options",
                  "category", "level", "collection", "enabled", "timeout", "row_limit",
                  "ordering", "capabilities", "health"]

    @extend_schema_field(CapabilitiesSerializer(allow_null=True))
    def get_capabilities(self, dataset: Dataset) -> dict[str, Any] | None:
        return capabilities(dataset)

    @extend_schema_field(HealthSerializer)
    def get_health(self, dataset: Dataset) -> dict[str, Any]:
        return {"ok": dataset.health_ok, "checked_at": dataset.health_checked_at,
                "latency_ms": dataset.health_latency_ms, "error": dataset.health_error}

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        instance = Dataset(**{**self._current_values(), **attrs})
        try:
            instance.clean()
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict) from None
        return attrs

    def _current_values(self) -> dict[str, Any]:
        if self.instance is None:
            return {}
        return {f.name: getattr(self.instance, f.name)
                for f in Dataset._meta.concrete_fields if f.name != "id"}
