"""The ``ivoa-tap`` connector: ADQL over TAP (sync or UWS async), export, TAP_SCHEMA, health."""

from __future__ import annotations

import time
from typing import Any

from ivoa_connector import schema, uws
from ivoa_connector.adql import build_query, validate_adql
from ivoa_connector.export import export_tap
from ivoa_connector.http import TimeoutSession, read_body, send
from ivoa_connector.results import finish_tap
from query.connectors import (
    BadQuery,
    Capabilities,
    Connector,
    ExportStream,
    HealthReport,
    NotApplicable,
    QueryKind,
    SearchQuery,
    SearchResult,
)

DEFAULT_ASYNC_THRESHOLD = 10000


def tap_base(dataset: Any) -> str:
    url = (dataset.service_url or "").strip().rstrip("/")
    for suffix in ("/sync", "/async"):
        if url.endswith(suffix):
            url = url[: -len(suffix)]
    return url


def adql_for(dataset: Any, query: SearchQuery) -> str:
    """The ADQL to run for a typed query (built from typed values) or the checked raw ADQL."""
    if query.kind == QueryKind.ADQL:
        validate_adql(query.adql)
        return str(query.adql)
    if query.kind == QueryKind.CONE:
        if query.cone is None:
            raise BadQuery("A cone search needs ra, dec and radius.", field="cone")
        return build_query(dataset, query.cone)
    if query.kind == QueryKind.CONSTRAINTS:
        return build_query(dataset, query.cone, query.constraints)
    raise NotApplicable("Keyword searches do not apply to TAP tables.")


def error_field(query: SearchQuery) -> str | None:
    return "adql" if query.kind == QueryKind.ADQL else None


def use_async(dataset: Any, limit: int) -> bool:
    options = dataset.options or {}
    mode = options.get("mode", "auto")
    if mode == "async":
        return True
    if mode == "sync":
        return False
    threshold = options.get("async_threshold", DEFAULT_ASYNC_THRESHOLD)
    if isinstance(threshold, bool) or not isinstance(threshold, int | float):
        threshold = DEFAULT_ASYNC_THRESHOLD
    return limit > threshold


def check_limit(limit: int) -> None:
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise BadQuery("The row limit must be a positive whole number.", field="row_limit")


class TapConnector(Connector):
    connector_type = "ivoa-tap"
    label = "IVOA TAP"

    def capabilities(self, dataset: Any) -> Capabilities:
        return Capabilities(
            query_kinds=frozenset({QueryKind.CONE, QueryKind.CONSTRAINTS, QueryKind.ADQL}),
            export_formats=("votable", "csv"), async_jobs=True, describe=True)

    def validate_query(self, dataset: Any, query: SearchQuery) -> None:
        # Raw ADQL is checked before anything is stored or sent (400 naming "adql").
        if query.kind == QueryKind.ADQL:
            validate_adql(query.adql)

    def search(self, dataset: Any, query: SearchQuery, limit: int,
               timeout: float, *, user: Any = None) -> SearchResult:
        check_limit(limit)
        adql = adql_for(dataset, query)
        if use_async(dataset, limit):
            return uws.run_async(dataset, tap_base(dataset), adql, limit, timeout,
                                 error_field(query))
        session = TimeoutSession(timeout)
        started = time.perf_counter()
        response = send(session, "POST", f"{tap_base(dataset)}/sync",
                        data=uws.query_params(adql, limit + 1))
        body = read_body(response, session)
        timings = {"archive_ms": round((time.perf_counter() - started) * 1000, 2)}
        return finish_tap(dataset, adql, response, body, limit, timings, error_field(query))

    def submit(self, dataset: Any, query: SearchQuery, limit: int, timeout: float) -> str:
        check_limit(limit)
        return uws.submit(dataset, tap_base(dataset), adql_for(dataset, query), limit, timeout)

    def poll(self, dataset: Any, job_ref: str, timeout: float) -> str:
        return uws.poll(tap_base(dataset), job_ref, timeout)

    def fetch(self, dataset: Any, job_ref: str, limit: int, timeout: float) -> SearchResult:
        check_limit(limit)
        return uws.fetch(dataset, tap_base(dataset), job_ref, limit, timeout)

    def cancel(self, dataset: Any, job_ref: str, timeout: float) -> None:
        uws.cancel(tap_base(dataset), job_ref, timeout)

    def export(self, dataset: Any, query: SearchQuery, fmt: str,
               timeout: float, *, user: Any = None) -> ExportStream:
        return export_tap(dataset, tap_base(dataset), adql_for(dataset, query),
                          fmt, timeout, field=error_field(query))

    def describe(self, dataset: Any, timeout: float) -> dict[str, Any]:
        return schema.describe(dataset, tap_base(dataset), timeout)

    def health(self, dataset: Any, timeout: float) -> HealthReport:
        return schema.health(tap_base(dataset), timeout)
