"""A small client of Rucio's REST API for one dataset, one identity and one deadline.

Talks REST with ``requests`` rather than ``rucio.client.Client`` so that tokens stay per
user and in memory (see auth.py), every call is bounded by the dataset's timeout, and NDJSON
listings are streamed and cut (Rucio has ``limit`` but no offset).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import requests

from query.connectors import ArchiveError, ArchiveTimeout
from rucio_connector.auth import TokenSource
from rucio_connector.config import RucioConfig
from rucio_connector.errors import error_for, exception_of
from rucio_connector.http import session, stale_connection, translate

STREAM = "application/x-json-stream"


def did_path(scope: str, name: str) -> str:
    """``scope/name`` for a URL path, each part fully encoded (names may hold ``/``)."""
    return f"{quote(scope, safe='')}/{quote(name, safe='')}"


class RucioClient:
    def __init__(self, config: RucioConfig, tokens: TokenSource, timeout: float, *,
                 idle_timeout: float | None = None) -> None:
        """``timeout`` bounds the whole conversation; ``idle_timeout`` (default: the same)
        each wait for bytes (long exports get a large ``timeout`` and a short idle one)."""
        self.config = config
        self.tokens = tokens
        self.deadline = time.monotonic() + timeout
        self.idle_timeout = idle_timeout or timeout

    # ------------------------------------------------------------------ plumbing
    def remaining(self) -> float:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise ArchiveTimeout("Rucio did not answer in time.")
        return left

    def _send(self, method: str, path: str, *, params: dict[str, Any] | None = None,
              body: Any = None, stream: bool = False, accept: str = "*/*"
              ) -> requests.Response:
        for attempt in (1, 2):
            headers = {"X-Rucio-Auth-Token": self.tokens.token(), "Accept": accept}
            if body is not None:
                headers["Content-Type"] = "application/json"
            left = self.remaining()
            try:
                response = session().request(
                    method, f"{self.config.rest_url}/{path}", params=params,
                    data=None if body is None else json.dumps(body), headers=headers,
                    stream=stream, verify=self.config.verify,
                    timeout=(min(5.0, left), min(left, self.idle_timeout)))
            except requests.RequestException as exc:
                if attempt == 1 and method == "GET" and stale_connection(exc):
                    continue
                raise translate(exc) from None
            if response.status_code < 400:
                return response
            name, _ = exception_of(response)
            response.close()
            if attempt == 1 and name == "CannotAuthenticate" and not self.tokens.acting_as_user:
                self.tokens.invalidate()  # a cached service token revoked early: renew once
                continue
            raise error_for(response, acting_as_user=self.tokens.acting_as_user)
        raise AssertionError("unreachable")

    def get_json(self, path: str, params: dict[str, Any] | None = None) -> Any:
        response = self._send("GET", path, params=params, accept="application/json")
        try:
            return response.json()
        except ValueError:
            raise ArchiveError("Rucio sent a malformed answer.") from None

    def post_json(self, path: str, body: Any) -> Any:
        response = self._send("POST", path, body=body)
        try:
            return response.json() if response.content else None
        except ValueError:
            raise ArchiveError("Rucio sent a malformed answer.") from None

    def delete(self, path: str, body: Any = None) -> None:
        self._send("DELETE", path, body=body)

    def stream(self, path: str, params: dict[str, Any] | None = None, *,
               body: Any = None) -> Iterator[dict[str, Any]]:
        """The objects of an NDJSON listing, parsed as they arrive; closing the iterator
        closes the connection (so a cut listing does not read the rest)."""
        response = self._send("POST" if body is not None else "GET", path, params=params,
                              body=body, stream=True, accept=STREAM)
        try:
            for line in response.iter_lines(chunk_size=65536):
                if time.monotonic() > self.deadline:
                    raise ArchiveTimeout("Rucio did not finish the listing in time.")
                if line:
                    try:
                        yield json.loads(line)
                    except ValueError:
                        raise ArchiveError("Rucio sent a malformed listing.") from None
        except requests.RequestException as exc:
            raise translate(exc) from None
        finally:
            response.close()

    # ------------------------------------------------------------------ calls
    def ping(self) -> dict[str, Any]:
        try:
            response = session().get(f"{self.config.rest_url}/ping", verify=self.config.verify,
                                     timeout=(min(5.0, self.remaining()), self.remaining()))
        except requests.RequestException as exc:
            raise translate(exc) from None
        if response.status_code != 200:
            raise ArchiveError(f"Rucio answered HTTP {response.status_code} to a ping.")
        return response.json()

    def whoami(self) -> str:
        return str(self.get_json("accounts/whoami").get("account", ""))

    def scopes(self) -> list[str]:
        found = self.get_json("scopes/")
        if not isinstance(found, list):
            raise ArchiveError("Rucio sent a malformed scope list.")
        return [str(s) for s in found]

    def search(self, scope: str, params: dict[str, Any]) -> Iterator[dict[str, Any]]:
        return self.stream(f"dids/{quote(scope, safe='')}/dids/search", params)

    def did(self, scope: str, name: str) -> dict[str, Any]:
        return self.get_json(f"dids/{did_path(scope, name)}", {"dynamic_depth": "FILE"})

    def metadata(self, scope: str, name: str) -> dict[str, Any]:
        return self.get_json(f"dids/{did_path(scope, name)}/meta", {"plugin": "ALL"})

    def bulk_metadata(self, dids: list[dict[str, str]], plugin: str = "DID_COLUMN"
                      ) -> Iterator[dict[str, Any]]:
        return self.stream("dids/bulkmeta", body={"dids": dids, "inherit": False,
                                                  "plugin": plugin})

    def contents(self, scope: str, name: str) -> Iterator[dict[str, Any]]:
        return self.stream(f"dids/{did_path(scope, name)}/dids")

    def files(self, scope: str, name: str) -> Iterator[dict[str, Any]]:
        return self.stream(f"dids/{did_path(scope, name)}/files")

    def replicas(self, scope: str, name: str, schemes: list[str] | None = None
                 ) -> Iterator[dict[str, Any]]:
        body: dict[str, Any] = {"dids": [{"scope": scope, "name": name}], "all_states": True}
        if schemes:
            body["schemes"] = schemes
        return self.stream("replicas/list", body=body)

    def did_rules(self, scope: str, name: str) -> Iterator[dict[str, Any]]:
        return self.stream(f"dids/{did_path(scope, name)}/rules")

    def add_rule(self, scope: str, name: str, *, account: str, rse_expression: str,
                 lifetime_seconds: int, comment: str) -> str:
        ids = self.post_json("rules/", {
            "dids": [{"scope": scope, "name": name}], "account": account, "copies": 1,
            "rse_expression": rse_expression, "grouping": "DATASET",
            "lifetime": lifetime_seconds, "comment": comment[:250]})
        if not isinstance(ids, list) or not ids:
            raise ArchiveError("Rucio did not return the new rule.")
        return str(ids[0])

    def rule(self, rule_id: str) -> dict[str, Any]:
        return self.get_json(f"rules/{quote(rule_id, safe='')}")

    def extend_rule(self, rule_id: str, lifetime_seconds: int) -> None:
        """Set the rule to expire ``lifetime_seconds`` from now."""
        self._send("PUT", f"rules/{quote(rule_id, safe='')}",
                   body={"options": {"lifetime": lifetime_seconds}})

    def delete_rule(self, rule_id: str) -> None:
        self.delete(f"rules/{quote(rule_id, safe='')}", {"purge_replicas": False})
