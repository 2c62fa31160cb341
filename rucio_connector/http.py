"""HTTP plumbing: one pooled session per thread, network failures as typed errors."""

from __future__ import annotations

import threading

import requests

from query.connectors import ArchiveTimeout, ArchiveUnreachable, ConnectorError

_local = threading.local()


def session() -> requests.Session:
    current = getattr(_local, "session", None)
    if current is None:
        current = requests.Session()
        current.trust_env = False  # only the configured Rucio host, never an env proxy
        _local.session = current
    return current


def translate(exc: requests.RequestException, what: str = "Rucio") -> ConnectorError:
    if isinstance(exc, requests.Timeout):
        return ArchiveTimeout(f"{what} did not answer in time.")
    if isinstance(exc, requests.exceptions.SSLError):
        return ArchiveUnreachable(f"{what}: the TLS certificate could not be verified.")
    if isinstance(exc, requests.ConnectionError):
        return ArchiveUnreachable(f"{what} could not be reached.")
    return ArchiveUnreachable(f"{what}: the request failed ({type(exc).__name__}).")
