"""Downstream identity: the user's provider tokens, stored encrypted, and ``token_for``.

``token_for(user, audience)`` gives an access token to call another service as the user:
an RFC 8693 token exchange for ``audience`` when the provider supports it, else the login
access token while it is valid, refreshed with the refresh token (scope ``offline_access``)
when it has expired. Tokens are never logged and never put in API responses.
"""

from __future__ import annotations

import base64
import hashlib
import logging
from datetime import timedelta
from typing import Any

import requests
from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.oidc import conf
from accounts.oidc.models import ProviderTokens

logger = logging.getLogger(__name__)

ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token"  # noqa: S105
EXPIRY_MARGIN = timedelta(seconds=30)


class TokenUnavailable(Exception):
    """No token can be had for the user (base class)."""


class NoProviderTokens(TokenUnavailable):
    """The user never signed in through the provider (or signed out since)."""


class TokenExpired(TokenUnavailable):
    """The access token expired and there is no (valid) refresh token: sign in again."""


class TokenExchangeFailed(TokenUnavailable):
    """The provider refused the token exchange (e.g. unknown audience)."""


class ProviderError(TokenUnavailable):
    """The provider could not be reached or answered nonsense."""


def _fernet() -> Fernet:
    key = getattr(settings, "ESAP_TOKEN_ENCRYPTION_KEY", "")
    if not key:  # derived from SECRET_KEY (documented; set the env var in production)
        key = base64.urlsafe_b64encode(
            hashlib.sha256(("esap-oidc-tokens:" + settings.SECRET_KEY).encode()).digest())
    return Fernet(key)


def encrypt(value: str | None) -> bytes | None:
    return None if not value else _fernet().encrypt(value.encode())


def decrypt(value: bytes | memoryview | None) -> str | None:
    if not value:
        return None
    try:
        return _fernet().decrypt(bytes(value)).decode()
    except InvalidToken:
        logger.warning("stored provider token cannot be decrypted (key changed?)")
        return None


def _expiry(expires_in: Any) -> Any:
    try:
        return timezone.now() + timedelta(seconds=int(expires_in))
    except (TypeError, ValueError):
        return None


def store(user: Any, token_info: dict[str, Any]) -> None:
    """Keep the login's access and refresh tokens (encrypted) for the user."""
    if not token_info.get("access_token"):
        return
    defaults: dict[str, Any] = {
        "issuer": conf.issuer(),
        "access_token": encrypt(token_info["access_token"]),
        "access_expires_at": _expiry(token_info.get("expires_in")),
        "scope": token_info.get("scope", "")[:1000],
    }
    if token_info.get("refresh_token"):
        defaults["refresh_token"] = encrypt(token_info["refresh_token"])
    ProviderTokens.objects.update_or_create(user=user, defaults=defaults)


def forget(user: Any) -> None:
    ProviderTokens.objects.filter(user=user).delete()


def _post_token(data: dict[str, str]) -> dict[str, Any]:
    data = {**data, "client_id": settings.OIDC_RP_CLIENT_ID,
            "client_secret": settings.OIDC_RP_CLIENT_SECRET}
    try:
        response = requests.post(conf.endpoint("OIDC_OP_TOKEN_ENDPOINT"), data=data,
                                 timeout=conf.timeout())
    except (requests.RequestException, conf.ProviderUnavailable) as exc:
        raise ProviderError(f"The identity provider is unreachable: {type(exc).__name__}") \
            from None
    try:
        body = response.json()
    except ValueError:
        body = {}
    if response.status_code != 200 or not body.get("access_token"):
        error = body.get("error", f"HTTP {response.status_code}")
        # only the error code and description: never the request (it holds tokens)
        raise TokenExchangeFailed(f"{error}: {body.get('error_description', '')}".strip(": "))
    return body


def _refresh(record: ProviderTokens) -> str:
    """A new access token from the refresh token. Serialised per user (row lock): providers
    rotate refresh tokens, and two concurrent refreshes with the same one would fail."""
    with transaction.atomic():
        record = ProviderTokens.objects.select_for_update().get(pk=record.pk)
        current = decrypt(record.access_token)
        if current and _valid(record):  # refreshed meanwhile by another request
            return current
        refresh_token = decrypt(record.refresh_token)
        if not refresh_token:
            raise TokenExpired("The provider access token expired; sign in again.")
        try:
            body = _post_token({"grant_type": "refresh_token", "refresh_token": refresh_token})
        except TokenExchangeFailed as exc:
            raise TokenExpired(f"The provider refused the refresh token ({exc}); sign in "
                               "again.") from None
        record.access_token = encrypt(body["access_token"])
        record.access_expires_at = _expiry(body.get("expires_in"))
        fields = ["access_token", "access_expires_at", "updated"]
        if body.get("refresh_token"):  # rotated
            record.refresh_token = encrypt(body["refresh_token"])
            fields.append("refresh_token")
        record.save(update_fields=fields)
        return body["access_token"]


def _valid(record: ProviderTokens) -> bool:
    expires = record.access_expires_at
    return expires is None or expires - EXPIRY_MARGIN > timezone.now()


def access_token(user: Any) -> str:
    """The user's valid login access token (refreshed when it has expired)."""
    record = ProviderTokens.objects.filter(user=user).first()
    if record is None:
        raise NoProviderTokens("This user has no identity-provider tokens; sign in with the "
                               "identity provider.")
    token = decrypt(record.access_token)
    if token and _valid(record):
        return token
    return _refresh(record)


def token_for(user: Any, audience: str | None = None) -> str:
    """An access token for calling ``audience`` as ``user``: token exchange when the
    provider supports it, else the (refreshed) login access token."""
    subject = access_token(user)
    if not audience or not conf.supports_token_exchange():
        return subject

    def exchange(subject_token: str) -> str:
        return _post_token({
            "grant_type": conf.TOKEN_EXCHANGE,
            "subject_token": subject_token,
            "subject_token_type": ACCESS_TOKEN_TYPE,
            "requested_token_type": ACCESS_TOKEN_TYPE,
            "audience": audience,
        })["access_token"]

    try:
        return exchange(subject)
    except TokenExchangeFailed as exc:
        # The provider may have forgotten the login token (revoked, provider restarted)
        # before its expiry: refresh once and retry.
        record = ProviderTokens.objects.filter(user=user).first()
        if not str(exc).startswith("invalid_grant") or record is None \
                or not record.refresh_token:
            raise
        ProviderTokens.objects.filter(pk=record.pk).update(access_expires_at=timezone.now())
        record.access_expires_at = timezone.now()
        return exchange(_refresh(record))
