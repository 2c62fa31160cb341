"""A loopback Panoptes (Zooniverse API) serving recorded responses in the real format.

``PanoptesServer`` is a stdlib ``ThreadingHTTPServer`` on 127.0.0.1 (a random free port by
default) replaying ``tests/data/zooniverse/*.json``, with media URLs
(``https://panoptes-uploads.zooniverse.org/…``) rewritten to the server's ``/media/``. It
behaves like Panoptes where the connector depends on it:

    GET  /api/projects?search=&cards=&launch_approved=   project cards, searched by text
    GET  /api/projects/<id>[?include=avatar]              a project (404 if unknown)
    GET  /api/workflows|subject_sets?project_id=          a project's workflows / subject sets
    GET  /api/subjects?project_id=|subject_set_id=&sort=id  subjects (unstable order without
                                                          sort=id, like panoptes#3652)
    GET  /api/subject_sets/<id>, /api/me, /api/project_roles?project_id=&user_id=
    POST /api/projects/<id>/<kind>_export                 owners/collaborators: 201 media
                                                          (state creating); 403 others; 401
                                                          without a token
    GET  /api/projects/<id>/<kind>_export                 the media: pending until
                                                          ``finish_export`` (or ``export_delay``
                                                          seconds), then ready with a src
    POST /oauth/token                                     password and refresh_token grants
    GET  /media/…                                         export CSVs and tiny images

Every /api request needs ``Accept: application/vnd.api+json; version=1`` (404 otherwise);
``page_size`` defaults to 20 and is clamped to 100; ``meta.<resource>`` carries page,
page_size, count, page_count, previous/next page and the first/previous/next/last hrefs
(relative, as Panoptes writes them; ``next_href`` null on the last page). Faults are injected
per path prefix with ``inject`` (an HTTP status, 429 with Retry-After, or a delay). Requests are
recorded in ``requests`` as (method, path, params, headers).

Run standalone (``make run-local``, e2e): ``python tests/support/panoptes_server.py --port
28190`` (tests/services/setup-panoptes.sh).
"""

from __future__ import annotations

import argparse
import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

DATA = Path(__file__).resolve().parents[1] / "data" / "zooniverse"
ACCEPT = "application/vnd.api+json; version=1"
UPLOADS = "https://panoptes-uploads.zooniverse.org/"
CLIENT_ID = "esap-test-client"
# login -> (password, Panoptes user id)
USERS = {"owner": ("owner-pw", "501"), "collaborator": ("collab-pw", "502"),
         "volunteer": ("volunteer-pw", "503")}
EXPORT_KINDS = ("classifications", "subjects", "workflows")
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cf000000030101005bdc5d2d0000000049454e44ae426082")


def _load(name: str) -> dict[str, Any]:
    return json.loads((DATA / name).read_text())


@dataclass
class Fault:
    prefix: str
    status: int = 0
    retry_after: str | None = None
    delay: float = 0.0
    times: int = 1


class PanoptesState:
    def __init__(self) -> None:
        self.cards = _load("projects_cards.json")["projects"]
        # Tags per project (Panoptes filters cards by them but does not show them in cards).
        self.tags: dict[str, list[str]] = _load("project_tags.json")
        project = _load("project.json")
        self.full = {p["id"]: p for p in project["projects"]}
        self.avatars = project.get("linked", {}).get("avatars", [])
        self.workflows = _load("workflows.json")["workflows"]
        self.subject_sets = _load("subject_sets.json")["subject_sets"]
        seen: dict[str, dict[str, Any]] = {}
        for name in ("subjects_page1.json", "subjects_page2.json"):
            for subject in _load(name)["subjects"]:
                seen[subject["id"]] = subject
        self.subjects = list(seen.values())
        self.users = {u["id"]: u for u in _load("users.json")["users"]}
        self.roles = _load("project_roles.json")["project_roles"]
        self.tokens: dict[str, tuple[str, float]] = {}    # access token -> (user id, expiry)
        self.refresh: dict[str, str] = {}                 # refresh token -> user id
        self.exports: dict[tuple[str, str], dict[str, Any]] = {}
        self.counter = 0
        self.unsorted_reads = 0


class PanoptesServer:
    def __init__(self, port: int = 0, *, export_delay: float | None = None) -> None:
        self.state = PanoptesState()
        self.requests: list[tuple[str, str, dict[str, list[str]], dict[str, str]]] = []
        self.faults: list[Fault] = []
        self.export_delay = export_delay   # None: pending until finish_export
        self.token_lifetime = 7200
        self.lock = threading.Lock()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), _handler(self))
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.api_url = f"{self.base}/api"
        self.oauth_url = f"{self.base}/oauth/token"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def start(self) -> PanoptesServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    # ------------------------------------------------------------------ test controls
    def inject(self, prefix: str, *, status: int = 0, retry_after: str | None = None,
               delay: float = 0.0, times: int = 1) -> None:
        """The next ``times`` requests whose path (after /api/) starts with ``prefix`` fail:
        ``status`` (429 with ``retry_after``), or answer after ``delay`` seconds."""
        with self.lock:
            self.faults.append(Fault(prefix, status, retry_after, delay, times))

    def finish_export(self, project_id: str, kind: str = "classifications") -> None:
        with self.lock:
            self.state.exports[(project_id, kind)]["ready"] = True

    def expire_tokens(self) -> None:
        with self.lock:
            self.state.tokens = {t: (u, 0.0) for t, (u, _) in self.state.tokens.items()}

    def api_requests(self, path: str) -> list[dict[str, list[str]]]:
        return [params for method, p, params, _ in self.requests if p == f"/api/{path}"]

    def fault_for(self, path: str) -> Fault | None:
        with self.lock:
            for fault in self.faults:
                if fault.times > 0 and path.startswith(fault.prefix):
                    fault.times -= 1
                    return fault
        return None


def _meta(resource: str, count: int, page: int, size: int, params: dict[str, str]
          ) -> dict[str, Any]:
    page_count = max(1, -(-count // size)) if count else 0
    keep = {k: v for k, v in sorted(params.items()) if k not in ("page", "page_size")}

    def href(number: int | None) -> str | None:
        if number is None:
            return None
        return f"/{resource}?" + urlencode({"page": number, "page_size": size, **keep})
    following = page + 1 if page < page_count else None
    previous = page - 1 if 1 < page <= page_count + 1 else None
    return {resource: {"page": page, "page_size": size, "count": count, "include": [],
                       "page_count": page_count, "previous_page": previous,
                       "next_page": following,
                       "first_href": f"/{resource}?" + urlencode({"page_size": size, **keep}),
                       "previous_href": href(previous), "next_href": href(following),
                       "last_href": href(page_count or 1)}}


def _handler(server: PanoptesServer) -> type[BaseHTTPRequestHandler]:
    state = server.state

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: Any) -> None:
            return None

        # -------------------------------------------------------------- plumbing
        def _send(self, status: int, body: Any, content_type: str = "application/json",
                  headers: dict[str, str] | None = None) -> None:
            if isinstance(body, (dict, list)):
                text = json.dumps(body).replace(UPLOADS, f"{server.base}/media/")
                data = text.encode()
            else:
                data = body if isinstance(body, bytes) else str(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(data)

        def _error(self, status: int, message: str, headers: dict[str, str] | None = None
                   ) -> None:
            self._send(status, {"errors": [{"message": message}]}, headers=headers)

        def _user(self) -> str | None:
            auth = self.headers.get("Authorization", "")
            if not auth.startswith("Bearer "):
                return None
            with server.lock:
                user, expiry = state.tokens.get(auth[7:], (None, 0.0))
            return user if user and expiry > time.time() else "expired"

        def _page(self, resource: str, records: list[dict[str, Any]],
                  params: dict[str, str], extra: dict[str, Any] | None = None) -> None:
            try:
                page = max(1, int(params.get("page", 1)))
                size = min(100, max(1, int(params.get("page_size", 20))))
            except ValueError:
                self._error(400, "page and page_size must be integers")
                return
            start = (page - 1) * size
            self._send(200, {resource: records[start:start + size], "links": {},
                             "meta": _meta(resource, len(records), page, size, params),
                             **(extra or {})}, content_type=ACCEPT.split(";")[0])

        def _request(self, method: str) -> tuple[str, dict[str, str]] | None:
            parts = urlsplit(self.path)
            raw = parse_qs(parts.query)
            server.requests.append((method, parts.path, raw, dict(self.headers)))
            params = {k: v[-1] for k, v in raw.items()}
            if parts.path.startswith("/api/"):
                if self.headers.get("Accept", "").replace(" ", "") != ACCEPT.replace(" ", ""):
                    self._error(404, "Not Found")  # Panoptes routes need its media type
                    return None
                fault = server.fault_for(parts.path[5:])
                if fault is not None:
                    if fault.delay:
                        time.sleep(fault.delay)
                    if fault.status == 429:
                        self._error(429, "Too many requests",
                                    {"Retry-After": fault.retry_after or "1"})
                        return None
                    if fault.status:
                        self._error(fault.status, "Internal server error")
                        return None
            return parts.path, params

        def _body(self) -> dict[str, Any]:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length).decode() if length else ""
            if self.headers.get("Content-Type", "").startswith("application/json"):
                try:
                    parsed = json.loads(raw or "{}")
                except ValueError:
                    return {}
                return parsed if isinstance(parsed, dict) else {}
            return {k: v[-1] for k, v in parse_qs(raw).items()}

        # -------------------------------------------------------------- GET
        def do_GET(self) -> None:
            found = self._request("GET")
            if found is None:
                return
            path, params = found
            if path.startswith("/media/"):
                self._media(path)
                return
            parts = path.strip("/").split("/")[1:]
            if parts == ["projects"]:
                self._projects(params)
            elif len(parts) == 2 and parts[0] == "projects":
                self._project(parts[1], params)
            elif len(parts) == 3 and parts[0] == "projects" and parts[2].endswith("_export"):
                self._export_get(parts[1], parts[2][:-7])
            elif parts == ["workflows"]:
                rows = [w for w in state.workflows
                        if w["links"]["project"] == params.get("project_id")]
                self._page("workflows", rows, params)
            elif parts == ["subject_sets"]:
                rows = [s for s in state.subject_sets
                        if s["links"]["project"] == params.get("project_id")]
                self._page("subject_sets", rows, params)
            elif len(parts) == 2 and parts[0] == "subject_sets":
                rows = [s for s in state.subject_sets if s["id"] == parts[1]]
                if not rows:
                    self._error(404, f"Could not find subject_set with id='{parts[1]}'")
                else:
                    self._page("subject_sets", rows, params)
            elif parts == ["subjects"]:
                self._subjects(params)
            elif parts == ["me"]:
                user = self._user()
                if user in (None, "expired"):
                    self._error(401, "You must be logged in")
                else:
                    self._page("users", [state.users[user]], {})
            elif parts == ["project_roles"]:
                rows = [r for r in state.roles
                        if r["links"]["project"] == params.get("project_id")
                        and (not params.get("user_id")
                             or r["links"]["owner"]["id"] == params["user_id"])]
                self._page("project_roles", rows, params)
            else:
                self._error(404, "Not Found")

        def _projects(self, params: dict[str, str]) -> None:
            text = params.get("search", "").lower()
            rows = [p for p in state.cards
                    if text in (p["display_name"] + " " + p["description"]).lower()]
            if params.get("tags"):  # projects carrying every tag asked for
                wanted = set(params["tags"].split(","))
                rows = [p for p in rows if wanted <= set(state.tags.get(p["id"], ()))]
            if params.get("launch_approved") == "true":
                rows = [p for p in rows if p["launch_approved"]]
            self._page("projects", rows, params)

        def _project(self, ident: str, params: dict[str, str]) -> None:
            record = state.full.get(ident) or next(
                (dict(p, introduction="", subjects_count=0, classifiers_count=0)
                 for p in state.cards if p["id"] == ident), None)
            if record is None:
                self._error(404, f"Could not find project with id='{ident}'")
                return
            linked = {"avatars": [a for a in state.avatars
                                  if a["id"] == record["links"].get("avatar", {}).get("id")]} \
                if "avatar" in params.get("include", "") else {}
            self._page("projects", [record], {}, {"linked": linked} if linked else None)

        def _subjects(self, params: dict[str, str]) -> None:
            if params.get("subject_set_id"):
                rows = [s for s in state.subjects
                        if params["subject_set_id"] in s["links"]["subject_sets"]]
            else:
                rows = [s for s in state.subjects
                        if s["links"]["project"] == params.get("project_id")]
            if params.get("sort") == "id":
                rows.sort(key=lambda s: int(s["id"]))
            else:  # no stable order across requests (panoptes#3652)
                with server.lock:
                    state.unsorted_reads += 1
                    shift = state.unsorted_reads * 7
                rows = rows[shift % len(rows):] + rows[:shift % len(rows)] if rows else rows
            self._page("subjects", rows, params)

        def _export_get(self, project: str, kind: str) -> None:
            user = self._user()
            if user is None or user == "expired":
                self._error(401, "You must be logged in")
                return
            with server.lock:
                export = state.exports.get((project, kind))
                if export is not None and server.export_delay is not None and \
                        time.time() - export["requested"] >= server.export_delay:
                    export["ready"] = True
            if export is None:
                self._error(404, "No export found")
                return
            if not self._may_export(project, user):
                self._error(403, "You are not authorized to perform this action")
                return
            self._page("media", [self._media_record(project, kind, export["ready"])], {})

        def _media_record(self, project: str, kind: str, ready: bool) -> dict[str, Any]:
            record = _load("export_ready.json" if ready else "export_pending.json")["media"][0]
            record["src"] = f"{UPLOADS}project_{kind}_export/{project}-export.csv"
            record["media_type"] = f"project_{kind}_export"
            record["href"] = f"/projects/{project}/{kind}_export"
            return record

        def _may_export(self, project: str, user: str) -> bool:
            return any(r["links"]["project"] == project and r["links"]["owner"]["id"] == user
                       and {"owner", "collaborator"} & set(r["roles"]) for r in state.roles)

        def _media(self, path: str) -> None:
            if path.endswith(".csv"):
                self._send(200, (DATA / "export.csv").read_bytes(), "text/csv")
            elif path.endswith((".jpeg", ".jpg", ".png")):
                self._send(200, PNG, "image/png")
            else:
                self._send(404, b"not found", "text/plain")

        # -------------------------------------------------------------- POST
        def do_POST(self) -> None:
            found = self._request("POST")
            if found is None:
                return
            path, _ = found
            body = self._body()
            if path == "/oauth/token":
                self._token(body)
                return
            parts = path.strip("/").split("/")[1:]
            if len(parts) == 3 and parts[0] == "projects" and parts[2].endswith("_export") \
                    and parts[2][:-7] in EXPORT_KINDS:
                self._export_post(parts[1], parts[2][:-7])
            else:
                self._error(404, "Not Found")

        def _token(self, body: dict[str, str]) -> None:
            if body.get("client_id") != CLIENT_ID:
                self._send(401, {"error": "invalid_client",
                                 "error_description": "Client authentication failed."})
                return
            user = None
            if body.get("grant_type") == "password":
                entry = USERS.get(body.get("login") or body.get("username") or "")
                if entry and entry[0] == body.get("password"):
                    user = entry[1]
            elif body.get("grant_type") == "refresh_token":
                with server.lock:
                    user = state.refresh.pop(body.get("refresh_token", ""), None)
            if user is None:
                self._send(400, {"error": "invalid_grant", "error_description":
                                 "The provided authorization grant is invalid."})
                return
            with server.lock:
                state.counter += 1
                access, refresh = f"tok-{user}-{state.counter}", f"ref-{user}-{state.counter}"
                state.tokens[access] = (user, time.time() + server.token_lifetime)
                state.refresh[refresh] = user
            self._send(200, {"access_token": access, "token_type": "Bearer",
                             "expires_in": server.token_lifetime, "refresh_token": refresh,
                             "scope": "public user project", "created_at": int(time.time())})

        def _export_post(self, project: str, kind: str) -> None:
            user = self._user()
            if user is None or user == "expired":
                self._error(401, "You must be logged in")
                return
            if project not in state.full and not any(p["id"] == project for p in state.cards):
                self._error(404, f"Could not find project with id='{project}'")
                return
            if not self._may_export(project, user):
                self._error(403, "You are not authorized to perform this action")
                return
            with server.lock:
                state.exports[(project, kind)] = {"ready": False, "requested": time.time()}
            self._send(201, {"media": [self._media_record(project, kind, False)], "links": {},
                             "meta": _meta("media", 1, 1, 20, {})})

    return Handler


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, default=28190)
    parser.add_argument("--export-delay", type=float, default=20.0,
                        help="seconds until a requested export is ready")
    args = parser.parse_args()
    server = PanoptesServer(args.port, export_delay=args.export_delay)
    print(f"Panoptes fixture server on {server.api_url}", flush=True)
    try:
        server.httpd.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
