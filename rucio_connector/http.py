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


def stale_connection(exc: requests.RequestException) -> bool:
    """A pooled keep-alive connection the server had closed (restart, idle timeout): the
    request never reached it, so a read may be sent again. (Not done by urllib3 retries: those
    would also repeat read timeouts and report them as connection errors.)"""
    return isinstance(exc, requests.ConnectionError) and \
        not isinstance(exc, requests.Timeout) and "Connection aborted" in str(exc)


def translate(exc: requests.RequestException, what: str = "Rucio") -> ConnectorError:
    if isinstance(exc, requests.Timeout):
        return ArchiveTimeout(f"{what} did not answer in time.")
    if isinstance(exc, requests.exceptions.SSLError):
        return ArchiveUnreachable(f"{what}: the TLS certificate could not be verified.")
    if isinstance(exc, requests.ConnectionError):
        return ArchiveUnreachable(f"{what} could not be reached.")
    return ArchiveUnreachable(f"{what}: the request failed ({type(exc).__name__}).")
