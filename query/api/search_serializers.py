"""Serializers of federated searches: the typed query in (answers: search_answers.py)."""

from __future__ import annotations

import math
from datetime import UTC
from typing import Any

from django.conf import settings
from rest_framework import serializers

from query.api.serializers import FiniteFloatField
from query.connectors import ConeQuery, DidQuery, MetadataFilter, QueryKind, SearchQuery
from query.connectors.base import (
    COMMON_PARAMETERS,
    CONSTRAINT_OPERATORS,
    DID_TYPES,
    METADATA_OPERATORS,
    Constraint,
)


class ConeSerializer(serializers.Serializer):
    ra = FiniteFloatField(min_value=0.0, max_value=360.0, help_text="Degrees (ICRS).")
    dec = FiniteFloatField(min_value=-90.0, max_value=90.0, help_text="Degrees (ICRS).")
    radius = FiniteFloatField(min_value=0.0, max_value=90.0, help_text="Degrees, > 0.")

    def validate_radius(self, value: float) -> float:
        if value <= 0:
            raise serializers.ValidationError("The radius must be greater than 0.")
        return value

    def validate_ra(self, value: float) -> float:
        return 0.0 if value == 360.0 else value


class ConstraintSerializer(serializers.Serializer):
    param = serializers.ChoiceField(choices=sorted(COMMON_PARAMETERS))
    op = serializers.ChoiceField(choices=CONSTRAINT_OPERATORS)
    value = serializers.JSONField(help_text="A number, a string, or [low, high] for 'between'.")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        value, op = attrs["value"], attrs["op"]
        kind = COMMON_PARAMETERS[attrs["param"]]
        if op == "between":
            if not (isinstance(value, list) and len(value) == 2):
                raise serializers.ValidationError({"value": "'between' takes [low, high]."})
            attrs["value"] = tuple(self._typed(v, "number") for v in value)
        elif op == "like":
            if kind != "string" or not isinstance(value, str):
                raise serializers.ValidationError({"value": "'like' takes a text pattern."})
        else:
            attrs["value"] = self._typed(value, kind)
        return attrs

    @staticmethod
    def _typed(value: Any, kind: str) -> float | str:
        if kind == "number":
            if isinstance(value, bool) or not isinstance(value, (int, float)) or \
                    not math.isfinite(value):
                raise serializers.ValidationError({"value": "A finite number is required."})
            return float(value)
        if not isinstance(value, str) or len(value) > 500:
            raise serializers.ValidationError({"value": "A text of at most 500 characters."})
        return value


class MetadataFilterSerializer(serializers.Serializer):
    key = serializers.RegexField(r"^[A-Za-z][A-Za-z0-9_]{0,99}$",
                                 error_messages={"invalid": "Letters, digits and _ only."})
    op = serializers.ChoiceField(choices=METADATA_OPERATORS, default="eq")
    value = serializers.JSONField(help_text="A string, a number or a boolean.")

    def validate_value(self, value: Any) -> Any:
        if isinstance(value, float) and not math.isfinite(value):
            raise serializers.ValidationError("A finite number is required.")
        if not isinstance(value, (str, int, float, bool)) or \
                (isinstance(value, str) and not 0 < len(value) <= 200):
            raise serializers.ValidationError(
                "A string (1-200 characters), a number or a boolean.")
        return value


class DidQuerySerializer(serializers.Serializer):
    pattern = serializers.CharField(max_length=300, help_text=(
        "scope:name with * wildcards in both parts (e.g. user.*:*calib*); without a colon, "
        "a name pattern in every scope."))
    type = serializers.ChoiceField(choices=DID_TYPES, default="all")
    metadata = MetadataFilterSerializer(many=True, required=False, max_length=20)
    created_after = serializers.DateTimeField(required=False, allow_null=True)
    created_before = serializers.DateTimeField(required=False, allow_null=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        after, before = attrs.get("created_after"), attrs.get("created_before")
        if after and before and after >= before:
            raise serializers.ValidationError(
                {"created_before": "Must be later than created_after."})
        return attrs


class SearchCreateSerializer(serializers.Serializer):
    datasets = serializers.ListField(
        child=serializers.SlugField(), required=False, max_length=500,
        help_text="Dataset slugs to ask; default: every enabled dataset.")
    cone = ConeSerializer(required=False)
    constraints = ConstraintSerializer(many=True, required=False, max_length=50)
    adql = serializers.CharField(required=False, trim_whitespace=True,
                                 help_text="Raw ADQL for exactly one dataset.")
    keyword = serializers.CharField(required=False, max_length=500)
    did = DidQuerySerializer(required=False, help_text="Data identifiers (Rucio data lakes).")
    row_limit = serializers.IntegerField(required=False, min_value=1)
    timeout = FiniteFloatField(required=False, help_text="Seconds per dataset.")
    wait = FiniteFloatField(required=False, min_value=0.0,
                            help_text="Seconds to wait for completion before answering.")
    name = serializers.CharField(required=False, max_length=200, allow_blank=True)
    include_results = serializers.IntegerField(
        required=False, min_value=0, max_value=1000,
        help_text="Embed up to this many merged result rows (the first page) in the answer; "
                  "most useful with 'wait'.")

    def validate_adql(self, value: str) -> str:
        if len(value) > settings.ESAP_MAX_ADQL_LENGTH:
            raise serializers.ValidationError(
                f"ADQL is limited to {settings.ESAP_MAX_ADQL_LENGTH} characters.")
        return value

    def validate_row_limit(self, value: int) -> int:
        if value > settings.ESAP_MAX_ROW_LIMIT:
            raise serializers.ValidationError(f"At most {settings.ESAP_MAX_ROW_LIMIT}.")
        return value

    def validate_timeout(self, value: float) -> float:
        if not 0 < value <= settings.ESAP_MAX_TIMEOUT:
            raise serializers.ValidationError(
                f"Between 0 and {settings.ESAP_MAX_TIMEOUT:g} seconds.")
        return value

    def validate_wait(self, value: float) -> float:
        if value > settings.ESAP_MAX_WAIT:
            raise serializers.ValidationError(f"At most {settings.ESAP_MAX_WAIT:g} seconds.")
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        given = [key for key in ("cone", "constraints", "adql", "keyword", "did")
                 if attrs.get(key)]
        if not given:
            raise serializers.ValidationError(
                {"cone": "Give a cone (ra, dec, radius), constraints, adql, keyword or did."})
        if "did" in given and len(given) > 1:
            raise serializers.ValidationError({"did": "A data identifier search takes no other "
                                                      "query fields."})
        if "adql" in given and len(given) > 1:
            raise serializers.ValidationError({"adql": "ADQL cannot be combined with other "
                                                       "query fields."})
        if "keyword" in given and len(given) > 1:
            raise serializers.ValidationError({"keyword": "A keyword search takes no cone or "
                                                          "constraints."})
        attrs["query"] = self._build_query(attrs)
        return attrs

    @staticmethod
    def _build_query(attrs: dict[str, Any]) -> SearchQuery:
        cone = ConeQuery(**attrs["cone"]) if attrs.get("cone") else None
        if attrs.get("adql"):
            return SearchQuery(kind=QueryKind.ADQL, adql=attrs["adql"])
        if attrs.get("keyword"):
            return SearchQuery(kind=QueryKind.KEYWORD, keyword=attrs["keyword"])
        if attrs.get("did"):
            return SearchQuery(kind=QueryKind.DID, did=_did_query(attrs["did"]))
        if attrs.get("constraints"):
            constraints = tuple(Constraint(c["param"], c["op"], c["value"])
                                for c in attrs["constraints"])
            return SearchQuery(kind=QueryKind.CONSTRAINTS, cone=cone, constraints=constraints)
        return SearchQuery(kind=QueryKind.CONE, cone=cone)


def _utc_iso(value: Any) -> str | None:
    return None if value is None else value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")


def _did_query(data: dict[str, Any]) -> DidQuery:
    return DidQuery(
        pattern=data["pattern"].strip(), did_type=data.get("type") or "all",
        metadata=tuple(MetadataFilter(f["key"], f["op"], f["value"])
                       for f in data.get("metadata") or ()),
        created_after=_utc_iso(data.get("created_after")),
        created_before=_utc_iso(data.get("created_before")))


class SearchUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(required=False, max_length=200, allow_blank=True)
    saved = serializers.BooleanField(required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs:
            raise serializers.ValidationError({"name": "Give a name or saved."})
        return attrs
