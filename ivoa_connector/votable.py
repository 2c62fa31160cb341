"""Reading bounded VOTable answers: well-formedness checks, QUERY_STATUS (errors arrive as
HTTP 200 documents; OVERFLOW may come after ``</TABLE>``) and conversion of rows to
JSON-safe Python values."""

from __future__ import annotations

import datetime
import decimal
import io
import math
import re
import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from astropy.io.votable import parse as parse_votable
from astropy.io.votable.tree import VOTableFile

from ivoa_connector.http import clean_message
from query.connectors import ArchiveError, ColumnInfo

# What astropy's VOTable reader raises on broken documents (expat errors are ValueErrors;
# base64/binary decoding adds IndexError/EOFError/TypeError/OverflowError).
PARSE_ERRORS = (ValueError, IndexError, KeyError, TypeError, EOFError, OverflowError)

_END_TAG = re.compile(rb"</(?:[\w.-]+:)?VOTABLE\s*>\s*$")
_START = re.compile(rb"^\s*(?:\xef\xbb\xbf)?\s*<")
_STATUS_IN_HEAD = re.compile(
    rb"""<INFO[^>]*name\s*=\s*["']QUERY_STATUS["'][^>]*value\s*=\s*["']ERROR["']"""
    rb"""|<INFO[^>]*value\s*=\s*["']ERROR["'][^>]*name\s*=\s*["']QUERY_STATUS["']""",
    re.IGNORECASE)


@dataclass
class ParsedTable:
    columns: list[ColumnInfo]
    names: list[str]
    rows: list[tuple[Any, ...]]          # JSON-safe values, in column order (maybe cut)
    total: int = 0                       # rows in the document, before any cut
    status: str = "OK"                   # OK | OVERFLOW (ERROR raises instead)
    infos: dict[str, str] = field(default_factory=dict)


class VOTableErrorDocument(Exception):
    """The archive answered with an error VOTable (``QUERY_STATUS=ERROR``)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def looks_like_error_head(head: bytes) -> bool:
    """Cheap check on the first bytes of a stream: does it start an error document?"""
    return bool(_STATUS_IN_HEAD.search(head))


def check_complete(body: bytes, content_type: str) -> None:
    """Refuse bodies that are not a complete VOTable before spending time parsing them."""
    if not body.strip():
        raise ArchiveError("The archive sent an empty answer instead of a VOTable.")
    if not _START.match(body[:64]) or b"VOTABLE" not in body[:4096].upper():
        kind = content_type.split(";")[0].strip() or "unknown type"
        raise ArchiveError(f"The archive's answer is not a VOTable ({kind}): "
                           f"{clean_message(body[:300], 120) or 'unreadable content'}")
    if not _END_TAG.search(body[-256:]):
        raise ArchiveError("The archive's VOTable answer is truncated (the document ends "
                           "before </VOTABLE>).")


def parse(body: bytes, content_type: str = "") -> VOTableFile:
    check_complete(body, content_type)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return parse_votable(io.BytesIO(body), verify="ignore")
        except PARSE_ERRORS as exc:
            raise ArchiveError(f"The archive's VOTable could not be read: "
                               f"{clean_message(str(exc), 160)}") from exc


def _results_resource(votable: VOTableFile) -> Any:
    for resource in votable.resources:
        if (resource.type or "").lower() == "results":
            return resource
    return votable.resources[0] if votable.resources else None


def query_status(votable: VOTableFile) -> tuple[str, str]:
    """(status, message) like pyvo: the *last* QUERY_STATUS wins (OVERFLOW or an ERROR may
    follow the data); SCS-style ``Error`` INFO/PARAM at the root counts as ERROR."""
    infos: list[Any] = []
    resource = _results_resource(votable)
    if resource is not None:
        infos.extend(resource.infos)
        if resource.tables:
            infos.extend(resource.tables[0].infos)
    infos.extend(votable.infos)
    status, message = "OK", ""
    for info in infos:
        name = (info.name or "").lower()
        if name == "query_status":
            status, message = (info.value or "OK").upper(), info.content or ""
        elif name == "error":
            return "ERROR", info.value or info.content or "error"
    if status != "ERROR":
        for param in getattr(votable, "params", []):
            if (param.name or "").lower() == "error":
                return "ERROR", str(param.value)
    return status, message


def json_safe(value: Any) -> Any:
    """numpy scalars → Python, NaN/inf and masked → None, bytes → str, arrays → lists."""
    if value is None or value is np.ma.masked:
        return None
    if isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, np.generic):
        return json_safe(value.item())
    if isinstance(value, bytes | bytearray):
        return bytes(value).decode("utf-8", errors="replace")
    if isinstance(value, np.ma.MaskedArray):
        return json_safe(value.tolist())
    if isinstance(value, np.ndarray):
        return [json_safe(item) for item in value.tolist()]
    if isinstance(value, list | tuple):
        return [json_safe(item) for item in value]
    if isinstance(value, decimal.Decimal):
        return json_safe(float(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return str(value)


def _column_values(column: Any) -> list[Any]:
    dtype = getattr(column, "dtype", None)
    if dtype is not None and dtype == np.float32 and column.ndim == 1:
        # float32 → shortest decimal form (12.75, not 12.75000011920929); NaN/masked → None
        filled = np.ma.filled(column, np.nan) if isinstance(column, np.ma.MaskedArray) \
            else np.asarray(column)
        return [json_safe(float(text)) for text in filled.astype(str)]
    if isinstance(column, np.ma.MaskedArray):
        values = column.tolist()  # masked entries become None
    else:
        values = np.asarray(column).tolist()
    kind = getattr(column, "dtype", np.dtype(object)).kind
    if kind in "biu" and column.ndim == 1:
        return values  # already plain ints or None
    return [json_safe(v) for v in values]


def _datatype(fld: Any) -> str | None:
    datatype = fld.datatype
    if fld.xtype:
        return f"{datatype} ({fld.xtype})" if datatype else fld.xtype
    if fld.arraysize and datatype not in ("char", "unicodeChar"):
        return f"{datatype}[{fld.arraysize}]"
    return datatype


def columns_of(table: Any) -> list[ColumnInfo]:
    result = []
    for fld in table.fields:
        unit = str(fld.unit) if fld.unit is not None else None
        description = str(fld.description).strip() if fld.description else None
        result.append(ColumnInfo(name=fld.name or fld.ID, datatype=_datatype(fld),
                                 unit=unit or None, ucd=fld.ucd or None,
                                 description=description or None))
    return result


def read_table(body: bytes, content_type: str = "", max_rows: int | None = None) -> ParsedTable:
    """Parse a complete VOTable answer; raise VOTableErrorDocument for error documents."""
    votable = parse(body, content_type)
    status, message = query_status(votable)
    if status == "ERROR":
        raise VOTableErrorDocument(message or "the archive reported an error")
    resource = _results_resource(votable)
    if resource is None or not resource.tables:
        if status in ("OK", "OVERFLOW"):
            return ParsedTable(columns=[], names=[], rows=[], status=status)
        raise ArchiveError("The archive's VOTable holds no result table.")
    table = resource.tables[0]
    columns = columns_of(table)
    names = [c.name for c in columns]
    array = table.array
    rows: list[tuple[Any, ...]] = []
    total = 0 if array is None else len(array)
    if array is not None and total and array.dtype.names:
        if max_rows is not None:
            array = array[:max_rows]
        values = [_column_values(array[name]) for name in array.dtype.names]
        rows = list(zip(*values, strict=True))
    infos = {info.name: info.value for info in resource.infos if info.name}
    return ParsedTable(columns=columns, names=names, rows=rows, total=total, status=status,
                       infos=infos)
