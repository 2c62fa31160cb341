"""Calls about one dataset (export, describe, health): connector errors become API errors."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.utils import timezone

from esap.errors import EsapError, InvalidInput, UpstreamError, UpstreamTimeout
from query.connectors import (
    ArchiveRefused,
    ArchiveTimeout,
    BadQuery,
    ConnectorError,
    ExportStream,
    LoginRequired,
    NotApplicable,
    NotSupported,
    SearchQuery,
    get_connector,
)
from query.models import Dataset, Search


def to_api_error(exc: ConnectorError) -> EsapError:
    if isinstance(exc, ArchiveRefused):
        error = EsapError(exc.message, code=exc.code, details=exc.details or None)
        error.status_code = exc.http_status
        return error
    if isinstance(exc, LoginRequired):
        error = EsapError(exc.message, code=exc.code)
        error.status_code = 401
        return error
    if isinstance(exc, ArchiveTimeout):
        return UpstreamTimeout(exc.message, code=exc.code)
    if isinstance(exc, BadQuery):
        return InvalidInput(exc.message, field=exc.field, code=exc.code)
    if isinstance(exc, (NotSupported, NotApplicable)):
        return InvalidInput(exc.message, code=exc.code)
    return UpstreamError(exc.message, code=exc.code)


def open_export(search: Search, dataset_slug: str | None, fmt: str) -> ExportStream:
    if not dataset_slug:
        raise InvalidInput("Name the dataset to export.", field="dataset")
    run = search.runs.select_related("dataset").filter(dataset__slug=dataset_slug).first()
    if run is None:
        raise InvalidInput(f"Dataset '{dataset_slug}' is not part of this search.",
                           field="dataset")
    dataset = run.dataset
    try:
        connector = get_connector(dataset.connector_type)
        formats = connector.capabilities(dataset).export_formats
        if fmt not in formats:
            raise InvalidInput(
                f"Format '{fmt}' is not available for this dataset; choose one of: "
                f"{', '.join(formats) or 'none'}.", field="format")
        return connector.export(dataset, SearchQuery.from_json(search.query), fmt,
                                dataset.timeout, user=search.owner)
    except ConnectorError as exc:
        raise to_api_error(exc) from None


def iterate_and_close(stream: ExportStream) -> Iterator[bytes]:
    """Yield the stream's bytes; always release the upstream connection."""
    try:
        yield from stream.chunks
    finally:
        stream.close()


def describe(dataset: Dataset) -> dict[str, Any]:
    try:
        return get_connector(dataset.connector_type).describe(dataset, dataset.timeout)
    except ConnectorError as exc:
        raise to_api_error(exc) from None


def query_form(dataset: Dataset) -> dict[str, Any]:
    try:
        return get_connector(dataset.connector_type).query_form(dataset)
    except ConnectorError as exc:
        raise to_api_error(exc) from None


def capabilities(dataset: Dataset) -> dict[str, Any] | None:
    try:
        return get_connector(dataset.connector_type).capabilities(dataset).to_json()
    except ConnectorError:
        return None


def check_health(dataset: Dataset) -> Dataset:
    """Ask the archive whether the dataset answers; store and return the outcome."""
    timeout = min(dataset.timeout, settings.ESAP_HEALTH_TIMEOUT)
    started = time.perf_counter()
    try:
        report = get_connector(dataset.connector_type).health(dataset, timeout)
        ok, latency, message = report.ok, report.latency_ms, report.message
    except ConnectorError as exc:
        ok, message = False, exc.message
        latency = round((time.perf_counter() - started) * 1000, 1)
    dataset.health_ok = ok
    dataset.health_latency_ms = latency
    dataset.health_error = "" if ok else message[:2000]
    dataset.health_checked_at = timezone.now()
    dataset.save(update_fields=["health_ok", "health_latency_ms", "health_error",
                                "health_checked_at"])
    return dataset
