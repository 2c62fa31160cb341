"""Rucio tokens, per identity and in memory only (never rucio-clients' shared on-disk
cache, which is keyed by account alone and skips credential checks when present).

- service account (userpass or x509): one token per (auth server, VO, account, credential),
  shared by the threads of this process until shortly before it expires;
- acting as the user: a token for audience ``rucio`` from the identity provider (through
  ``accounts``), cached per (user, audience) until shortly before its ``exp``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import threading
import time
from email.utils import parsedate_to_datetime
from typing import Any

import requests

from query.connectors import ArchiveError, ArchiveRefused, LoginRequired
from rucio_connector.config import RucioConfig
from rucio_connector.errors import error_for
from rucio_connector.http import session, translate

MARGIN = 60.0          # renew this long before expiry
DEFAULT_LIFETIME = 3600.0

_lock = threading.Lock()
_tokens: dict[tuple[str, ...], tuple[str, float]] = {}   # key -> (token, monotonic expiry)


def _cached(key: tuple[str, ...]) -> str | None:
    with _lock:
        entry = _tokens.get(key)
    if entry and entry[1] - MARGIN > time.monotonic():
        return entry[0]
    return None


def _remember(key: tuple[str, ...], token: str, lifetime: float) -> None:
    with _lock:
        _tokens[key] = (token, time.monotonic() + lifetime)


def forget_all() -> None:
    with _lock:
        _tokens.clear()


class TokenSource:
    """Gives the ``X-Rucio-Auth-Token`` for one identity. ``account`` is the Rucio account
    the token acts as (for rules)."""

    acting_as_user = False

    def __init__(self, config: RucioConfig, timeout: float) -> None:
        self.config = config
        self.timeout = timeout

    def token(self) -> str:
        raise NotImplementedError

    def invalidate(self) -> None:
        with _lock:
            _tokens.pop(self.key(), None)

    def key(self) -> tuple[str, ...]:
        raise NotImplementedError


class ServiceToken(TokenSource):
    def key(self) -> tuple[str, ...]:
        auth = self.config.auth
        secret = auth.password if auth.mode == "userpass" else f"{auth.cert}|{auth.key}"
        return ("service", self.config.auth_url, self.config.vo, auth.account, auth.username,
                hashlib.sha256(secret.encode()).hexdigest())

    @property
    def account(self) -> str:
        return self.config.auth.account

    def token(self) -> str:
        key = self.key()
        token = _cached(key)
        if token:
            return token
        auth, headers = self.config.auth, {"X-Rucio-Account": self.config.auth.account,
                                           "X-Rucio-VO": self.config.vo}
        if auth.mode == "userpass":
            if not auth.password:
                raise ArchiveError("The data lake's service password is not configured "
                                   f"(environment variable {auth.password_env}); ask an "
                                   "administrator.")
            url, cert = f"{self.config.auth_url}/auth/userpass", None
            headers.update({"X-Rucio-Username": auth.username,
                            "X-Rucio-Password": auth.password})
        else:
            url, cert = f"{self.config.auth_url}/auth/x509", \
                ((auth.cert, auth.key) if auth.key else auth.cert)
        try:
            response = session().get(url, headers=headers, cert=cert,
                                     verify=self.config.verify, timeout=self.timeout)
        except requests.RequestException as exc:
            raise translate(exc, "Rucio's auth server") from None
        token = response.headers.get("X-Rucio-Auth-Token")
        if response.status_code != 200 or not token:
            raise error_for(response, acting_as_user=False)
        _remember(key, token, _lifetime(response.headers.get("X-Rucio-Auth-Token-Expires")))
        return token


class UserToken(TokenSource):
    acting_as_user = True

    def __init__(self, config: RucioConfig, timeout: float, user: Any) -> None:
        super().__init__(config, timeout)
        if user is None or not getattr(user, "is_authenticated", False):
            raise LoginRequired("This data lake is searched as you: sign in (with the "
                                "identity provider) to use it.")
        self.user = user

    def key(self) -> tuple[str, ...]:
        return ("user", str(self.user.pk), self.config.auth.audience, self.config.rest_url)

    def token(self) -> str:
        key = self.key()
        token = _cached(key)
        if token:
            return token
        from accounts.oidc import tokens  # the identity provider's tokens live in accounts

        try:
            token = tokens.token_for(self.user, self.config.auth.audience)
        except (tokens.NoProviderTokens, tokens.TokenExpired):
            raise LoginRequired("Sign in with the identity provider to use this data lake "
                                "as yourself.") from None
        except tokens.TokenUnavailable as exc:
            raise ArchiveRefused(f"No token for Rucio could be obtained: {exc}",
                                 code="token_unavailable", http_status=502) from None
        _remember(key, token, _jwt_lifetime(token))
        return token


def _lifetime(expires_header: str | None) -> float:
    if not expires_header:
        return DEFAULT_LIFETIME
    try:
        return max(parsedate_to_datetime(expires_header).timestamp() - time.time(), 0.0)
    except (TypeError, ValueError):
        return DEFAULT_LIFETIME


def _jwt_lifetime(token: str) -> float:
    """Seconds until the token's ``exp`` (read, not verified: only used to cache it)."""
    try:
        payload = token.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        return max(float(claims["exp"]) - time.time(), 0.0)
    except (IndexError, KeyError, TypeError, ValueError):
        return 300.0


def token_source(config: RucioConfig, timeout: float, user: Any) -> TokenSource:
    if config.auth.mode == "user":
        return UserToken(config, timeout, user)
    return ServiceToken(config, timeout)
