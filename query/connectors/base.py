"""The connector contract: typed query in, normalized result (or a typed error) out.

A connector is a stateless object (one instance serves all datasets of its type and all
threads); everything dataset-specific comes from the ``Dataset`` passed in: ``service_url``,
``resource``, ``parameter_mapping``, ``result_hints``, ``options``, ``timeout``, ``row_limit``.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from query.connectors.errors import NotSupported

if TYPE_CHECKING:
    from query.models import Dataset


class QueryKind(enum.StrEnum):
    CONE = "cone"                # ra/dec/radius in degrees (ICRS)
    CONSTRAINTS = "constraints"  # common parameters with operators, optionally with a cone
    ADQL = "adql"                # raw ADQL for exactly one dataset
    KEYWORD = "keyword"          # free text (registries, project catalogues)
    DID = "did"                  # data identifiers in a data lake (Rucio): pattern + metadata


# Common parameters a query may constrain; datasets map them to their own columns in
# ``Dataset.parameter_mapping`` (e.g. {"ra": "s_ra", "dec": "s_dec", "magnitude": "mag"}).
COMMON_PARAMETERS: dict[str, str] = {
    "id": "string",
    "name": "string",
    "target": "string",
    "collection": "string",
    "dataproduct_type": "string",
    "calib_level": "number",
    "magnitude": "number",
    "t_min": "number",   # MJD
    "t_max": "number",   # MJD
    "em_min": "number",  # metres
    "em_max": "number",  # metres
    "size": "number",
}
CONSTRAINT_OPERATORS = ("eq", "ne", "lt", "le", "gt", "ge", "between", "like")
DID_TYPES = ("all", "collection", "container", "dataset", "file")
METADATA_OPERATORS = ("eq", "ne", "lt", "le", "gt", "ge")


@dataclass(frozen=True)
class ConeQuery:
    ra: float      # degrees, 0 <= ra < 360
    dec: float     # degrees, -90..90
    radius: float  # degrees, 0 < radius <= 180


@dataclass(frozen=True)
class Constraint:
    param: str                      # a key of COMMON_PARAMETERS
    op: str                         # one of CONSTRAINT_OPERATORS
    value: float | str | tuple[float, float]  # between: (low, high); like: pattern with % and _


@dataclass(frozen=True)
class MetadataFilter:
    key: str
    op: str                          # one of METADATA_OPERATORS
    value: str | float | bool


@dataclass(frozen=True)
class DidQuery:
    """Data identifiers matching ``pattern`` ("scope:name", ``*`` wildcards in both parts;
    no colon: a name pattern in every scope), of ``did_type``, with metadata filters (ANDed)
    and creation dates (ISO 8601, UTC)."""

    pattern: str
    did_type: str = "all"            # one of DID_TYPES
    metadata: tuple[MetadataFilter, ...] = ()
    created_after: str | None = None
    created_before: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"pattern": self.pattern, "type": self.did_type,
                "metadata": [{"key": f.key, "op": f.op, "value": f.value}
                             for f in self.metadata],
                "created_after": self.created_after, "created_before": self.created_before}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DidQuery:
        return cls(pattern=data["pattern"], did_type=data.get("type") or "all",
                   metadata=tuple(MetadataFilter(f["key"], f["op"], f["value"])
                                  for f in data.get("metadata") or ()),
                   created_after=data.get("created_after"),
                   created_before=data.get("created_before"))


@dataclass(frozen=True)
class SearchQuery:
    kind: QueryKind
    cone: ConeQuery | None = None
    constraints: tuple[Constraint, ...] = ()
    adql: str | None = None
    keyword: str | None = None
    did: DidQuery | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "cone": None if self.cone is None else {
                "ra": self.cone.ra, "dec": self.cone.dec, "radius": self.cone.radius},
            "constraints": [
                {"param": c.param, "op": c.op,
                 "value": list(c.value) if isinstance(c.value, tuple) else c.value}
                for c in self.constraints
            ],
            "adql": self.adql,
            "keyword": self.keyword,
            "did": None if self.did is None else self.did.to_json(),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SearchQuery:
        cone = data.get("cone")
        return cls(
            kind=QueryKind(data["kind"]),
            cone=ConeQuery(**cone) if cone else None,
            constraints=tuple(
                Constraint(c["param"], c["op"],
                           tuple(c["value"]) if isinstance(c["value"], list) else c["value"])
                for c in data.get("constraints") or ()
            ),
            adql=data.get("adql"),
            keyword=data.get("keyword"),
            did=DidQuery.from_json(data["did"]) if data.get("did") else None,
        )


@dataclass
class ColumnInfo:
    name: str
    datatype: str | None = None
    unit: str | None = None
    ucd: str | None = None
    description: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "datatype": self.datatype, "unit": self.unit,
                "ucd": self.ucd, "description": self.description}


# The common fields of a normalized row; every other column goes in ``fields``.
COMMON_FIELDS = ("id", "title", "ra", "dec", "access_url", "format", "size",
                 "dataproduct_type", "thumbnail")


@dataclass
class SearchResult:
    """``rows``: dicts with the COMMON_FIELDS keys (None where unknown; ``id`` is required and
    stable within the dataset) plus ``fields``: {column name: JSON-safe value} for the archive's
    own columns. ``overflow``: the archive had more rows than ``limit``; rows are cut to limit."""

    rows: list[dict[str, Any]]
    columns: list[ColumnInfo] = field(default_factory=list)
    overflow: bool = False
    query_text: str = ""                # what was sent (ADQL, URL parameters), shown to users
    timings: dict[str, float] = field(default_factory=dict)  # e.g. {"archive_ms": 23.1}


@dataclass(frozen=True)
class Capabilities:
    query_kinds: frozenset[QueryKind]
    export_formats: tuple[str, ...] = ()   # e.g. ("votable", "csv")
    async_jobs: bool = False
    describe: bool = False                 # tables/columns browsing (TAP_SCHEMA)
    staging: bool = False

    def to_json(self) -> dict[str, Any]:
        return {"query_kinds": sorted(k.value for k in self.query_kinds),
                "export_formats": list(self.export_formats), "async_jobs": self.async_jobs,
                "describe": self.describe, "staging": self.staging}


@dataclass
class ExportStream:
    """A byte stream to pass to the client. ``close`` releases the upstream connection and is
    always called by the gateway, also when the client goes away."""

    content_type: str
    chunks: Iterator[bytes]
    filename: str
    close: Callable[[], None] = lambda: None


@dataclass(frozen=True)
class HealthReport:
    ok: bool
    latency_ms: float | None
    message: str = ""


class Connector:
    """Base class of connector implementations. Subclasses set ``connector_type``/``label``
    and implement ``capabilities`` and ``search``; other operations are optional."""

    connector_type: ClassVar[str]
    label: ClassVar[str]

    def capabilities(self, dataset: Dataset) -> Capabilities:
        raise NotImplementedError

    def query_form(self, dataset: Dataset) -> dict[str, Any]:
        """Describe what the dataset's query form offers (kinds and mapped parameters)."""
        mapping = dataset.parameter_mapping or {}
        return {
            "query_kinds": self.capabilities(dataset).to_json()["query_kinds"],
            "parameters": [
                {"name": name, "type": COMMON_PARAMETERS[name], "column": column,
                 "operators": list(CONSTRAINT_OPERATORS)}
                for name, column in sorted(mapping.items()) if name in COMMON_PARAMETERS
            ],
        }

    def validate_query(self, dataset: Dataset, query: SearchQuery) -> None:
        """Reject a query that can never run before anything is stored or sent (e.g. an
        ADQL syntax error): raise BadQuery with ``field`` naming the offending input.
        Called by the API for every targeted dataset; must not contact the archive."""

    def validate_dataset(self, dataset: Dataset) -> None:
        """Check an admin's configuration (``options`` etc.) before it is saved: raise
        BadQuery with ``field`` naming the offending setting. Must not contact the archive."""

    def search(self, dataset: Dataset, query: SearchQuery, limit: int,
               timeout: float, *, user: Any = None) -> SearchResult:
        """Run the query with at most ``limit`` rows; must return or raise within ``timeout``
        seconds (plus a small margin). Raises ConnectorError subclasses only. ``user`` is the
        search's owner (None: anonymous), for connectors that act as the user."""
        raise NotImplementedError

    def export(self, dataset: Dataset, query: SearchQuery, fmt: str,
               timeout: float, *, user: Any = None) -> ExportStream:
        """Stream the full result (up to ESAP_EXPORT_MAX_ROWS) in ``fmt``; an overflow marker
        is kept in the stream. ``timeout`` bounds connecting and each wait between bytes."""
        raise NotSupported(f"Export is not available for {self.label} datasets.")

    def describe(self, dataset: Dataset, timeout: float) -> dict[str, Any]:
        """Tables and columns (with units, UCDs, descriptions) for query helpers."""
        raise NotSupported(f"Browsing is not available for {self.label} datasets.")

    def health(self, dataset: Dataset, timeout: float) -> HealthReport:
        raise NotSupported(f"Health checks are not available for {self.label} datasets.")

    # Optional asynchronous jobs (e.g. TAP UWS): an opaque job reference string.
    def submit(self, dataset: Dataset, query: SearchQuery, limit: int, timeout: float) -> str:
        raise NotSupported("Asynchronous jobs are not available for this dataset.")

    def poll(self, dataset: Dataset, job_ref: str, timeout: float) -> str:
        """Return one of: queued, running, completed, error, aborted."""
        raise NotSupported("Asynchronous jobs are not available for this dataset.")

    def fetch(self, dataset: Dataset, job_ref: str, limit: int, timeout: float) -> SearchResult:
        raise NotSupported("Asynchronous jobs are not available for this dataset.")

    def cancel(self, dataset: Dataset, job_ref: str, timeout: float) -> None:
        raise NotSupported("Asynchronous jobs are not available for this dataset.")
