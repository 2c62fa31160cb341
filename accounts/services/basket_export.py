"""Basket exports: JSON and CSV are streamed from the database in chunks; the VOTable is built
with astropy in memory, bounded by the basket limit."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import numpy as np
from astropy.io.votable import from_table
from astropy.io.votable.tree import Info
from astropy.table import Table

from accounts.models import BasketItem
from accounts.services.basket import item_json
from esap.errors import InvalidInput

CHUNK = 2000
FORMATS = ("json", "csv", "votable")
CSV_COLUMNS = ("id", "item_type", "connector_type", "dataset", "archive", "identifier", "title",
               "ra", "dec", "access_url", "notes", "added", "metadata")


@dataclass
class Export:
    content_type: str
    filename: str
    chunks: Iterator[bytes]


def export(queryset: Any, fmt: str) -> Export:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    if fmt == "json":
        return Export("application/json", f"esap-basket-{stamp}.json", _json(queryset))
    if fmt == "csv":
        return Export("text/csv; charset=utf-8", f"esap-basket-{stamp}.csv", _csv(queryset))
    if fmt == "votable":
        return Export("application/x-votable+xml", f"esap-basket-{stamp}.vot",
                      iter([_votable(queryset)]))
    raise InvalidInput(f"Unknown format '{fmt}'; choose one of: {', '.join(FORMATS)}.",
                       field="format")


def _rows(queryset: Any) -> Iterator[BasketItem]:
    return queryset.iterator(chunk_size=CHUNK)


def _position(item: BasketItem, name: str) -> float | None:
    value = item.metadata.get(name) if isinstance(item.metadata, dict) else None
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) \
        else None


def _access_url(item: BasketItem) -> str:
    value = item.metadata.get("access_url") if isinstance(item.metadata, dict) else None
    return value if isinstance(value, str) else ""


def _json(queryset: Any) -> Iterator[bytes]:
    yield b'{"items": ['
    buffer: list[str] = []
    first = True
    for item in _rows(queryset):
        buffer.append(("" if first else ",") + json.dumps(item_json(item)))
        first = False
        if len(buffer) >= CHUNK:
            yield "".join(buffer).encode()
            buffer = []
    yield ("".join(buffer) + "]}").encode()


class _Line:
    def write(self, value: str) -> str:
        return value


def _csv_row(item: BasketItem) -> list[Any]:
    data = item_json(item)
    ra, dec = _position(item, "ra"), _position(item, "dec")
    return [data["id"], data["item_type"], data["connector_type"], data["dataset"],
            data["archive"], data["identifier"], data["title"],
            "" if ra is None else repr(ra), "" if dec is None else repr(dec),
            _access_url(item), data["notes"], data["added"],
            json.dumps(data["metadata"], separators=(",", ":"))]


def _csv(queryset: Any) -> Iterator[bytes]:
    writer = csv.writer(_Line())
    yield writer.writerow(CSV_COLUMNS).encode()
    buffer: list[str] = []
    for item in _rows(queryset):
        buffer.append(writer.writerow(_csv_row(item)))
        if len(buffer) >= CHUNK:
            yield "".join(buffer).encode()
            buffer = []
    yield "".join(buffer).encode()


def _votable(queryset: Any) -> bytes:
    columns: dict[str, list[Any]] = {name: [] for name in CSV_COLUMNS}
    for item in _rows(queryset):
        for name, value in zip(CSV_COLUMNS, _csv_row(item), strict=True):
            columns[name].append(value)
    table = Table()
    table["id"] = np.array(columns["id"], dtype=np.int64)
    for name in ("item_type", "connector_type", "dataset", "archive", "identifier", "title"):
        table[name] = np.array(columns[name], dtype=str)
    table["ra"] = np.array([float(v) if v != "" else np.nan for v in columns["ra"]])
    table["dec"] = np.array([float(v) if v != "" else np.nan for v in columns["dec"]])
    table["ra"].unit, table["dec"].unit = "deg", "deg"
    for name in ("access_url", "notes", "added", "metadata"):
        table[name] = np.array(columns[name], dtype=str)

    votable = from_table(table, table_id="basket")
    fields = {f.name: f for f in votable.get_first_table().fields}
    fields["ra"].ucd, fields["dec"].ucd = "pos.eq.ra;meta.main", "pos.eq.dec;meta.main"
    fields["identifier"].ucd = "meta.id"
    fields["metadata"].description = "The item's metadata snapshot as JSON."
    votable.resources[0].infos.append(Info(name="generator", value="ESAP data basket"))
    out = io.BytesIO()
    votable.to_xml(out, tabledata_format="tabledata")
    return out.getvalue()
