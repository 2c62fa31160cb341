"""Serializers of what the search API answers: searches, their runs and result rows."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from query.models import DatasetRun, RunStatus, Search
from query.services.connector_calls import capabilities


class RunErrorSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()


class ColumnSerializer(serializers.Serializer):
    name = serializers.CharField()
    datatype = serializers.CharField(allow_null=True)
    unit = serializers.CharField(allow_null=True)
    ucd = serializers.CharField(allow_null=True)
    description = serializers.CharField(allow_null=True)


# Searches are serialized on every poll of every open results page: the two serializers below
# build their answer directly instead of through DRF's per-call field machinery (which costs
# more than the rest of a poll). The declared fields stay the schema; a test checks that both
# ways give the same answer.
_DATETIME = serializers.DateTimeField()
COLUMN_KEYS = ("name", "datatype", "unit", "ucd", "description")


def _datetime(value: Any) -> str | None:
    return None if value is None else _DATETIME.to_representation(value)


def _column(column: dict[str, Any]) -> dict[str, Any]:
    return {key: None if column.get(key) is None else str(column[key]) for key in COLUMN_KEYS}


class RunSerializer(serializers.ModelSerializer):
    dataset = serializers.CharField(source="dataset.slug")
    dataset_name = serializers.CharField(source="dataset.name")
    archive = serializers.CharField(source="dataset.archive.slug")
    archive_name = serializers.CharField(source="dataset.archive.name")
    connector_type = serializers.CharField(source="dataset.connector_type")
    status = serializers.ChoiceField(choices=RunStatus.choices)
    error = serializers.SerializerMethodField()
    columns = ColumnSerializer(many=True)
    export_formats = serializers.SerializerMethodField()

    class Meta:
        model = DatasetRun
        fields = ["dataset", "dataset_name", "archive", "archive_name", "connector_type",
                  "status", "row_count", "overflow", "error", "query_text", "columns",
                  "started_at", "finished_at", "elapsed_ms", "timings", "export_formats"]

    def to_representation(self, run: DatasetRun) -> dict[str, Any]:
        dataset = run.dataset
        return {
            "dataset": dataset.slug, "dataset_name": dataset.name,
            "archive": dataset.archive.slug, "archive_name": dataset.archive.name,
            "connector_type": dataset.connector_type, "status": run.status,
            "row_count": run.row_count, "overflow": run.overflow, "error": self.get_error(run),
            "query_text": run.query_text,
            "columns": [_column(column) for column in run.columns or []],
            "started_at": _datetime(run.started_at), "finished_at": _datetime(run.finished_at),
            "elapsed_ms": None if run.elapsed_ms is None else float(run.elapsed_ms),
            "timings": run.timings, "export_formats": self.get_export_formats(run),
        }

    @extend_schema_field(RunErrorSerializer(allow_null=True))
    def get_error(self, run: DatasetRun) -> dict[str, str] | None:
        if not run.error_code:
            return None
        return {"code": run.error_code, "message": run.error_message}

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_export_formats(self, run: DatasetRun) -> list[str]:
        caps = capabilities(run.dataset)
        return caps["export_formats"] if caps else []


class TotalsSerializer(serializers.Serializer):
    datasets = serializers.IntegerField()
    finished = serializers.IntegerField()
    rows = serializers.IntegerField()
    failed = serializers.IntegerField()


class SearchSerializer(serializers.ModelSerializer):
    """A search with one entry per dataset run. When the request asked for
    ``include_results``, the answer also has ``results``: the first merged rows."""

    runs = serializers.SerializerMethodField()
    complete = serializers.SerializerMethodField()
    totals = serializers.SerializerMethodField()

    class Meta:
        model = Search
        fields = ["id", "name", "saved", "created", "expires_at", "query", "row_limit",
                  "timeout", "complete", "totals", "runs"]

    def _runs(self, search: Search) -> list[DatasetRun]:
        # Runs just stored by this request come in the context; otherwise searches come with
        # their runs prefetched (services.searches.with_runs).
        if "runs" in self.context:
            return self.context["runs"]
        return list(search.runs.all())

    def to_representation(self, search: Search) -> dict[str, Any]:
        return {
            "id": str(search.id), "name": search.name, "saved": search.saved,
            "created": _datetime(search.created), "expires_at": _datetime(search.expires_at),
            "query": search.query, "row_limit": search.row_limit,
            "timeout": None if search.timeout is None else float(search.timeout),
            "complete": self.get_complete(search), "totals": self.get_totals(search),
            "runs": self.get_runs(search),
        }

    @extend_schema_field(RunSerializer(many=True))
    def get_runs(self, search: Search) -> list[dict[str, Any]]:
        run_serializer = RunSerializer()
        return [run_serializer.to_representation(run) for run in self._runs(search)]

    def get_complete(self, search: Search) -> bool:
        return all(run.finished for run in self._runs(search))

    @extend_schema_field(TotalsSerializer)
    def get_totals(self, search: Search) -> dict[str, int]:
        runs = self._runs(search)
        return {"datasets": len(runs), "finished": sum(run.finished for run in runs),
                "rows": sum(run.row_count for run in runs),
                "failed": sum(run.status in (RunStatus.ERROR, RunStatus.TIMEOUT) for run in runs)}


class ResultRowSerializer(serializers.Serializer):
    """Documentation of a result row (rows are built by services.results.serialize_rows)."""

    dataset = serializers.CharField()
    archive = serializers.CharField()
    id = serializers.CharField()
    title = serializers.CharField()
    ra = serializers.FloatField(allow_null=True)
    dec = serializers.FloatField(allow_null=True)
    access_url = serializers.CharField(allow_null=True)
    format = serializers.CharField(allow_null=True)
    size = serializers.IntegerField(allow_null=True)
    dataproduct_type = serializers.CharField(allow_null=True)
    thumbnail = serializers.CharField(allow_null=True)
    fields = serializers.DictField()


class PositionsSerializer(serializers.Serializer):
    datasets = serializers.ListField(child=serializers.CharField(),
                                     help_text="Dataset slugs; positions refer to them by index.")
    truncated = serializers.BooleanField(help_text="More positions exist than were returned.")
    positions = serializers.ListField(
        child=serializers.ListField(child=serializers.FloatField(), min_length=3, max_length=3),
        help_text="[ra, dec, dataset index] in degrees.")


class SearchCreatedSerializer(SearchSerializer):
    """Documentation of the 201 answer: a search, plus ``results`` when asked for."""

    results = ResultRowSerializer(many=True, read_only=True, required=False)

    class Meta(SearchSerializer.Meta):
        fields = [*SearchSerializer.Meta.fields, "results"]
