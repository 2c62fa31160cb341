"""Personal API tokens: created, shown once, stored hashed, checked, listed, revoked.

A token is ``esap_`` + ``secrets.token_urlsafe(32)``: 256 random bits. Only its SHA-256 is
stored. A slow password hash (PBKDF2, Argon2) exists to make guessing *low-entropy* human
passwords from a stolen hash expensive; a 256-bit random secret cannot be guessed whatever the
hash speed, so a single SHA-256 gives the same protection while letting every API request find
its token with one indexed lookup (a slow hash per request would cost ~100 ms). Looking the
hash up in the database does not leak the secret through timing either: an attacker would need
to control the SHA-256 preimage.

Secrets are never logged and never returned except in the answer that creates them.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import ApiToken
from esap.errors import Conflict, NotFound

PREFIX = "esap_"
DISPLAY_PREFIX_LENGTH = len(PREFIX) + 8  # "esap_" + 8 of the ~43 random characters
LAST_USED_RESOLUTION = timedelta(minutes=1)
MAX_ACTIVE_TOKENS = 50
LISTED_AFTER_END = timedelta(days=30)  # revoked/expired tokens stay listed this long
MAX_LIFETIME_DAYS = 365
DEFAULT_LIFETIME_DAYS = 90

__all__ = ["ApiToken", "authenticate", "create_token", "hash_secret", "listed_tokens",
           "revoke_token"]


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(user: Any, *, name: str, scope: str,
                 expires_in_days: int = DEFAULT_LIFETIME_DAYS) -> tuple[ApiToken, str]:
    """Store a new token and return it with its secret (to show once, never to keep)."""
    now = timezone.now()
    active = ApiToken.objects.filter(user=user, revoked_at__isnull=True, expires_at__gt=now)
    if active.count() >= MAX_ACTIVE_TOKENS:
        raise Conflict(f"At most {MAX_ACTIVE_TOKENS} tokens may be active; revoke one first.",
                       code="too_many_tokens")
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, scope=scope, key_hash=hash_secret(secret),
        prefix=secret[:DISPLAY_PREFIX_LENGTH], expires_at=now + timedelta(days=expires_in_days))
    return token, secret


def authenticate(secret: str) -> tuple[ApiToken | None, str]:
    """The valid token for ``secret`` (with its user), or None and why not."""
    if not secret.startswith(PREFIX) or len(secret) > 200:
        return None, "Invalid token."
    token = (ApiToken.objects.select_related("user")
             .filter(key_hash=hash_secret(secret)).first())
    if token is None:
        return None, "Invalid token."
    if token.revoked_at is not None:
        return None, "This token has been revoked."
    now = timezone.now()
    if token.expires_at <= now:
        return None, "This token has expired."
    if not token.user.is_active:
        return None, "This account is disabled."
    _touch(token, now)
    return token, ""


def _touch(token: ApiToken, now: Any) -> None:
    """Record use at most once a minute (one conditional UPDATE, no read-modify-write)."""
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_RESOLUTION:
        return
    stale = Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_RESOLUTION)
    ApiToken.objects.filter(stale, pk=token.pk).update(last_used_at=now)
    token.last_used_at = now


def listed_tokens(user: Any) -> QuerySet[ApiToken]:
    """The user's tokens, newest first; revoked or expired ones for 30 days more."""
    since = timezone.now() - LISTED_AFTER_END
    return (ApiToken.objects.filter(user=user)
            .filter(Q(revoked_at__isnull=True) | Q(revoked_at__gt=since))
            .filter(expires_at__gt=since))


def revoke_token(user: Any, token_id: Any) -> None:
    """Revoke one of the user's tokens (idempotent); other users' ids are not found."""
    token = ApiToken.objects.filter(user=user, pk=token_id).first()
    if token is None:
        raise NotFound("No such token.")
    if token.revoked_at is None:
        ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now())


def revoke_tokens(queryset: QuerySet[ApiToken]) -> int:
    """Admin action: revoke every not yet revoked token of the queryset."""
    return queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
