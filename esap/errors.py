"""The platform's error model: typed exceptions mapped to JSON responses in one place.

Every API error answers ``{"error": {"code": str, "message": str, "field"?: str,
"details"?: object}}`` with the matching HTTP status. No stack trace or server path is ever put
in a response.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from rest_framework import exceptions as drf
from rest_framework.response import Response
from rest_framework.views import set_rollback

logger = logging.getLogger(__name__)


class EsapError(Exception):
    """Base of the platform's own errors; subclasses fix the status and code."""

    status_code = 400
    code = "bad_request"

    def __init__(self, message: str, *, field: str | None = None, details: Any = None,
                 code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.details = details
        if code:
            self.code = code


class InvalidInput(EsapError):
    status_code = 400
    code = "invalid"


class Forbidden(EsapError):
    status_code = 403
    code = "permission_denied"


class NotFound(EsapError):
    status_code = 404
    code = "not_found"


class Conflict(EsapError):
    status_code = 409
    code = "conflict"


class UpstreamError(EsapError):
    """An archive failed in a request that depends on it alone (export, describe)."""

    status_code = 502
    code = "archive_error"


class UpstreamTimeout(UpstreamError):
    status_code = 504
    code = "archive_timeout"


class ServiceUnavailable(EsapError):
    status_code = 503
    code = "unavailable"


def error_body(code: str, message: str, field: str | None = None, details: Any = None) -> dict:
    error: dict[str, Any] = {"code": code, "message": message}
    if field:
        error["field"] = field
    if details is not None:
        error["details"] = details
    return {"error": error}


def _first_validation_error(detail: Any, prefix: str = "") -> tuple[str | None, str]:
    """Find the first (field, message) in a DRF ValidationError detail tree."""
    if isinstance(detail, dict):
        for key, value in detail.items():
            if isinstance(key, int) or str(key).isdigit():  # errors of list items
                return _first_validation_error(value, f"{prefix}[{key}]")
            name = key if key != "non_field_errors" else ""
            path = f"{prefix}.{name}" if prefix and name else (name or prefix)
            return _first_validation_error(value, path)
    if isinstance(detail, list) and detail:
        if all(not isinstance(item, (dict, list)) for item in detail):
            return (prefix or None, str(detail[0]))
        for index, item in enumerate(detail):
            if item:
                return _first_validation_error(item, f"{prefix}[{index}]" if prefix else str(index))
    return (prefix or None, str(detail))


def _drf_code(exc: drf.APIException) -> str:
    return {
        drf.NotAuthenticated: "not_authenticated",
        drf.AuthenticationFailed: "authentication_failed",
        drf.PermissionDenied: "permission_denied",
        drf.NotFound: "not_found",
        drf.MethodNotAllowed: "method_not_allowed",
        drf.NotAcceptable: "not_acceptable",
        drf.UnsupportedMediaType: "unsupported_media_type",
        drf.Throttled: "throttled",
        drf.ParseError: "parse_error",
    }.get(type(exc), getattr(exc, "default_code", "error"))


def exception_handler(exc: Exception, context: dict) -> Response | None:
    """DRF exception handler: the single place where exceptions become responses."""
    if isinstance(exc, Http404):
        exc = drf.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = drf.PermissionDenied()

    headers: dict[str, str] = {}
    if isinstance(exc, EsapError):
        body = error_body(exc.code, exc.message, exc.field, exc.details)
        status = exc.status_code
    elif isinstance(exc, drf.ValidationError):
        field, message = _first_validation_error(exc.detail)
        body = error_body("invalid", message, field, exc.detail)
        status = 400
    elif isinstance(exc, drf.APIException):
        status = exc.status_code
        body = error_body(_drf_code(exc), str(exc.detail))
        if getattr(exc, "auth_header", None):
            headers["WWW-Authenticate"] = exc.auth_header
        if getattr(exc, "wait", None):
            headers["Retry-After"] = str(int(exc.wait))
    else:
        return None  # unexpected: JsonErrorMiddleware answers a generic 500 and logs it
    set_rollback()
    return Response(body, status=status, headers=headers)
