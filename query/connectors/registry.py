"""Registry of connector implementations, keyed by connector type.

Connector apps call ``register()`` from ``AppConfig.ready()``; ``query`` looks connectors up by
the type an admin chose for a dataset and never imports a connector module itself.
"""

from __future__ import annotations

from query.connectors.base import Connector
from query.connectors.errors import NotSupported

_connectors: dict[str, Connector] = {}


def register(connector: Connector) -> None:
    key = connector.connector_type
    existing = _connectors.get(key)
    if existing is not None and type(existing) is not type(connector):
        raise RuntimeError(f"connector type {key!r} registered twice")
    _connectors[key] = connector


def get_connector(connector_type: str) -> Connector:
    try:
        return _connectors[connector_type]
    except KeyError:
        raise NotSupported(f"No connector is installed for type '{connector_type}'.") from None


def registered_types() -> list[tuple[str, str]]:
    """(type, label) pairs, for admin choices and the API."""
    return sorted((key, conn.label) for key, conn in _connectors.items())
