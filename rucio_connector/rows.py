"""Rucio DIDs as normalized result rows (``scope:name`` ids, sizes, dates, metadata)."""

from __future__ import annotations

from datetime import UTC
from email.utils import parsedate_to_datetime
from typing import Any

from query.connectors import ColumnInfo

# DID_COLUMN fields that are bookkeeping rather than science metadata (not shown as meta.*).
BOOKKEEPING = {
    "scope", "name", "did_type", "bytes", "length", "account", "created_at", "updated_at",
    "availability", "suppressed", "hidden", "monotonic", "obsolete", "is_new",
    "purge_replicas", "transient", "is_open", "md5", "adler32", "guid", "expired_at",
    "deleted_at", "closed_at", "accessed_at", "access_cnt", "eol_at", "complete",
    "constituent", "is_archive",
}
BASE_COLUMNS = [
    ColumnInfo("scope", "char", description="Rucio scope"),
    ColumnInfo("name", "char", description="Rucio name"),
    ColumnInfo("did_type", "char", description="file, dataset or container"),
    ColumnInfo("bytes", "long", unit="byte", description="Total size"),
    ColumnInfo("length", "long", description="Number of files"),
    ColumnInfo("account", "char", description="Owning account"),
    ColumnInfo("created_at", "char", description="Creation time (UTC)"),
    ColumnInfo("updated_at", "char", description="Last update (UTC)"),
]
CSV_COLUMNS = ("did", "scope", "name", "did_type", "bytes", "length")


def iso_time(value: Any) -> str | None:
    """Rucio's RFC 1123 dates ("Wed, 25 Nov 2026 15:26:22 UTC") as ISO 8601 UTC."""
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(str(value).replace(" UTC", " +0000"))
    except (TypeError, ValueError):
        return str(value)
    return parsed.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def did_type(value: Any) -> str:
    return str(value or "").lower()


def science_metadata(meta: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in sorted(meta.items())
            if k not in BOOKKEEPING and v is not None and isinstance(v, (str, int, float, bool))}


def row_of(did: dict[str, Any], meta: dict[str, Any] | None = None) -> dict[str, Any]:
    meta = meta or {}
    scope, name = did["scope"], did["name"]
    ident = f"{scope}:{name}"
    size = did.get("bytes") if did.get("bytes") is not None else meta.get("bytes")
    length = did.get("length") if did.get("length") is not None else meta.get("length")
    fields: dict[str, Any] = {
        "scope": scope, "name": name, "did_type": did_type(did.get("did_type")),
        "bytes": None if size is None else int(size),
        "length": None if length is None else int(length),
        "account": meta.get("account"), "created_at": iso_time(meta.get("created_at")),
        "updated_at": iso_time(meta.get("updated_at")),
    }
    for key, value in science_metadata(meta).items():
        fields[f"meta.{key}"] = value
    return {"id": ident, "title": ident, "ra": None, "dec": None, "access_url": None,
            "format": None, "size": fields["bytes"], "dataproduct_type": fields["did_type"],
            "thumbnail": None, "fields": fields}


def columns_of(rows: list[dict[str, Any]]) -> list[ColumnInfo]:
    keys = sorted({k for row in rows for k in row["fields"] if k.startswith("meta.")})
    return [*BASE_COLUMNS, *(ColumnInfo(k, None, description="Rucio metadata") for k in keys)]
