"""Streaming exports: the archive's bytes passed through unchanged, memory flat.

Before the stream is handed to the gateway, the first bytes are inspected so an error document
(DaCHS sends errors as HTTP 200 VOTables, also for FORMAT=csv) becomes a ConnectorError instead
of a "successful" download. Overflow stays visible: a VOTable carries the archive's own OVERFLOW
INFO; a CSV gets a final ``# OVERFLOW: ...`` line, decided by asking for one row more than the
cap and counting rows (newlines outside quotes), or by the archive's declared hard row limit.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

import requests
from django.conf import settings

from ivoa_connector.http import TimeoutSession, check_status, pieces, send
from ivoa_connector.results import classify_error
from ivoa_connector.uws import query_params
from ivoa_connector.votable import VOTableErrorDocument, looks_like_error_head, read_table
from query.connectors import ArchiveError, ConnectorError, ExportStream, NotSupported

HEAD_BYTES = 8192
ERROR_DOC_MAX = 1024 * 1024
FORMATS = {"votable": ("votable", "application/x-votable+xml", "xml"),
           "csv": ("csv", "text/csv; charset=utf-8", "csv")}
_CAPS_TTL = 600.0
_hard_limits: dict[str, tuple[float, int | None]] = {}
_HARD = re.compile(rb"<(?:\w+:)?outputLimit\b.*?<(?:\w+:)?hard\b[^>]*>\s*(\d+)\s*<",
                   re.DOTALL)


def hard_row_limit(base: str, timeout: float) -> int | None:
    """The TAP service's declared hard output limit in rows (VOSI capabilities), cached."""
    now = time.monotonic()
    cached = _hard_limits.get(base)
    if cached and now - cached[0] < _CAPS_TTL:
        return cached[1]
    limit: int | None = None
    session = TimeoutSession(min(timeout, 5.0))
    try:
        response = send(session, "GET", f"{base}/capabilities")
        try:
            if response.status_code == 200:
                head = b""
                for chunk in pieces(response, session):
                    head += chunk
                    if len(head) > 256 * 1024:
                        break
                match = _HARD.search(head)
                limit = int(match.group(1)) if match else None
        finally:
            response.close()
    except ConnectorError:
        limit = None
    _hard_limits[base] = (now, limit)
    return limit


class CsvRowCutter:
    """Counts CSV records (newlines outside double quotes) and cuts after ``max_rows``."""

    def __init__(self, max_rows: int) -> None:
        self.max_lines = max_rows + 1  # header line
        self.lines = 0
        self.in_quote = False
        self.cut = False               # more data followed the cut
        self.ends_with_newline = True

    def _scan(self, chunk: bytes) -> int:
        parts = chunk.split(b'"')
        count = 0
        for index, part in enumerate(parts):
            if (index % 2 == 0) != self.in_quote:
                count += part.count(b"\n")
        return count

    def feed(self, chunk: bytes) -> bytes:
        if self.cut or not chunk:
            return b""
        if self.lines >= self.max_lines:  # the cap was reached at the end of a chunk
            self.cut = True
            return b""
        count = self._scan(chunk)
        if self.lines + count < self.max_lines:
            self.lines += count
            self.in_quote ^= chunk.count(b'"') % 2 == 1
            self.ends_with_newline = chunk.endswith(b"\n")
            return chunk
        for match in re.finditer(rb'["\n]', chunk):
            if match.group() == b'"':
                self.in_quote = not self.in_quote
            elif not self.in_quote:
                self.lines += 1
                if self.lines == self.max_lines:
                    end = match.end()
                    self.cut = end < len(chunk)
                    self.ends_with_newline = True
                    return chunk[:end]
        self.ends_with_newline = chunk.endswith(b"\n")
        return chunk

    def rows(self) -> int:
        return max(self.lines - 1 + (0 if self.ends_with_newline else 1), 0)


def _error_from(response: requests.Response, head: bytes, chunks: Iterator[bytes],
                protocol: str, field: str | None) -> ConnectorError:
    body = bytearray(head)
    for chunk in chunks:
        body += chunk
        if len(body) > ERROR_DOC_MAX:
            break
    response.close()
    if response.status_code >= 400 and b"QUERY_STATUS" not in body[:8192]:
        try:
            check_status(response, bytes(body))
        except ConnectorError as exc:
            return exc
    try:
        read_table(bytes(body), response.headers.get("Content-Type", ""), max_rows=0)
    except VOTableErrorDocument as exc:
        return classify_error(exc.message, protocol=protocol, field=field)
    except ConnectorError as exc:
        return exc
    return ArchiveError(f"The archive failed (HTTP {response.status_code}).")


def open_stream(session: TimeoutSession, method: str, url: str, *, protocol: str,
                field: str | None, expect_csv: bool, **kwargs: Any,
                ) -> tuple[requests.Response, bytes, Iterator[bytes]]:
    """Start the upstream request; return it with its first bytes after checking them."""
    response = send(session, method, url, **kwargs)
    chunks = pieces(response, session)
    head = b""
    try:
        for chunk in chunks:
            head += chunk
            if len(head) >= HEAD_BYTES:
                break
        content_type = response.headers.get("Content-Type", "").lower()
        is_xml = "xml" in content_type or head.lstrip()[:5] in (b"<?xml", b"<VOTA")
        if response.status_code >= 400 or (is_xml and looks_like_error_head(head)):
            raise _error_from(response, head, chunks, protocol, field)
        if not head.strip():
            raise ArchiveError("The archive sent an empty answer.")
        if expect_csv and is_xml:
            raise _error_from(response, head, chunks, protocol, field)
        if not expect_csv and not is_xml:
            raise ArchiveError(f"The archive's answer is not a VOTable "
                               f"({content_type.split(';')[0] or 'unknown type'}).")
    except BaseException:
        response.close()
        raise
    return response, head, chunks


def _votable_chunks(response: requests.Response, head: bytes,
                    chunks: Iterator[bytes]) -> Iterator[bytes]:
    try:
        yield head
        yield from chunks
    finally:
        response.close()


def _csv_chunks(response: requests.Response, head: bytes, chunks: Iterator[bytes], cap: int,
                hard_limit: int | None) -> Iterator[bytes]:
    cutter = CsvRowCutter(cap)
    try:
        for chunk in _chain(head, chunks):
            piece = cutter.feed(chunk)
            if piece:
                yield piece
            if cutter.cut:
                break
    except ConnectorError as exc:
        yield f"\n# ERROR: {exc.message}\n".encode()
        raise
    finally:
        response.close()
    if cutter.cut:
        yield f"# OVERFLOW: result truncated at {cap} rows (export limit)\n".encode()
    elif hard_limit is not None and hard_limit <= cap and cutter.rows() >= hard_limit:
        yield f"# OVERFLOW: result truncated at {hard_limit} rows by the archive\n".encode()


def _chain(head: bytes, chunks: Iterator[bytes]) -> Iterator[bytes]:
    yield head
    yield from chunks


def export_tap(dataset: Any, base: str, adql: str, fmt: str, timeout: float,
               field: str | None) -> ExportStream:
    if fmt not in FORMATS:
        raise NotSupported(f"Export format '{fmt}' is not available; use votable or csv.")
    tap_format, content_type, extension = FORMATS[fmt]
    cap = settings.ESAP_EXPORT_MAX_ROWS
    session = TimeoutSession(timeout, per_read=True)
    # VOTable: MAXREC=cap, the archive marks OVERFLOW itself. CSV has no marker: ask for one
    # row more than the cap, so that a cut (ours) proves there was more.
    maxrec = cap + 1 if fmt == "csv" else cap
    hard_limit = hard_row_limit(base, timeout) if fmt == "csv" else None
    response, head, chunks = open_stream(
        session, "POST", f"{base}/sync", protocol="tap", field=field, expect_csv=fmt == "csv",
        data=query_params(adql, maxrec, tap_format))
    if fmt == "csv":
        stream = _csv_chunks(response, head, chunks, cap, hard_limit)
    else:
        content_type = response.headers.get("Content-Type") or content_type
        stream = _votable_chunks(response, head, chunks)
    return ExportStream(content_type=content_type, chunks=stream,
                        filename=f"{dataset.slug}.{extension}", close=response.close)


def export_votable_get(dataset: Any, url: str, params: dict[str, str], timeout: float,
                       protocol: str) -> ExportStream:
    """SCS/SIA: the archive's VOTable passed through."""
    session = TimeoutSession(timeout, per_read=True)
    response, head, chunks = open_stream(session, "GET", url, protocol=protocol, field=None,
                                         expect_csv=False, params=params)
    return ExportStream(
        content_type=response.headers.get("Content-Type") or "application/x-votable+xml",
        chunks=_votable_chunks(response, head, chunks), filename=f"{dataset.slug}.xml",
        close=response.close)
