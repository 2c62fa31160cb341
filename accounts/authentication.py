"""DRF authentication: personal API tokens (``Authorization: Bearer esap_…``) and the session
(with CSRF) for the SPA.

Token failures answer 401 with ``WWW-Authenticate: Bearer`` whatever the order of the
authentication classes; a ``read`` token used for a write answers 403 ``insufficient_scope``.
Both are enforced here, at authentication, so that every API view (also other apps') obeys
them without its own permission class.
"""

from __future__ import annotations

from typing import Any

from rest_framework import authentication, exceptions, permissions, status
from rest_framework.request import Request

# Models and services are imported when first used: DRF imports this module while loading
# its settings, which happens while esap.errors (imported by the services) is being imported.

REALM = 'Bearer realm="esap"'


class InvalidToken(exceptions.APIException):
    """Not a subclass of AuthenticationFailed on purpose: DRF turns those into 403 when the
    first authentication class is the session; a bad token is always a 401."""

    status_code = status.HTTP_401_UNAUTHORIZED
    default_code = "authentication_failed"
    default_detail = "Invalid token."

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.auth_header = f'{REALM}, error="invalid_token"'


class InsufficientScope(exceptions.PermissionDenied):
    default_code = "insufficient_scope"
    default_detail = "This token may only read (GET, HEAD, OPTIONS); it cannot change anything."

    def __init__(self) -> None:
        super().__init__()
        self.auth_header = f'{REALM}, error="insufficient_scope"'


class CsrfFailed(exceptions.PermissionDenied):
    default_code = "csrf_failed"


class TokenAuthentication(authentication.BaseAuthentication):
    keyword = "bearer"

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.encode():
            return None
        if len(header) != 2:
            raise InvalidToken("Malformed Authorization header: use 'Bearer <token>'.")
        try:
            secret = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise InvalidToken("Invalid token.") from None
        # OpenID Connect access tokens are taken by accounts.oidc.drf (listed before this
        # class when OIDC is configured); everything left must be ESAP's own.
        from accounts.models import TokenScope
        from accounts.services import tokens

        token, problem = tokens.authenticate(secret)
        if token is None:
            raise InvalidToken(problem)
        if token.scope == TokenScope.READ and request.method not in permissions.SAFE_METHODS:
            raise InsufficientScope()
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return REALM


class SessionAuthentication(authentication.SessionAuthentication):
    """Django's session; writes need the CSRF token (``X-CSRFToken``), code ``csrf_failed``."""

    def enforce_csrf(self, request: Request) -> None:
        try:
            super().enforce_csrf(request)
        except exceptions.PermissionDenied as exc:
            raise CsrfFailed(str(exc.detail)) from None


def enforce_csrf(request: Request) -> None:
    """The same CSRF check for requests DRF does not check itself (anonymous session writes,
    the login)."""
    SessionAuthentication().enforce_csrf(request)


def is_token_request(request: Request) -> bool:
    """Authenticated by a bearer token (ESAP's own or the identity provider's), not by the
    session (whose ``request.auth`` is None)."""
    return request.auth is not None
