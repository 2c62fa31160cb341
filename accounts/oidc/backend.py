"""The sign-in backend: users are identified by the provider's issuer + subject
(``UserIdentity``), never by e-mail. Name, e-mail and group memberships follow the claims at
every sign-in."""

from __future__ import annotations

import logging
import re
from typing import Any

import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import SuspiciousOperation
from django.db import IntegrityError, transaction
from django.utils import timezone
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from accounts.models import UserIdentity
from accounts.oidc import conf, tokens

logger = logging.getLogger(__name__)

SESSION_ID_TOKEN = "oidc_id_token"  # noqa: S105  (a session key name)
GROUP_NAME_MAX = 150


def _username_base(claims: dict[str, Any]) -> str:
    for candidate in (claims.get("preferred_username"), (claims.get("email") or "").split("@")[0],
                      claims.get("sub")):
        value = re.sub(r"[^\w.@+-]", "", str(candidate or ""))[:140]
        if value:
            return value
    return "user"


def unique_username(claims: dict[str, Any]) -> str:
    """``preferred_username`` when free, else that with a number (``alice-2``, …)."""
    User = get_user_model()
    base = _username_base(claims)
    name, n = base, 1
    while User.objects.filter(username__iexact=name).exists():
        n += 1
        name = f"{base}-{n}"
    return name


def sync_groups(user: Any, claims: dict[str, Any]) -> None:
    """Make the user's Django groups those of the groups claim (created when missing)."""
    claim = getattr(settings, "OIDC_GROUPS_CLAIM", "groups")
    if claim not in claims:
        return  # the provider said nothing about groups: leave them alone
    raw = claims.get(claim) or []
    if isinstance(raw, str):
        raw = [raw]
    names = {str(g).strip()[:GROUP_NAME_MAX] for g in raw if str(g).strip()}
    groups = [Group.objects.get_or_create(name=name)[0] for name in sorted(names)]
    user.groups.set(groups)


def apply_claims(user: Any, claims: dict[str, Any]) -> None:
    name = (claims.get("name") or " ".join(
        filter(None, [claims.get("given_name"), claims.get("family_name")]))).strip()
    user.first_name, user.last_name = name[:150], ""
    if claims.get("email"):
        user.email = claims["email"][:254]
    user.save(update_fields=["first_name", "last_name", "email"])
    sync_groups(user, claims)


def user_for_claims(claims: dict[str, Any], provider: str = "") -> Any:
    """The user of ``(issuer, sub)``, created (with a unique username) on first sign-in and
    updated from the claims every time."""
    issuer, subject = conf.issuer(), str(claims["sub"])
    User = get_user_model()
    for _ in range(3):  # a concurrent first sign-in may take the username or identity
        identity = (UserIdentity.objects.select_related("user")
                    .filter(issuer=issuer, subject=subject).first())
        try:
            with transaction.atomic():
                if identity is None:
                    user = User.objects.create_user(unique_username(claims))
                    user.set_unusable_password()
                    user.save(update_fields=["password"])
                    identity = UserIdentity.objects.create(
                        user=user, issuer=issuer, subject=subject, provider=provider)
                user = identity.user
                identity.last_login = timezone.now()
                identity.save(update_fields=["last_login"])
                apply_claims(user, claims)
                return user
        except IntegrityError:
            continue
    raise SuspiciousOperation("could not create the user for this identity")


class OIDCBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's code flow (PKCE), with ESAP's identity mapping; keeps the
    provider tokens server-side (encrypted) and merges the anonymous basket."""

    get_settings = staticmethod(conf.get_setting)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Not the library's __init__: it reads the endpoints eagerly, and Django instantiates
        # every backend for every login and session request: a provider that is down must
        # not break local sign-in or signed-in users. Endpoints are read when used.
        self.UserModel = get_user_model()
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = getattr(settings, "OIDC_RP_SIGN_ALGO", "RS256")
        self.OIDC_RP_IDP_SIGN_KEY = getattr(settings, "OIDC_RP_IDP_SIGN_KEY", None)

    OIDC_OP_TOKEN_ENDPOINT = property(lambda self: conf.endpoint("OIDC_OP_TOKEN_ENDPOINT"))
    OIDC_OP_USER_ENDPOINT = property(lambda self: conf.endpoint("OIDC_OP_USER_ENDPOINT"))
    OIDC_OP_JWKS_ENDPOINT = property(lambda self: conf.endpoint("OIDC_OP_JWKS_ENDPOINT"))

    def authenticate(self, request: Any, **kwargs: Any) -> Any:
        if request is None or "code" not in getattr(request, "GET", {}):
            return None  # a local sign-in (username/password): not ours
        try:
            return super().authenticate(request, **kwargs)
        except (conf.ProviderUnavailable, requests.RequestException) as exc:
            logger.warning("OIDC sign-in failed: %s", type(exc).__name__)
            return None

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return bool(claims.get("sub"))

    def get_token(self, payload: dict[str, Any]) -> dict[str, Any]:
        self._token_info = super().get_token(payload)
        return self._token_info

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]):
        claims = self.get_userinfo(access_token, id_token, payload)
        if not self.verify_claims(claims):
            raise SuspiciousOperation("Claims verification failed")
        if payload.get("sub") and str(payload["sub"]) != str(claims["sub"]):
            raise SuspiciousOperation("userinfo subject differs from the ID token's")
        user = user_for_claims(claims, provider=getattr(settings, "ESAP_OIDC_LABEL", ""))
        if not user.is_active:
            return user  # the callback view refuses inactive users
        tokens.store(user, getattr(self, "_token_info", {}))
        request = getattr(self, "request", None)
        if request is not None and hasattr(request, "session"):
            from accounts.services import basket

            # before auth.login() rotates the session key
            basket.merge_session_basket(request.session.session_key, user)
        return user

    def store_tokens(self, access_token: str, id_token: str) -> None:
        # Only the ID token (for the logout hint) goes into the session; the access and
        # refresh tokens are stored encrypted in the database (tokens.store).
        self.request.session[SESSION_ID_TOKEN] = id_token
