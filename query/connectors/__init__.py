"""The connector contract owned by ``query``. Connector apps implement it and register."""

from query.connectors.base import (
    Capabilities,
    ColumnInfo,
    ConeQuery,
    Connector,
    ExportStream,
    HealthReport,
    QueryKind,
    SearchQuery,
    SearchResult,
)
from query.connectors.errors import (
    ArchiveError,
    ArchiveTimeout,
    ArchiveUnreachable,
    BadQuery,
    ConnectorError,
    NotApplicable,
    NotSupported,
)
from query.connectors.registry import get_connector, register, registered_types

__all__ = [
    "ArchiveError", "ArchiveTimeout", "ArchiveUnreachable", "BadQuery", "Capabilities",
    "ColumnInfo", "ConeQuery", "Connector", "ConnectorError", "ExportStream", "HealthReport",
    "NotApplicable", "NotSupported", "QueryKind", "SearchQuery", "SearchResult", "get_connector",
    "register", "registered_types",
]
