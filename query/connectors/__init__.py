"""The connector contract owned by ``query``. Connector apps implement it and register."""

from query.connectors.base import (
    Capabilities,
    ColumnInfo,
    ConeQuery,
    Connector,
    DidQuery,
    ExportStream,
    HealthReport,
    MetadataFilter,
    QueryKind,
    SearchQuery,
    SearchResult,
)
from query.connectors.errors import (
    ArchiveError,
    ArchiveRefused,
    ArchiveTimeout,
    ArchiveUnreachable,
    BadQuery,
    ConnectorError,
    LoginRequired,
    NotApplicable,
    NotSupported,
)
from query.connectors.registry import get_connector, register, registered_types

__all__ = [
    "ArchiveError",
    "ArchiveRefused",
    "ArchiveTimeout",
    "ArchiveUnreachable",
    "BadQuery",
    "Capabilities",
    "ColumnInfo",
    "ConeQuery",
    "Connector",
    "ConnectorError",
    "DidQuery",
    "ExportStream",
    "HealthReport",
    "LoginRequired",
    "MetadataFilter",
    "NotApplicable",
    "NotSupported",
    "QueryKind",
    "SearchQuery",
    "SearchResult",
    "get_connector",
    "register",
    "registered_types",
]
