"""HTTP plumbing: one pooled session per thread, network failures as typed errors."""

from __future__ import annotations

import threading

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from query.connectors import ArchiveTimeout, ArchiveUnreachable, ConnectorError

_local = threading.local()


def session() -> requests.Session:
    current = getattr(_local, "session", None)
    if current is None:
        current = requests.Session()
        current.trust_env = False  # only the configured Rucio host, never an env proxy
        # A pooled keep-alive connection the server has closed (restart, idle timeout) fails
        # on first use: retry reads once; never retry writes (a rule could be made twice).
        retry = Retry(total=1, connect=1, read=1, status=0, other=0,
                      allowed_methods=frozenset({"GET"}), raise_on_status=False)
        current.mount("http://", HTTPAdapter(max_retries=retry))
        current.mount("https://", HTTPAdapter(max_retries=retry))
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
