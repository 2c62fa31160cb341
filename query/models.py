"""Archive registry, searches, per-dataset runs and their stored result rows."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from query.connectors.errors import BadQuery
from query.connectors.registry import get_connector, registered_types


class Archive(models.Model):
    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    institute = models.CharField(max_length=200, blank=True)
    short_description = models.CharField(max_length=500, blank=True)
    long_description = models.TextField(blank=True)
    documentation_url = models.URLField(blank=True)
    logo_url = models.URLField(blank=True)
    ordering = models.IntegerField(default=100, help_text="Lower numbers are listed first.")
    visible = models.BooleanField(default=True)

    class Meta:
        ordering = ["ordering", "name"]

    def __str__(self) -> str:
        return self.name


class Dataset(models.Model):
    archive = models.ForeignKey(Archive, on_delete=models.CASCADE, related_name="datasets")
    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    connector_type = models.CharField(
        max_length=40, help_text="Which installed connector serves this dataset (e.g. ivoa-tap)."
    )
    service_url = models.URLField(max_length=500, help_text="Base URL of the archive service.")
    resource = models.CharField(
        max_length=300, blank=True,
        help_text="Table or resource at the service (e.g. ivoa.obscore).",
    )
    parameter_mapping = models.JSONField(
        default=dict, blank=True,
        help_text='ESAP common parameter → archive column, e.g. {"ra": "s_ra", "dec": "s_dec"}.',
    )
    result_hints = models.JSONField(
        default=dict, blank=True,
        help_text='Columns for common result fields, e.g. {"title": "obs_id", '
                  '"access_url": "access_url", "thumbnail": "preview"}.',
    )
    options = models.JSONField(
        default=dict, blank=True,
        help_text='Connector-specific settings, e.g. {"mode": "auto", "async_threshold": 10000}.',
    )
    category = models.CharField(max_length=100, blank=True)
    level = models.CharField(max_length=50, blank=True, help_text="e.g. raw, calibrated, catalogue")
    collection = models.CharField(max_length=200, blank=True)
    enabled = models.BooleanField(default=True)
    timeout = models.FloatField(default=30.0, help_text="Seconds allowed per query.")
    row_limit = models.PositiveIntegerField(
        default=1000, help_text="Rows kept per search; more are reported as overflow."
    )
    ordering = models.IntegerField(default=100)
    # Health, filled by the check_datasets command and the health endpoint.
    health_checked_at = models.DateTimeField(null=True, blank=True)
    health_ok = models.BooleanField(null=True, blank=True)
    health_latency_ms = models.FloatField(null=True, blank=True)
    health_error = models.TextField(blank=True)

    class Meta:
        ordering = ["archive__ordering", "ordering", "name"]

    def __str__(self) -> str:
        return f"{self.archive.name} / {self.name}"

    def clean(self) -> None:
        types = dict(registered_types())
        if self.connector_type not in types:
            raise ValidationError({"connector_type": f"Unknown connector type; installed: "
                                                     f"{', '.join(sorted(types)) or 'none'}."})
        if not isinstance(self.parameter_mapping, dict):
            raise ValidationError({"parameter_mapping": "Must be a JSON object."})
        if not isinstance(self.result_hints, dict):
            raise ValidationError({"result_hints": "Must be a JSON object."})
        if not isinstance(self.options, dict):
            raise ValidationError({"options": "Must be a JSON object."})
        if not 0 < self.timeout <= settings.ESAP_MAX_TIMEOUT:
            raise ValidationError({"timeout": f"Between 0 and {settings.ESAP_MAX_TIMEOUT} s."})
        if not 0 < self.row_limit <= settings.ESAP_MAX_ROW_LIMIT:
            raise ValidationError({"row_limit": f"Between 1 and {settings.ESAP_MAX_ROW_LIMIT}."})
        try:  # the connector checks its own settings (e.g. a Rucio dataset's auth mode)
            get_connector(self.connector_type).validate_dataset(self)
        except BadQuery as exc:
            raise ValidationError({exc.field or "options": exc.message}) from None


class Search(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.CASCADE, related_name="searches")
    session_key = models.CharField(max_length=64, blank=True, db_index=True)
    name = models.CharField(max_length=200, blank=True)
    saved = models.BooleanField(default=False, help_text="Kept in the owner's history as saved.")
    query = models.JSONField(help_text="The typed query (SearchQuery.to_json()).")
    row_limit = models.PositiveIntegerField(null=True, blank=True)
    timeout = models.FloatField(null=True, blank=True)
    # A default rather than auto_now_add: a search answered before it is stored (see
    # services.searches) must show the time it will be stored with.
    created = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    expires_at = models.DateTimeField(null=True, blank=True, db_index=True,
                                      help_text="Anonymous searches expire; owned ones do not.")

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return self.name or str(self.id)


class RunStatus(models.TextChoices):
    PENDING = "pending"
    RUNNING = "running"
    OK = "ok"
    OVERFLOW = "overflow"
    TIMEOUT = "timeout"
    ERROR = "error"
    NOT_APPLICABLE = "not_applicable"


FINISHED_STATUSES = frozenset({RunStatus.OK, RunStatus.OVERFLOW, RunStatus.TIMEOUT,
                               RunStatus.ERROR, RunStatus.NOT_APPLICABLE})


class DatasetRun(models.Model):
    search = models.ForeignKey(Search, on_delete=models.CASCADE, related_name="runs")
    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="runs")
    status = models.CharField(max_length=20, choices=RunStatus.choices, default=RunStatus.PENDING)
    row_count = models.PositiveIntegerField(default=0)
    overflow = models.BooleanField(default=False)
    error_code = models.CharField(max_length=50, blank=True)
    error_message = models.TextField(blank=True)
    query_text = models.TextField(blank=True)
    columns = models.JSONField(default=list, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    elapsed_ms = models.FloatField(null=True, blank=True)
    timings = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["dataset__archive__ordering", "dataset__ordering", "id"]
        constraints = [models.UniqueConstraint(fields=["search", "dataset"],
                                               name="one_run_per_dataset")]

    @property
    def finished(self) -> bool:
        return self.status in FINISHED_STATUSES


class ResultRow(models.Model):
    """One normalized row of a run, stored so that pages never re-run the archive query.
    Common fields are columns (sortable across datasets); the archive's own columns sit in
    ``fields``."""

    run = models.ForeignKey(DatasetRun, on_delete=models.CASCADE, related_name="rows")
    position = models.PositiveIntegerField(help_text="Order in the archive's answer.")
    identifier = models.CharField(max_length=500)
    title = models.CharField(max_length=500, blank=True)
    ra = models.FloatField(null=True)
    dec = models.FloatField(null=True)
    access_url = models.URLField(max_length=2000, blank=True)
    format = models.CharField(max_length=100, blank=True)
    size = models.BigIntegerField(null=True)
    dataproduct_type = models.CharField(max_length=50, blank=True)
    thumbnail = models.URLField(max_length=2000, blank=True)
    fields = models.JSONField(default=dict)

    class Meta:
        ordering = ["run_id", "position"]
        indexes = [models.Index(fields=["run", "position"])]
