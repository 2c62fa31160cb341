"""Map an archive's columns onto ESAP's common row fields.

Order of preference for each common field: the dataset's ``result_hints`` (admin's word), the
``parameter_mapping`` for ra/dec, ObsCore column names, then UCDs (UCD1+ and the UCD1 words of
SCS/SIA v1). ``id`` falls back to the row's position in the answer.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from query.connectors import ColumnInfo
from query.connectors.base import COMMON_FIELDS

# ObsCore column names (lower case) per common field, best first.
OBSCORE = {
    "id": ("obs_publisher_did", "obs_id"),
    "title": ("obs_title", "target_name", "obs_id"),
    "ra": ("s_ra",),
    "dec": ("s_dec",),
    "access_url": ("access_url",),
    "format": ("access_format",),
    "size": ("access_estsize",),
    "dataproduct_type": ("dataproduct_type",),
    "thumbnail": ("preview", "thumbnail", "thumbnail_url"),
}
# UCDs (lower case, exact) per common field, best first.
UCDS = {
    "id": ("meta.id;meta.main", "id_main", "meta.ref.ivoid;meta.main"),
    "title": ("meta.title", "vox:image_title", "meta.id;src", "meta.id"),
    "ra": ("pos.eq.ra;meta.main", "pos_eq_ra_main", "pos.eq.ra"),
    "dec": ("pos.eq.dec;meta.main", "pos_eq_dec_main", "pos.eq.dec"),
    "access_url": ("vox:image_accessreference", "meta.ref.url;meta.dataset", "meta.ref.url"),
    "format": ("vox:image_format", "meta.code.mime"),
    "size": ("vox:image_filesize", "phys.size;meta.file"),
    "thumbnail": ("meta.ref.url;meta.preview",),
}
_SIZE_FACTORS = {"byte": 1, "bytes": 1, "b": 1, "kbyte": 1000, "kb": 1000, "kibyte": 1024,
                 "mbyte": 1000**2, "mb": 1000**2, "gbyte": 1000**3, "gb": 1000**3}


def _as_float(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def _as_url(value: Any) -> str | None:
    """Only http(s) URLs become links (no javascript:, file:, ...)."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value if value.lower().startswith(("http://", "https://")) else None


def _as_text(value: Any) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else str(value)


class RowNormalizer:
    """Built once per answer from its columns; turns value tuples into normalized rows."""

    def __init__(self, columns: Sequence[ColumnInfo], dataset: Any, *,
                 defaults: dict[str, str] | None = None) -> None:
        self.names = [c.name for c in columns]
        by_lower = {}
        for index, column in enumerate(columns):
            by_lower.setdefault(column.name.lower(), index)
        hints = dict(defaults or {})
        hints.update({k: v for k, v in (dataset.result_hints or {}).items()
                      if isinstance(v, str)})
        mapping = dataset.parameter_mapping or {}
        self.source: dict[str, int | None] = {}
        for name in COMMON_FIELDS:
            self.source[name] = self._pick(name, hints, mapping, by_lower, columns)
        size_index = self.source["size"]
        self.size_factor = 1
        if size_index is not None:
            column = columns[size_index]
            unit = (column.unit or "").strip().lower()
            if unit in _SIZE_FACTORS:
                self.size_factor = _SIZE_FACTORS[unit]
            elif column.name.lower() == "access_estsize":
                self.size_factor = 1000  # ObsCore: kbyte
        self.converters: dict[str, Callable[[Any], Any]] = {
            "id": _as_text, "title": _as_text, "ra": _as_float, "dec": _as_float,
            "access_url": _as_url, "format": _as_text, "size": self._as_size,
            "dataproduct_type": _as_text, "thumbnail": _as_url,
        }

    @staticmethod
    def _pick(name: str, hints: dict[str, str], mapping: dict[str, Any],
              by_lower: dict[str, int], columns: Sequence[ColumnInfo]) -> int | None:
        hinted = hints.get(name)
        if hinted and hinted.lower() in by_lower:
            return by_lower[hinted.lower()]
        if name in ("ra", "dec"):
            mapped = mapping.get(name)
            if isinstance(mapped, str) and mapped.strip('"').lower() in by_lower:
                return by_lower[mapped.strip('"').lower()]
        for candidate in OBSCORE.get(name, ()):
            if candidate in by_lower:
                return by_lower[candidate]
        for ucd in UCDS.get(name, ()):
            for index, column in enumerate(columns):
                if (column.ucd or "").strip().lower() == ucd:
                    return index
        return None

    def _as_size(self, value: Any) -> int | None:
        number = _as_float(value)
        if number is None or number < 0:
            return None
        return int(number * self.size_factor)

    def row(self, values: Sequence[Any], position: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for name in COMMON_FIELDS:
            index = self.source[name]
            result[name] = None if index is None else self.converters[name](values[index])
        if not result["id"]:  # no id column: the product URL, else the position
            result["id"] = result["access_url"] or str(position)
        result["fields"] = dict(zip(self.names, values, strict=True))
        return result

    def rows(self, value_rows: Sequence[Sequence[Any]]) -> list[dict[str, Any]]:
        return [self.row(values, position) for position, values in enumerate(value_rows, 1)]
