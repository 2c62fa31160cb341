"""The ``rucio`` connector: DID search in federated searches, CSV/JSON export, health."""

from __future__ import annotations

import csv
import io
import json
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.conf import settings

from query.connectors import (
    ArchiveRefused,
    Capabilities,
    ConnectorError,
    ExportStream,
    HealthReport,
    QueryKind,
    SearchQuery,
    SearchResult,
)
from query.connectors.base import Connector
from rucio_connector import patterns
from rucio_connector.auth import ServiceToken, token_source
from rucio_connector.client import RucioClient
from rucio_connector.config import RucioConfig, config_of
from rucio_connector.rows import CSV_COLUMNS, columns_of, did_type, row_of

SCOPES_TTL = 30.0
MAX_SIZED_COLLECTIONS = 200   # collections in one result whose size is looked up
_scopes: dict[str, tuple[list[str], float]] = {}
_scopes_lock = threading.Lock()


def client_for(dataset: Any, timeout: float, user: Any = None, **kwargs: Any) -> RucioClient:
    config = config_of(dataset)
    return RucioClient(config, token_source(config, timeout, user), timeout, **kwargs)


def known_scopes(client: RucioClient) -> list[str]:
    """Rucio's scopes (the same for every account), cached briefly per server."""
    key = client.config.rest_url
    with _scopes_lock:
        entry = _scopes.get(key)
    if entry and entry[1] > time.monotonic():
        return entry[0]
    scopes = client.scopes()
    with _scopes_lock:
        _scopes[key] = (scopes, time.monotonic() + SCOPES_TTL)
    return scopes


def listing(client: RucioClient, query: SearchQuery, limit: int | None
            ) -> Iterator[dict[str, Any]]:
    """DIDs matching the query, scope by scope (alphabetical), at most ``limit`` if given
    (callers ask for one more than they keep to detect overflow)."""
    did = patterns.did_query_of(query)
    pattern = patterns.check(did)
    scopes = patterns.matching_scopes(pattern, known_scopes(client), client.config.max_scopes)
    if not scopes and not pattern.scope_is_pattern:
        raise ArchiveRefused(f"Rucio has no scope '{pattern.scope}'.", code="unknown_scope",
                             http_status=404, details={"rucio": "ScopeNotFound"})
    left = limit
    for scope in scopes:
        params = patterns.search_params(did, pattern, left)
        for item in client.search(scope, params):
            yield item
            if left is not None:
                left -= 1
                if left <= 0:
                    return


class RucioConnector(Connector):
    connector_type = "rucio"
    label = "Rucio data lake"

    def capabilities(self, dataset: Any) -> Capabilities:
        return Capabilities(query_kinds=frozenset({QueryKind.DID, QueryKind.KEYWORD}),
                            export_formats=("csv", "json"), staging=True)

    def query_form(self, dataset: Any) -> dict[str, Any]:
        form = super().query_form(dataset)
        form["did_types"] = ["all", "collection", "container", "dataset", "file"]
        form["metadata_operators"] = list(patterns.SUFFIX)
        return form

    def validate_dataset(self, dataset: Any) -> None:
        config_of(dataset)

    def validate_query(self, dataset: Any, query: SearchQuery) -> None:
        if query.kind == QueryKind.DID and query.did is not None:
            patterns.check(query.did)

    def search(self, dataset: Any, query: SearchQuery, limit: int, timeout: float, *,
               user: Any = None) -> SearchResult:
        started = time.perf_counter()
        did = patterns.did_query_of(query)  # not applicable before asking for credentials
        client = client_for(dataset, timeout, user)
        found = list(listing(client, query, limit + 1))
        overflow = len(found) > limit
        found = found[:limit]
        listed = time.perf_counter()
        meta = _metadata(client, found)
        _size_collections(client, found, meta)
        rows = [row_of(d, meta.get((d["scope"], d["name"]))) for d in found]
        return SearchResult(
            rows=rows, columns=columns_of(rows), overflow=overflow,
            query_text=f"DIDs {did.pattern} type={did.did_type}"
                       + "".join(f" {m.key} {m.op} {m.value}" for m in did.metadata),
            timings={"list_ms": round((listed - started) * 1000, 1),
                     "metadata_ms": round((time.perf_counter() - listed) * 1000, 1)})

    def export(self, dataset: Any, query: SearchQuery, fmt: str, timeout: float, *,
               user: Any = None) -> ExportStream:
        patterns.did_query_of(query)
        client = client_for(dataset, 24 * 3600, user, idle_timeout=timeout)
        cap = settings.ESAP_EXPORT_MAX_ROWS
        items = listing(client, query, cap + 1)
        first = next(items, None)  # errors (bad pattern, refused token) before any byte
        lines = _csv_lines(first, items, cap) if fmt == "csv" else _json_lines(first, items, cap)
        return ExportStream(
            content_type="text/csv" if fmt == "csv" else "application/x-ndjson",
            chunks=_batched(lines), filename=f"{dataset.slug}.{'csv' if fmt == 'csv' else 'jsonl'}",
            close=getattr(items, "close", lambda: None))

    def health(self, dataset: Any, timeout: float) -> HealthReport:
        started = time.perf_counter()
        config: RucioConfig = config_of(dataset)
        acting_as_users = config.auth.mode == "user"
        # Acting as users there is no identity to check with: the server answering is all.
        client = RucioClient(config, ServiceToken(config, timeout), timeout)
        version = client.ping().get("version", "?")
        if not acting_as_users:
            client.whoami()  # the service credentials work
        return HealthReport(ok=True, latency_ms=round((time.perf_counter() - started) * 1000, 1),
                            message=f"Rucio {version}")


def _metadata(client: RucioClient, dids: list[dict[str, Any]]
              ) -> dict[tuple[str, str], dict[str, Any]]:
    """Column metadata (account, dates, datatype, …) of every row, plus the custom (JSON)
    metadata of datasets and containers. Rucio 41 reads custom metadata one DID at a time
    (two queries each), column metadata 50 at a time: asking custom metadata for every file
    made the first page 3-4x slower than listing directly (bench/rucio.py). Files' custom
    metadata is on the DID page."""
    found: dict[tuple[str, str], dict[str, Any]] = {}
    if not dids:
        return found
    # Rucio reads column metadata 50 DIDs per query: ask for chunks of 50 in parallel.
    chunks = [[{"scope": d["scope"], "name": d["name"]} for d in dids[start:start + 50]]
              for start in range(0, len(dids), 50)]
    with ThreadPoolExecutor(max_workers=min(4, len(chunks))) as pool:
        for metas in pool.map(lambda chunk: list(client.bulk_metadata(chunk)), chunks):
            for meta in metas:
                found[(meta.get("scope"), meta.get("name"))] = meta
    collections = [{"scope": d["scope"], "name": d["name"]} for d in dids
                   if did_type(d.get("did_type")) != "file"][:MAX_SIZED_COLLECTIONS]
    if collections:
        for meta in client.bulk_metadata(collections, plugin="JSON"):
            key = (meta.get("scope"), meta.get("name"))
            found[key] = {**found.get(key, {}), **meta}
    return found


def _size_collections(client: RucioClient, dids: list[dict[str, Any]],
                      meta: dict[tuple[str, str], dict[str, Any]]) -> None:
    """Rucio lists open datasets and containers without size: look them up (in parallel,
    bounded) so users see what they would stage."""
    todo = [d for d in dids if did_type(d.get("did_type")) != "file"
            and d.get("bytes") is None][:MAX_SIZED_COLLECTIONS]
    if not todo:
        return

    def size(d: dict[str, Any]) -> None:
        try:
            info = client.did(d["scope"], d["name"])
        except ConnectorError:
            return  # the row stays without size; the listing itself succeeded
        d["bytes"], d["length"] = info.get("bytes"), info.get("length")

    with ThreadPoolExecutor(max_workers=min(8, len(todo))) as pool:
        list(pool.map(size, todo))


def _csv_lines(first: dict[str, Any] | None, rest: Iterator[dict[str, Any]], cap: int
               ) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    count = 0
    for did in _chain(first, rest):
        count += 1
        if count > cap:
            writer.writerow([f"# truncated: more than {cap} rows"])
            break
        writer.writerow([f"{did['scope']}:{did['name']}", did["scope"], did["name"],
                         did_type(did.get("did_type")), did.get("bytes") or "",
                         did.get("length") or ""])
        if buffer.tell() > 60000:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _json_lines(first: dict[str, Any] | None, rest: Iterator[dict[str, Any]], cap: int
                ) -> Iterator[str]:
    count = 0
    for did in _chain(first, rest):
        count += 1
        if count > cap:
            yield json.dumps({"truncated": True, "max_rows": cap}) + "\n"
            return
        yield json.dumps({"did": f"{did['scope']}:{did['name']}", "scope": did["scope"],
                          "name": did["name"], "did_type": did_type(did.get("did_type")),
                          "bytes": did.get("bytes"), "length": did.get("length")}) + "\n"


def _chain(first: dict[str, Any] | None, rest: Iterator[dict[str, Any]]
           ) -> Iterator[dict[str, Any]]:
    if first is not None:
        yield first
        yield from rest


def _batched(lines: Iterator[str]) -> Iterator[bytes]:
    parts: list[str] = []
    size = 0
    for line in lines:
        parts.append(line)
        size += len(line)
        if size >= 65536:
            yield "".join(parts).encode()
            parts, size = [], 0
    if parts:
        yield "".join(parts).encode()
