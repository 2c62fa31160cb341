"""Typed connector errors. In a federated search they become a dataset run's status; in a
request about one dataset (export, describe) the API maps them to 4xx/5xx JSON errors."""

from __future__ import annotations

from typing import Any


class ConnectorError(Exception):
    """Base class. ``status`` is the run status it maps to; ``message`` is shown to users
    and must carry no credentials or server paths of ours."""

    status = "error"
    code = "archive_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ArchiveUnreachable(ConnectorError):
    """Connection refused, DNS failure, TLS failure: the archive could not be reached."""

    code = "archive_unreachable"


class ArchiveTimeout(ConnectorError):
    """No (complete) answer within the dataset's timeout."""

    status = "timeout"
    code = "archive_timeout"


class ArchiveError(ConnectorError):
    """The archive answered with an error (HTTP 5xx, error VOTable, malformed document)."""

    code = "archive_error"


class BadQuery(ConnectorError):
    """The query cannot be run as given (ADQL syntax error, unknown column, unsupported
    constraint). Also raised by an archive rejecting the query."""

    code = "bad_query"

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class NotApplicable(ConnectorError):
    """This kind of query does not apply to the dataset (a cone on a project catalogue)."""

    status = "not_applicable"
    code = "not_applicable"


class NotSupported(ConnectorError):
    """The connector does not offer the operation (e.g. async jobs, a given export format)."""

    code = "not_supported"


class LoginRequired(ConnectorError):
    """The dataset acts as the user and there is no usable user credential (anonymous, or
    not signed in with the identity provider)."""

    code = "login_required"


class ArchiveRefused(ConnectorError):
    """The archive refused the request for a reason the user can act on (not found,
    permission denied, quota exceeded). ``http_status`` is the API status to answer with;
    ``details`` may name the archive's own error (e.g. {"rucio": "AccessDenied"})."""

    def __init__(self, message: str, *, code: str, http_status: int,
                 details: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.http_status = http_status
        self.details = details or {}
