"""Rucio's errors (``ExceptionClass`` header / JSON body) as typed connector errors, named
as Rucio names them (``details.rucio``) so users can look them up."""

from __future__ import annotations

from typing import Any

import requests

from query.connectors import ArchiveError, ArchiveRefused, BadQuery, ConnectorError

# Rucio exception class -> (ESAP code, HTTP status for the API)
REFUSALS: dict[str, tuple[str, int]] = {
    "DataIdentifierNotFound": ("did_not_found", 404),
    "ScopeNotFound": ("unknown_scope", 404),
    "RuleNotFound": ("rule_not_found", 404),
    "AccessDenied": ("permission_denied", 403),
    "InsufficientAccountLimit": ("quota_exceeded", 409),
    "InsufficientQuota": ("quota_exceeded", 409),
    "RSEOverQuota": ("quota_exceeded", 409),
    "RSEWriteBlocked": ("rse_unavailable", 409),
    "RSENotFound": ("rse_unavailable", 409),
    "InvalidRSEExpression": ("rse_unavailable", 409),
    "InsufficientTargetRSEs": ("rse_unavailable", 409),
    "RSEBlacklisted": ("rse_unavailable", 409),
    "StagingAreaRuleRequiresLifetime": ("rse_unavailable", 409),
    "UnsupportedOperation": ("not_supported", 409),
    "DuplicateRule": ("duplicate_rule", 409),
}
BAD_INPUT = {"InvalidObject", "InvalidValueForKey", "DIDFilterSyntaxError", "KeyNotFound",
             "InvalidType", "DuplicateCriteriaInDIDFilter", "InvalidReplicationRule",
             "InvalidPath", "UnsupportedKeyType", "ValueError"}


def exception_of(response: requests.Response) -> tuple[str, str]:
    """(Rucio exception class, message) of an error answer."""
    name = response.headers.get("ExceptionClass", "")
    message = response.headers.get("ExceptionMessage", "")
    if not name:
        try:
            body: Any = response.json()
        except ValueError:
            body = None
        if isinstance(body, dict):
            name = str(body.get("ExceptionClass") or "")
            message = str(body.get("ExceptionMessage") or "")
    return name, " ".join(message.split())[:500]


def error_for(response: requests.Response, *, acting_as_user: bool) -> ConnectorError:
    name, message = exception_of(response)
    shown = f"Rucio: {name}: {message}" if name else \
        f"Rucio answered HTTP {response.status_code}."
    if name == "CannotAuthenticate" or (response.status_code == 401 and not name):
        if acting_as_user:
            return ArchiveRefused(
                "Rucio refused your token (expired, revoked or not trusted); sign in again. "
                + shown, code="rucio_token_refused", http_status=403,
                details={"rucio": name or "CannotAuthenticate"})
        return ArchiveError("Rucio refused ESAP's service credentials; an administrator "
                            "must check the dataset's auth settings. " + shown)
    if name in REFUSALS:
        code, status = REFUSALS[name]
        return ArchiveRefused(shown, code=code, http_status=status, details={"rucio": name})
    if name in BAD_INPUT or (response.status_code in (400, 406) and name):
        return BadQuery(shown)
    return ArchiveError(shown)
