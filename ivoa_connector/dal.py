"""Simple cone search (``ivoa-scs``) and simple image access (``ivoa-sia``, v1; v2 with
``options.sia_version = 2``): parameter-based services answering VOTables."""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import urlencode

from django.conf import settings

from ivoa_connector.adql import check_cone
from ivoa_connector.export import export_votable_get
from ivoa_connector.http import TimeoutSession, read_body, send
from ivoa_connector.results import build_result, parse_answer
from query.connectors import (
    BadQuery,
    Capabilities,
    ConeQuery,
    Connector,
    ConnectorError,
    ExportStream,
    HealthReport,
    NotApplicable,
    QueryKind,
    SearchQuery,
    SearchResult,
)


def _cone_of(query: SearchQuery, label: str) -> ConeQuery:
    if query.kind == QueryKind.CONE or (query.kind == QueryKind.CONSTRAINTS
                                        and not query.constraints):
        if query.cone is None:
            raise BadQuery("A cone search needs ra, dec and radius.", field="cone")
        check_cone(query.cone)
        return query.cone
    if query.kind == QueryKind.CONSTRAINTS:
        raise NotApplicable(f"{label} services answer cone searches only, not parameter "
                            f"constraints.")
    raise NotApplicable(f"{query.kind.value.upper()} queries do not apply to {label} services.")


def _fmt(value: float) -> str:
    return repr(float(value))


class _ParamService(Connector):
    """Shared logic: GET service_url with parameters, read the VOTable, cut to the limit."""

    protocol = "dal"

    def params(self, dataset: Any, cone: ConeQuery, maxrec: int | None) -> dict[str, str]:
        raise NotImplementedError

    def capabilities(self, dataset: Any) -> Capabilities:
        return Capabilities(query_kinds=frozenset({QueryKind.CONE}),
                            export_formats=("votable",))

    def _url(self, dataset: Any) -> str:
        return (dataset.service_url or "").strip()

    def _extra(self, dataset: Any) -> dict[str, str]:
        extra = (dataset.options or {}).get("extra_params") or {}
        if not isinstance(extra, dict):
            raise BadQuery("The dataset is misconfigured: options.extra_params must be an "
                           "object.")
        return {str(k): str(v) for k, v in extra.items()}

    def search(self, dataset: Any, query: SearchQuery, limit: int,
               timeout: float, *, user: Any = None) -> SearchResult:
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
            raise BadQuery("The row limit must be a positive whole number.", field="row_limit")
        cone = _cone_of(query, self.label)
        params = {**self._extra(dataset), **self.params(dataset, cone, limit + 1)}
        session = TimeoutSession(timeout)
        started = time.perf_counter()
        response = send(session, "GET", self._url(dataset), params=params)
        body = read_body(response, session)
        timings = {"archive_ms": round((time.perf_counter() - started) * 1000, 2)}
        started = time.perf_counter()
        parsed = parse_answer(response, body, protocol=self.protocol, field=None,
                              max_rows=limit + 1)
        timings["parse_ms"] = round((time.perf_counter() - started) * 1000, 2)
        overflow = parsed.total > limit or parsed.status == "OVERFLOW"
        query_text = f"{self._url(dataset)}?{urlencode(params)}"
        return build_result(dataset, parsed, limit, query_text, timings, overflow=overflow)

    def export(self, dataset: Any, query: SearchQuery, fmt: str,
               timeout: float, *, user: Any = None) -> ExportStream:
        if fmt != "votable":
            raise BadQuery(f"{self.label} datasets export as votable only.", field="format")
        cone = _cone_of(query, self.label)
        params = {**self._extra(dataset),
                  **self.params(dataset, cone, settings.ESAP_EXPORT_MAX_ROWS)}
        return export_votable_get(dataset, self._url(dataset), params, timeout, self.protocol)

    def health(self, dataset: Any, timeout: float) -> HealthReport:
        """A zero-radius query at (0, 0): cheap, must answer a VOTable without error."""
        session = TimeoutSession(timeout)
        params = {**self._extra(dataset), **self.params(dataset, ConeQuery(0.0, 0.0, 0.0), 1)}
        started = time.perf_counter()
        try:
            response = send(session, "GET", self._url(dataset), params=params)
            body = read_body(response, session)
            parse_answer(response, body, protocol=self.protocol, field=None, max_rows=0)
        except ConnectorError as exc:
            return HealthReport(ok=False, latency_ms=None, message=exc.message)
        return HealthReport(ok=True, latency_ms=round((time.perf_counter() - started) * 1000, 2),
                            message="answered a zero-radius query")


class ScsConnector(_ParamService):
    connector_type = "ivoa-scs"
    label = "IVOA cone search"
    protocol = "scs"

    def params(self, dataset: Any, cone: ConeQuery, maxrec: int | None) -> dict[str, str]:
        params = {"RA": _fmt(cone.ra), "DEC": _fmt(cone.dec), "SR": _fmt(cone.radius)}
        verb = (dataset.options or {}).get("verb")
        if verb in (1, 2, 3):
            params["VERB"] = str(verb)
        if maxrec is not None and (dataset.options or {}).get("maxrec", True):
            params["MAXREC"] = str(maxrec)
        return params


class SiaConnector(_ParamService):
    connector_type = "ivoa-sia"
    label = "IVOA image access"
    protocol = "sia"

    def params(self, dataset: Any, cone: ConeQuery, maxrec: int | None) -> dict[str, str]:
        options = dataset.options or {}
        if options.get("sia_version", 1) in (2, "2"):
            params = {"POS": f"CIRCLE {_fmt(cone.ra)} {_fmt(cone.dec)} {_fmt(cone.radius)}"}
        else:  # SIA v1: SIZE is the full width of the search box
            params = {"POS": f"{_fmt(cone.ra)},{_fmt(cone.dec)}",
                      "SIZE": _fmt(2 * cone.radius)}
            if options.get("format"):
                params["FORMAT"] = str(options["format"])
        if maxrec is not None and options.get("maxrec", True):
            params["MAXREC"] = str(maxrec)
        return params
