"""A small client of Panoptes' JSON API for one dataset, one caller and one deadline.

One client per call and user (a fresh ``requests`` session without cookies: never a
process-wide connection such as ``panoptes_client.Panoptes.connect()``), the API's media type
on every request, every wait bounded by the call's deadline, HTTP 429 retried after
``Retry-After`` (at most ``MAX_RETRIES`` times, and only if the wait fits the deadline).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any

import requests
from requests.cookies import RequestsCookieJar

from query.connectors import (
    ArchiveError,
    ArchiveRefused,
    ArchiveTimeout,
    ArchiveUnreachable,
    BadQuery,
    ConnectorError,
)
from zooniverse_connector.config import MAX_PAGE_SIZE, ZooniverseConfig

ACCEPT = "application/vnd.api+json; version=1"
MAX_RETRIES = 2
DEFAULT_RETRY_AFTER = 1.0
CONNECT_TIMEOUT = 5.0


class _NoCookies(RequestsCookieJar):
    def set_cookie(self, cookie: Any, *args: Any, **kwargs: Any) -> None:
        return None  # a client never carries one caller's session into another call


@dataclass
class Page:
    """One page of a Panoptes listing: the records, ``meta.<resource>`` and ``linked``."""

    records: list[dict[str, Any]]
    meta: dict[str, Any]
    linked: dict[str, Any] = field(default_factory=dict)

    def to_json(self, results: list[dict[str, Any]]) -> dict[str, Any]:
        return {"count": _int(self.meta.get("count")), "page": _int(self.meta.get("page")) or 1,
                "page_size": _int(self.meta.get("page_size")),
                "page_count": _int(self.meta.get("page_count")),
                "next_page": _int(self.meta.get("next_page")), "results": results}


def _int(value: Any) -> int | None:
    try:
        return None if value is None else int(value)
    except (TypeError, ValueError):
        return None


def retry_after(response: requests.Response) -> float:
    """Seconds to wait from ``Retry-After`` (seconds or an HTTP date)."""
    value = (response.headers.get("Retry-After") or "").strip()
    if not value:
        return DEFAULT_RETRY_AFTER
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return DEFAULT_RETRY_AFTER


def _message(response: requests.Response) -> str:
    """Panoptes' error text (``{"errors": [{"message": …}]}``), shortened."""
    try:
        body: Any = response.json()
    except ValueError:
        return ""
    errors = body.get("errors") if isinstance(body, dict) else None
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        return " ".join(str(errors[0].get("message", "")).split())[:300]
    return ""


def error_for(response: requests.Response, *, with_token: bool) -> ConnectorError:
    status = response.status_code
    text = _message(response)
    shown = f"Zooniverse: {text}" if text else f"Zooniverse answered HTTP {status}."
    if status == 404:
        return ArchiveRefused(shown, code="not_found", http_status=404)
    if status in (401, 403):
        if with_token:
            return ArchiveRefused(shown, code="permission_denied", http_status=403)
        return ArchiveRefused("Sign in with your Zooniverse account first. " + shown,
                              code="zooniverse_login_required", http_status=401)
    if status in (400, 422):
        return BadQuery(shown)
    return ArchiveError(f"Zooniverse answered HTTP {status}" + (f": {text}" if text else "."))


def translate(exc: requests.RequestException) -> ConnectorError:
    if isinstance(exc, requests.Timeout):
        return ArchiveTimeout("Zooniverse did not answer in time.")
    if isinstance(exc, requests.exceptions.SSLError):
        return ArchiveUnreachable("Zooniverse: the TLS certificate could not be verified.")
    if isinstance(exc, requests.ConnectionError):
        return ArchiveUnreachable("Zooniverse could not be reached.")
    return ArchiveUnreachable(f"Zooniverse: the request failed ({type(exc).__name__}).")


class PanoptesClient:
    def __init__(self, config: ZooniverseConfig, timeout: float, token: str | None = None
                 ) -> None:
        self.config = config
        self.token = token
        self.deadline = time.monotonic() + timeout
        self.session = requests.Session()
        self.session.trust_env = False  # only the configured host, never an env proxy
        self.session.cookies = _NoCookies()

    def close(self) -> None:
        self.session.close()

    def remaining(self) -> float:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise ArchiveTimeout("Zooniverse did not answer in time.")
        return left

    def _headers(self) -> dict[str, str]:
        headers = {"Accept": ACCEPT}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        return headers

    def send(self, method: str, url: str, *, params: dict[str, Any] | None = None,
             json_body: Any = None, stream: bool = False, headers: dict[str, str] | None = None
             ) -> requests.Response:
        """One request; 429 retried after Retry-After while the deadline allows."""
        for attempt in range(MAX_RETRIES + 1):
            left = self.remaining()
            try:
                response = self.session.request(
                    method, url, params=params, json=json_body, stream=stream,
                    headers=headers if headers is not None else self._headers(),
                    timeout=(min(CONNECT_TIMEOUT, left), left), allow_redirects=False)
            except requests.RequestException as exc:
                raise translate(exc) from None
            if response.status_code != 429:
                if response.status_code < 400:
                    return response
                response.close()
                raise error_for(response, with_token=bool(self.token))
            wait = retry_after(response)
            response.close()
            if attempt >= MAX_RETRIES or wait >= self.remaining():
                seconds = max(1, round(wait))
                raise ArchiveRefused(
                    f"Zooniverse is limiting the request rate; try again in {seconds} s.",
                    code="archive_rate_limited", http_status=503,
                    details={"retry_after": seconds})
            time.sleep(wait)
        raise AssertionError("unreachable")

    def get_json(self, path: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        response = self.send("GET", f"{self.config.api_url}/{path}", params=params)
        try:
            body = response.json()
        except ValueError:
            raise ArchiveError("Zooniverse sent a malformed answer.") from None
        if not isinstance(body, dict):
            raise ArchiveError("Zooniverse sent a malformed answer.")
        return body

    def post_json(self, path: str, body: Any) -> dict[str, Any]:
        headers = {**self._headers(), "Content-Type": "application/json"}
        response = self.send("POST", f"{self.config.api_url}/{path}", json_body=body,
                             headers=headers)
        try:
            answer = response.json() if response.content else {}
        except ValueError:
            raise ArchiveError("Zooniverse sent a malformed answer.") from None
        return answer if isinstance(answer, dict) else {}

    # ------------------------------------------------------------------ resources
    def page(self, resource: str, params: dict[str, Any], path: str | None = None) -> Page:
        body = self.get_json(path or resource, params)
        records = body.get(resource)
        meta = (body.get("meta") or {}).get(resource) or {}
        if not isinstance(records, list) or not isinstance(meta, dict):
            raise ArchiveError("Zooniverse sent a malformed answer.")
        return Page(records=[r for r in records if isinstance(r, dict)], meta=meta,
                    linked=body.get("linked") or {})

    def one(self, resource: str, ident: int, params: dict[str, Any] | None = None
            ) -> tuple[dict[str, Any], dict[str, Any]]:
        """(record, linked) of ``resource/<ident>``; ArchiveRefused not_found if absent."""
        body = self.get_json(f"{resource}/{ident}", params)
        records = body.get(resource)
        if not isinstance(records, list) or not records or not isinstance(records[0], dict):
            raise ArchiveRefused(f"Zooniverse has no {resource[:-1].replace('_', ' ')} "
                                 f"{ident}.", code="not_found", http_status=404)
        return records[0], body.get("linked") or {}

    def iterate(self, resource: str, params: dict[str, Any], limit: int
                ) -> Iterator[dict[str, Any]]:
        """Records of every page (``meta.next_page`` followed, the same parameters), at most
        ``limit``, each id once."""
        seen: set[str] = set()
        page_number = 1
        size = min(int(params.get("page_size") or self.config.page_size), MAX_PAGE_SIZE)
        while True:
            page = self.page(resource, {**params, "page": page_number, "page_size": size})
            for record in page.records:
                key = str(record.get("id"))
                if key in seen:
                    continue
                seen.add(key)
                yield record
                if len(seen) >= limit:
                    return
            following = _int(page.meta.get("next_page"))
            if following is None or following <= page_number or not page.records:
                return
            page_number = following
