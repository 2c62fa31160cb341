"""Rucio API serializers: input validation and (documentation of) the answers."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from rucio_connector.models import StagingRequest, StagingState


class PageQuerySerializer(serializers.Serializer):
    page = serializers.IntegerField(required=False, default=1, min_value=1, max_value=10_000)
    page_size = serializers.IntegerField(required=False, default=50, min_value=1,
                                         max_value=1000)


class DidDetailSerializer(serializers.Serializer):
    scope = serializers.CharField()
    name = serializers.CharField()
    did = serializers.CharField(help_text="scope:name")
    type = serializers.CharField(help_text="file, dataset or container")
    bytes = serializers.IntegerField(allow_null=True)
    length = serializers.IntegerField(allow_null=True)
    account = serializers.CharField(allow_null=True)
    open = serializers.BooleanField(allow_null=True)
    created_at = serializers.CharField(allow_null=True)
    updated_at = serializers.CharField(allow_null=True)
    metadata = serializers.DictField()
    webui_url = serializers.CharField(allow_null=True)


class _RucioPage(serializers.Serializer):
    count = serializers.IntegerField(help_text="Items read (at most 10 000).")
    count_capped = serializers.BooleanField()
    page = serializers.IntegerField()
    page_size = serializers.IntegerField()
    next_page = serializers.IntegerField(allow_null=True)


class DidContentSerializer(serializers.Serializer):
    scope = serializers.CharField()
    name = serializers.CharField()
    did = serializers.CharField()
    type = serializers.CharField()
    bytes = serializers.IntegerField(allow_null=True)


class ContentsPageSerializer(_RucioPage):
    results = DidContentSerializer(many=True)


class DidFileSerializer(serializers.Serializer):
    scope = serializers.CharField()
    name = serializers.CharField()
    did = serializers.CharField()
    bytes = serializers.IntegerField(allow_null=True)
    adler32 = serializers.CharField(allow_null=True)
    md5 = serializers.CharField(allow_null=True)
    events = serializers.IntegerField(allow_null=True)


class FilesPageSerializer(_RucioPage):
    results = DidFileSerializer(many=True)


class RucioReplicaSerializer(serializers.Serializer):
    rse = serializers.CharField()
    state = serializers.CharField(help_text="AVAILABLE, COPYING, UNAVAILABLE, …")
    pfns = serializers.ListField(child=serializers.CharField())
    download_url = serializers.CharField(allow_null=True)


class FileReplicasSerializer(serializers.Serializer):
    did = serializers.CharField()
    scope = serializers.CharField()
    name = serializers.CharField()
    bytes = serializers.IntegerField(allow_null=True)
    replicas = RucioReplicaSerializer(many=True)


class RseSummarySerializer(serializers.Serializer):
    rse = serializers.CharField()
    state = serializers.ChoiceField(choices=["complete", "partial"])
    files = serializers.IntegerField()
    available_files = serializers.IntegerField()
    available_bytes = serializers.IntegerField()
    total_files = serializers.IntegerField()
    total_bytes = serializers.IntegerField()


class ReplicasPageSerializer(_RucioPage):
    rses = RseSummarySerializer(many=True)
    results = FileReplicasSerializer(many=True)


class RucioRuleSerializer(serializers.Serializer):
    id = serializers.CharField()
    account = serializers.CharField()
    rse_expression = serializers.CharField()
    state = serializers.CharField()
    locks_ok = serializers.IntegerField()
    locks_replicating = serializers.IntegerField()
    locks_stuck = serializers.IntegerField()
    copies = serializers.IntegerField()
    grouping = serializers.CharField()
    created_at = serializers.CharField(allow_null=True)
    expires_at = serializers.CharField(allow_null=True)


class RucioRulesSerializer(serializers.Serializer):
    results = RucioRuleSerializer(many=True)


class RucioDestinationSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    rse_expression = serializers.CharField()
    facility = serializers.CharField()


class RucioDestinationsSerializer(serializers.Serializer):
    destinations = RucioDestinationSerializer(many=True)
    default_lifetime_days = serializers.IntegerField()
    max_lifetime_days = serializers.IntegerField()


class StagingCreateSerializer(serializers.Serializer):
    dataset = serializers.SlugField()
    destination = serializers.CharField(max_length=40)
    lifetime_days = serializers.IntegerField(required=False, min_value=1, max_value=3650)
    dids = serializers.ListField(child=serializers.CharField(max_length=300), required=False,
                                 max_length=200, help_text="scope:name data identifiers.")
    basket_items = serializers.ListField(child=serializers.IntegerField(min_value=1),
                                         required=False, max_length=200,
                                         help_text="Ids of rucio_did basket items.")
    name = serializers.CharField(required=False, allow_blank=True, max_length=200)


class StagingErrorSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    rucio = serializers.CharField(help_text="Rucio's exception name, if any.")


class StagedItemSerializer(serializers.Serializer):
    did = serializers.CharField()
    type = serializers.CharField(source="did_type")
    bytes = serializers.IntegerField(allow_null=True)
    files = serializers.IntegerField(allow_null=True)
    rule_id = serializers.CharField()
    reused = serializers.BooleanField()
    rule_state = serializers.CharField()
    locks_ok = serializers.IntegerField()
    locks_replicating = serializers.IntegerField()
    locks_stuck = serializers.IntegerField()
    bytes_done = serializers.IntegerField()
    error = serializers.SerializerMethodField()

    @extend_schema_field(StagingErrorSerializer(allow_null=True))
    def get_error(self, item: Any) -> dict[str, str] | None:
        if not item.error_code:
            return None
        return {"code": item.error_code, "message": item.error_message,
                "rucio": item.rucio_exception}


class StagingTotalsSerializer(serializers.Serializer):
    dids = serializers.IntegerField()
    files = serializers.IntegerField()
    bytes = serializers.IntegerField()
    bytes_done = serializers.IntegerField()
    locks_ok = serializers.IntegerField()
    locks_replicating = serializers.IntegerField()
    locks_stuck = serializers.IntegerField()
    progress = serializers.FloatField(help_text="0..1")


class StagingRequestSerializer(serializers.ModelSerializer):
    dataset = serializers.CharField(source="dataset_slug")
    dataset_name = serializers.SerializerMethodField()
    destination = serializers.SerializerMethodField()
    state = serializers.ChoiceField(choices=StagingState.choices)
    error = serializers.SerializerMethodField()
    totals = serializers.SerializerMethodField()
    items = StagedItemSerializer(many=True)

    class Meta:
        model = StagingRequest
        fields = ["id", "name", "dataset", "dataset_name", "destination", "account",
                  "lifetime_days", "state", "created", "refreshed_at", "finished_at",
                  "expires_at", "error", "totals", "items"]

    def get_dataset_name(self, staging: StagingRequest) -> str:
        return staging.dataset.name if staging.dataset else staging.dataset_slug

    @extend_schema_field(RucioDestinationSerializer)
    def get_destination(self, staging: StagingRequest) -> dict[str, str]:
        return {"key": staging.destination_key, "label": staging.destination_label,
                "rse_expression": staging.rse_expression, "facility": staging.facility}

    @extend_schema_field(StagingErrorSerializer(allow_null=True))
    def get_error(self, staging: StagingRequest) -> dict[str, str] | None:
        failed = [i for i in staging.items.all() if i.error_code]
        if not failed:
            return None
        return {"code": failed[0].error_code,
                "message": f"{len(failed)} of {len(staging.items.all())} item(s) failed: "
                           f"{failed[0].error_message}"}

    @extend_schema_field(StagingTotalsSerializer)
    def get_totals(self, staging: StagingRequest) -> dict[str, Any]:
        items = list(staging.items.all())
        size = sum(i.bytes or 0 for i in items)
        done = sum(min(i.bytes_done, i.bytes or i.bytes_done) for i in items)
        locks = [sum(getattr(i, f) for i in items)
                 for f in ("locks_ok", "locks_replicating", "locks_stuck")]
        if size:
            progress = done / size
        elif sum(locks):
            progress = locks[0] / sum(locks)
        else:
            progress = 1.0 if staging.state == StagingState.DONE else 0.0
        return {"dids": len(items), "files": sum(i.files or 0 for i in items), "bytes": size,
                "bytes_done": done, "locks_ok": locks[0], "locks_replicating": locks[1],
                "locks_stuck": locks[2], "progress": round(min(progress, 1.0), 4)}


class StagingPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = StagingRequestSerializer(many=True)
