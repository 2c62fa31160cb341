"""The provider's endpoints: explicit settings first, else discovered lazily (at first use,
not at start-up, so ESAP starts while the provider is down) and cached."""

from __future__ import annotations

import threading
import time
from typing import Any

import requests
from django.conf import settings

DISCOVERY_TTL = 3600.0
FAILED_RETRY = 10.0

# setting name -> discovery field
ENDPOINTS = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
    "OIDC_OP_END_SESSION_ENDPOINT": "end_session_endpoint",
    "OIDC_OP_INTROSPECTION_ENDPOINT": "introspection_endpoint",
}

TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange"  # noqa: S105


class ProviderUnavailable(Exception):
    """The provider's discovery document could not be fetched."""


_lock = threading.Lock()
_cache: dict[str, Any] = {"doc": None, "at": 0.0, "failed_at": 0.0}


def enabled() -> bool:
    return bool(getattr(settings, "ESAP_OIDC_ENABLED", False))


def issuer() -> str:
    return settings.OIDC_OP_ISSUER


def timeout() -> float:
    return float(getattr(settings, "OIDC_TIMEOUT", 10.0))


def discovery() -> dict[str, Any]:
    now = time.monotonic()
    with _lock:
        doc = _cache["doc"]
        if doc is not None and now - _cache["at"] < DISCOVERY_TTL:
            return doc
        url = issuer().rstrip("/") + "/.well-known/openid-configuration"
        try:
            response = requests.get(url, timeout=timeout())
            response.raise_for_status()
            doc = response.json()
        except (requests.RequestException, ValueError) as exc:
            if _cache["doc"] is not None:  # keep the last good document
                return _cache["doc"]
            raise ProviderUnavailable(f"OpenID provider discovery failed: {exc}") from None
        _cache.update(doc=doc, at=now)
        return doc


def reset() -> None:
    with _lock:
        _cache.update(doc=None, at=0.0)


def endpoint(name: str, required: bool = True) -> str | None:
    """An endpoint URL by its setting name (explicit setting, else discovery)."""
    explicit = getattr(settings, name, None)
    if explicit:
        return explicit
    value = discovery().get(ENDPOINTS[name])
    if not value and required:
        raise ProviderUnavailable(f"The OpenID provider has no {ENDPOINTS[name]}.")
    return value


def supports_token_exchange() -> bool:
    explicit = getattr(settings, "OIDC_TOKEN_EXCHANGE", None)
    if explicit is not None:
        return bool(explicit)
    try:
        return TOKEN_EXCHANGE in discovery().get("grant_types_supported", [])
    except ProviderUnavailable:
        return False


def get_setting(attr: str, *args: Any) -> Any:
    """mozilla-django-oidc's ``get_settings`` with lazily discovered endpoints."""
    if attr in ENDPOINTS:
        return endpoint(attr)
    from mozilla_django_oidc.utils import import_from_settings

    return import_from_settings(attr, *args)
