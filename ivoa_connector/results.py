"""Turning an archive's HTTP answer into a SearchResult (or the right connector error)."""

from __future__ import annotations

import time
from typing import Any

import requests

from ivoa_connector.http import check_status, clean_message
from ivoa_connector.normalize import RowNormalizer
from ivoa_connector.votable import ParsedTable, VOTableErrorDocument, read_table
from query.connectors import (
    ArchiveError,
    ArchiveTimeout,
    BadQuery,
    ConnectorError,
    SearchResult,
)

_TIMEOUT_WORDS = ("timed out", "timeout", "time limit", "took too long", "execution duration")
_SERVER_WORDS = ("internal error", "internal server", "unexpected", "unavailable",
                 "overload", "try again later", "out of memory")


def classify_error(message: str, *, protocol: str, field: str | None = None) -> ConnectorError:
    """Map an archive's error document to a connector error.

    TAP: a query error is the archive rejecting our (or the user's) ADQL → BadQuery, unless the
    text says the query ran out of time (ArchiveTimeout) or the server broke (ArchiveError).
    SCS/SIA parameters are ours and validated, so their error documents are ArchiveErrors.
    """
    text = clean_message(message) or "no message"
    low = text.lower()
    if any(word in low for word in _TIMEOUT_WORDS):
        return ArchiveTimeout(f"The archive stopped the query: {text}")
    if protocol != "tap" or any(word in low for word in _SERVER_WORDS):
        return ArchiveError(f"The archive reported an error: {text}")
    return BadQuery(f"The archive rejected the query: {text}", field=field)


def parse_answer(response: requests.Response, body: bytes, *, protocol: str,
                 field: str | None, max_rows: int) -> ParsedTable:
    """Check the HTTP status and the document; return the (cut) table or raise."""
    content_type = response.headers.get("Content-Type", "")
    if response.status_code >= 400:
        # Some TAP servers answer a rejected query with HTTP 400 + an error VOTable.
        if response.status_code in (400, 500) and b"QUERY_STATUS" in body[:8192]:
            try:
                read_table(body, content_type, max_rows=0)
            except VOTableErrorDocument as exc:
                if response.status_code == 400:
                    raise classify_error(exc.message, protocol=protocol, field=field) from None
                raise ArchiveError(f"The archive failed (HTTP 500): "
                                   f"{clean_message(exc.message)}") from None
            except ConnectorError:
                pass
        check_status(response, body)
    try:
        return read_table(body, content_type, max_rows=max_rows)
    except VOTableErrorDocument as exc:
        raise classify_error(exc.message, protocol=protocol, field=field) from None


def build_result(dataset: Any, parsed: ParsedTable, limit: int, query_text: str,
                 timings: dict[str, float], *, overflow: bool,
                 defaults: dict[str, str] | None = None) -> SearchResult:
    started = time.perf_counter()
    normalizer = RowNormalizer(parsed.columns, dataset, defaults=defaults)
    rows = normalizer.rows(parsed.rows[:limit])
    timings["normalize_ms"] = round((time.perf_counter() - started) * 1000, 2)
    return SearchResult(rows=rows, columns=parsed.columns, overflow=overflow,
                        query_text=query_text, timings=timings)


def finish_tap(dataset: Any, adql: str, response: requests.Response, body: bytes, limit: int,
               timings: dict[str, float], field: str | None) -> SearchResult:
    """Common tail of sync and async TAP searches: parse, decide overflow, normalize.

    We ask for MAXREC = limit + 1. DaCHS may return MAXREC + 1 rows, and flags OVERFLOW when a
    result has exactly MAXREC rows, so either only ever means "more than limit": overflow is
    ``rows > limit`` or the archive saying OVERFLOW (it may also have cut below our MAXREC at its
    own hard limit, which is a real overflow too)."""
    started = time.perf_counter()
    parsed = parse_answer(response, body, protocol="tap", field=field, max_rows=limit + 1)
    timings["parse_ms"] = round((time.perf_counter() - started) * 1000, 2)
    overflow = parsed.total > limit or parsed.status == "OVERFLOW"
    return build_result(dataset, parsed, limit, adql, timings, overflow=overflow)
