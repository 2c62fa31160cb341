"""Local sign-in and sign-out, failed-login throttling and the session description.

Failed logins are counted per username and per client address in Django's cache (fixed
window that starts at the first failure). Once a count reaches its limit, further attempts
for that username or from that address answer 429 with Retry-After, without the password
being checked, until the window ends. A successful login clears the username's count.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import auth
from django.core.cache import cache
from django.http import HttpRequest
from rest_framework import exceptions
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle

from accounts.models import UserIdentity
from accounts.services import basket
from esap.errors import InvalidInput

CACHE_PREFIX = "esap:login-failures"


@dataclass(frozen=True)
class FailureCounter:
    key: str
    limit: int
    window: int

    def blocked_for(self, now: float) -> float | None:
        """Seconds until attempts are allowed again, or None when they are allowed now."""
        count = cache.get(self.key, 0)
        if count < self.limit:
            return None
        started = cache.get(f"{self.key}:start", now)
        return max(1.0, started + self.window - now)

    def hit(self, now: float) -> None:
        cache.add(f"{self.key}:start", now, self.window)
        if not cache.add(self.key, 1, self.window):
            try:
                cache.incr(self.key)
            except ValueError:  # expired between add and incr
                cache.set(self.key, 1, self.window)

    def clear(self) -> None:
        cache.delete_many([self.key, f"{self.key}:start"])


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:32]


def client_address(request: Any) -> str:
    """The client's address. X-Forwarded-For is trusted only behind the number of proxies
    configured in REST_FRAMEWORK["NUM_PROXIES"] (otherwise anybody could claim any address)."""
    if api_settings.NUM_PROXIES is not None:
        return BaseThrottle().get_ident(request) or "unknown"
    return request.META.get("REMOTE_ADDR") or "unknown"


def failure_counters(request: Any, username: str) -> tuple[FailureCounter, FailureCounter]:
    window = settings.ESAP_LOGIN_FAILURE_WINDOW
    client = client_address(request)
    return (
        FailureCounter(f"{CACHE_PREFIX}:user:{_digest(username.strip().lower())}",
                       settings.ESAP_LOGIN_FAILURES_PER_USER, window),
        FailureCounter(f"{CACHE_PREFIX}:ip:{_digest(client)}",
                       settings.ESAP_LOGIN_FAILURES_PER_IP, window),
    )


def login(request: Any, username: str, password: str) -> Any:
    """Check the credentials (throttled), merge the anonymous basket, start the session."""
    http_request: HttpRequest = request._request
    by_user, by_client = failure_counters(request, username)
    now = time.time()
    waits = [w for w in (by_user.blocked_for(now), by_client.blocked_for(now)) if w]
    if waits:
        raise exceptions.Throttled(wait=max(waits),
                                   detail="Too many failed logins; try again later.")
    user = auth.authenticate(http_request, username=username, password=password)
    if user is None:
        by_user.hit(now)
        by_client.hit(now)
        raise InvalidInput("Wrong username or password.", code="invalid_credentials")
    by_user.clear()
    anonymous_session = http_request.session.session_key
    # Before login(): it rotates the session key; a failed merge leaves the login undone.
    basket.merge_session_basket(anonymous_session, user)
    auth.login(http_request, user)
    return user


def logout(request: Any) -> str | None:
    """End the session; for a provider sign-in also forget the stored provider tokens and
    return the provider's end-session URL (the browser goes there to end that session too),
    or None."""
    http_request: HttpRequest = request._request
    end_session_url = None
    if getattr(settings, "ESAP_OIDC_ENABLED", False):
        from accounts.oidc import logout as oidc_logout

        end_session_url = oidc_logout.end_session_url(http_request)
        if request.user and request.user.is_authenticated:
            oidc_logout.forget_tokens(request.user)
    auth.logout(http_request)
    return end_session_url


def identity_provider(user: Any) -> str:
    """``local`` for local accounts, else the external provider's name (OIDC, later)."""
    identity = UserIdentity.objects.filter(user=user).order_by("id").first()
    if identity is None:
        return "local"
    return identity.provider or identity.issuer


def user_summary(user: Any) -> dict[str, Any]:
    return {"username": user.get_username(), "name": user.get_full_name(),
            "email": user.email, "is_staff": user.is_staff,
            "identity_provider": identity_provider(user)}


def login_methods() -> list[dict[str, str]]:
    methods = [{"type": "local"}]
    if getattr(settings, "ESAP_OIDC_ENABLED", False):
        methods.append({"type": "oidc", "label": settings.ESAP_OIDC_LABEL,
                        "url": "/oidc/authenticate/"})
    return methods


def session_info(request: Any) -> dict[str, Any]:
    user = request.user
    authenticated = bool(user and user.is_authenticated)
    return {
        "authenticated": authenticated,
        "user": user_summary(user) if authenticated else None,
        "login_methods": login_methods(),
        "basket_count": basket.count_items(basket.basket_of(request)),
    }
