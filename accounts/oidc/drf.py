"""DRF authentication of the provider's access tokens (``Authorization: Bearer <token>``),
without a provider round trip per request:

- JWT access tokens: signature checked against the provider's JWKS (fetched once and cached,
  with a timeout), plus issuer, audience (``OIDC_API_AUDIENCE``, default the client id) and
  expiry;
- opaque tokens: RFC 7662 introspection, the answer cached by the token's SHA-256 for
  ``min(OIDC_INTROSPECTION_CACHE, exp - now)`` seconds (the token itself is never a cache key).
  Only tokens issued to ESAP's client (or for the API audience) are accepted.

The token's subject must belong to a user who signed in to ESAP once (``UserIdentity`` of
issuer + sub); an unknown subject answers 401. ESAP's own ``esap_`` tokens are left to
``accounts.authentication.TokenAuthentication``.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from typing import Any

import jwt
import requests
from django.conf import settings
from django.core.cache import cache
from rest_framework import authentication
from rest_framework.request import Request

from accounts.authentication import REALM, InvalidToken
from accounts.models import UserIdentity
from accounts.oidc import conf

logger = logging.getLogger(__name__)

ESAP_PREFIX = "esap_"
CACHE_PREFIX = "esap:oidc-introspection:"
JWT_ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384",
                  "ES512", "EdDSA"]

_jwks_lock = threading.Lock()
_jwks_clients: dict[str, jwt.PyJWKClient] = {}


class OIDCAccessToken:
    """``request.auth`` for provider tokens: the validated claims (not the token)."""

    def __init__(self, claims: dict[str, Any], kind: str) -> None:
        self.claims = claims
        self.kind = kind  # "jwt" | "opaque"

    def __repr__(self) -> str:
        return f"<OIDCAccessToken {self.kind} sub={self.claims.get('sub')}>"


def jwks_client() -> jwt.PyJWKClient:
    url = conf.endpoint("OIDC_OP_JWKS_ENDPOINT")
    with _jwks_lock:
        client = _jwks_clients.get(url)
        if client is None:
            client = jwt.PyJWKClient(url, cache_keys=True, lifespan=3600,
                                     timeout=int(conf.timeout()) or 5)
            _jwks_clients[url] = client
        return client


def api_audience() -> str:
    return getattr(settings, "OIDC_API_AUDIENCE", "") or settings.OIDC_RP_CLIENT_ID


def looks_like_jwt(token: str) -> bool:
    if token.count(".") != 2:
        return False
    try:
        return "alg" in jwt.get_unverified_header(token)
    except jwt.InvalidTokenError:
        return False


def validate_jwt(token: str) -> dict[str, Any]:
    try:
        key = jwks_client().get_signing_key_from_jwt(token)
        return jwt.decode(token, key.key, algorithms=JWT_ALGORITHMS, audience=api_audience(),
                          issuer=conf.issuer(), leeway=30,
                          options={"require": ["exp", "iss", "sub", "aud"]})
    except jwt.ExpiredSignatureError:
        raise InvalidToken("The access token has expired.") from None
    except jwt.InvalidAudienceError:
        raise InvalidToken("The access token is not meant for this API (audience).") from None
    except jwt.InvalidIssuerError:
        raise InvalidToken("The access token comes from another issuer.") from None
    except jwt.PyJWKClientConnectionError:
        raise InvalidToken("The identity provider's keys are unavailable; try again later.") \
            from None
    except (jwt.InvalidTokenError, jwt.PyJWKClientError, conf.ProviderUnavailable):
        raise InvalidToken("Invalid access token.") from None


def introspect(token: str) -> dict[str, Any]:
    key = CACHE_PREFIX + hashlib.sha256(token.encode()).hexdigest()
    cached = cache.get(key)
    if cached is not None:
        return cached
    try:
        response = requests.post(
            conf.endpoint("OIDC_OP_INTROSPECTION_ENDPOINT"),
            data={"token": token, "token_type_hint": "access_token",
                  "client_id": settings.OIDC_RP_CLIENT_ID,
                  "client_secret": settings.OIDC_RP_CLIENT_SECRET},
            timeout=conf.timeout())
        response.raise_for_status()
        answer = response.json()
    except (requests.RequestException, ValueError, conf.ProviderUnavailable) as exc:
        logger.warning("token introspection failed: %s", type(exc).__name__)
        raise InvalidToken("The identity provider cannot check this token now; try again "
                           "later.") from None
    if not isinstance(answer, dict):
        answer = {"active": False}
    ttl = float(getattr(settings, "OIDC_INTROSPECTION_CACHE", 60))
    if answer.get("active") and answer.get("exp"):
        ttl = min(ttl, float(answer["exp"]) - time.time())
    if ttl >= 1:
        cache.set(key, answer, int(ttl))
    return answer


def validate_opaque(token: str) -> dict[str, Any]:
    claims = introspect(token)
    if not claims.get("active"):
        raise InvalidToken("Invalid or expired access token.")
    if claims.get("exp") and float(claims["exp"]) <= time.time():
        raise InvalidToken("The access token has expired.")
    if claims.get("iss") and claims["iss"].rstrip("/") != conf.issuer().rstrip("/"):
        raise InvalidToken("The access token comes from another issuer.")
    aud = claims.get("aud") or []
    aud = [aud] if isinstance(aud, str) else aud
    if claims.get("client_id") != settings.OIDC_RP_CLIENT_ID and api_audience() not in aud:
        raise InvalidToken("The access token is not meant for this API.")
    if not claims.get("sub"):
        raise InvalidToken("The access token has no subject.")
    return claims


class OIDCBearerAuthentication(authentication.BaseAuthentication):
    """Provider access tokens; listed before the personal-token class, which takes the
    ``esap_`` tokens this one passes over."""

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        header = authentication.get_authorization_header(request).split()
        if len(header) != 2 or header[0].lower() != b"bearer":
            return None  # absent or malformed: TokenAuthentication answers
        try:
            token = header[1].decode("ascii")
        except UnicodeDecodeError:
            return None
        if token.startswith(ESAP_PREFIX):
            return None
        if looks_like_jwt(token):
            claims, kind = validate_jwt(token), "jwt"
        else:
            claims, kind = validate_opaque(token), "opaque"
        identity = (UserIdentity.objects.select_related("user")
                    .filter(issuer=conf.issuer(), subject=str(claims["sub"])).first())
        if identity is None:
            raise InvalidToken("No ESAP account for this identity: sign in to ESAP with the "
                               "identity provider once.")
        if not identity.user.is_active:
            raise InvalidToken("This account is disabled.")
        return identity.user, OIDCAccessToken(claims, kind)

    def authenticate_header(self, request: Request) -> str:
        return REALM
