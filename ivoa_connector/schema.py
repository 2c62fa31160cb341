"""TAP_SCHEMA browsing (``describe``) and service health for TAP datasets."""

from __future__ import annotations

import re
import time
from typing import Any

from ivoa_connector.adql import identifier, string
from ivoa_connector.http import TimeoutSession, read_body, send
from ivoa_connector.results import parse_answer
from ivoa_connector.uws import query_params
from ivoa_connector.votable import ParsedTable
from query.connectors import ConnectorError, HealthReport

MAX_TABLES = 2000
MAX_COLUMNS = 50000
_AVAILABLE = re.compile(rb"<(?:\w+:)?available\s*>\s*(true|false)\s*<", re.IGNORECASE)


def sync_table(session: TimeoutSession, base: str, adql: str, maxrec: int) -> ParsedTable:
    response = send(session, "POST", f"{base}/sync", data=query_params(adql, maxrec))
    body = read_body(response, session)
    return parse_answer(response, body, protocol="tap", field=None, max_rows=maxrec)


def _schema_of(resource: str) -> str | None:
    if not resource:
        return None
    identifier(resource, "the table", table=True)
    parts = re.findall(r'"(?:[^"]|"")*"|[^.]+', resource)
    if len(parts) < 2:
        return None
    schema = parts[-2]
    return schema[1:-1].replace('""', '"') if schema.startswith('"') else schema


def _records(table: ParsedTable) -> list[dict[str, Any]]:
    names = [n.lower() for n in table.names]
    return [dict(zip(names, row, strict=True)) for row in table.rows]


def describe(dataset: Any, base: str, timeout: float) -> dict[str, Any]:
    """Tables and columns from TAP_SCHEMA: those of the dataset's schema, else all (bounded)."""
    session = TimeoutSession(timeout)
    schema = _schema_of(dataset.resource or "")
    where_t = f" WHERE schema_name = {string(schema, 'schema')}" if schema else ""
    where_c = f" WHERE t.schema_name = {string(schema, 'schema')}" if schema else ""
    tables = sync_table(
        session, base, "SELECT table_name, table_type, description FROM tap_schema.tables"  # noqa: S608
        f"{where_t} ORDER BY table_name", MAX_TABLES + 1)
    columns = sync_table(
        session, base,
        "SELECT c.table_name, c.column_name, c.datatype, c.unit, c.ucd, c.description "  # noqa: S608
        "FROM tap_schema.columns AS c JOIN tap_schema.tables AS t "
        f"ON c.table_name = t.table_name{where_c}", MAX_COLUMNS + 1)
    by_table: dict[str, list[dict[str, Any]]] = {}
    for record in _records(columns)[:MAX_COLUMNS]:
        by_table.setdefault(record["table_name"], []).append({
            "name": record["column_name"], "datatype": record.get("datatype"),
            "unit": record.get("unit") or None, "ucd": record.get("ucd") or None,
            "description": record.get("description") or None,
        })
    result = [{"name": record["table_name"], "type": record.get("table_type"),
               "description": record.get("description") or None,
               "columns": by_table.get(record["table_name"], [])}
              for record in _records(tables)[:MAX_TABLES]]
    return {"schema": schema, "tables": result,
            "truncated": tables.total > MAX_TABLES or columns.total > MAX_COLUMNS}


def health(base: str, timeout: float) -> HealthReport:
    """VOSI availability; a trivial query when the service has no availability endpoint."""
    session = TimeoutSession(timeout)
    started = time.perf_counter()
    try:
        response = send(session, "GET", f"{base}/availability")
        body = read_body(response, session, max_bytes=1024 * 1024)
        match = _AVAILABLE.search(body) if response.status_code == 200 else None
        if match is None:
            sync_table(session, base, "SELECT TOP 1 table_name FROM tap_schema.tables", 1)
            available, note = True, "answered a query"
        else:
            available = match.group(1).lower() == b"true"
            note = "available" if available else "the service says it is not available"
    except ConnectorError as exc:
        return HealthReport(ok=False, latency_ms=None, message=exc.message)
    latency = round((time.perf_counter() - started) * 1000, 2)
    return HealthReport(ok=available, latency_ms=latency, message=note)
