"""A misbehaving archive on loopback, for testing timeouts and error mapping.

``FaultServer`` is a stdlib ``ThreadingHTTPServer`` on 127.0.0.1 with a random free port. The
first path segment picks the behaviour; anything after it is ignored, so a TAP dataset whose
service_url is ``server.url("hang")`` gets the behaviour for ``/hang/sync`` as well:

    /ok                a valid 3-row VOTable (also /ok/sync, /ok/scs.xml, ...)
    /hang              accepts the request and never answers (until the server stops)
    /status/<code>     that HTTP status with a small HTML body (e.g. /status/500, /status/503)
    /ratelimit/<s>     HTTP 429 with ``Retry-After: <s>``
    /error-votable/<kind>  HTTP 200 error VOTable; kind: query (a parse error), internal,
                       timeout, scs (an SCS ``Error`` INFO)
    /truncated         HTTP 200, Content-Length larger than the body, then the socket closes
    /unfinished        a complete HTTP answer holding a VOTable cut before </VOTABLE>
    /garbage           HTTP 200 text/html that is not a VOTable
    /badvalue          a well-formed VOTable whose int cell is "xx"
    /slow/<seconds>    waits, then answers the valid VOTable
    /drip/<seconds>    sends the valid VOTable one small piece every <seconds>
    /uws-hang          a TAP async endpoint whose job stays EXECUTING forever
    /caps/<n>          like /ok, but /caps/<n>/capabilities declares a hard limit of n rows
                       and /caps/<n>/sync answers text/csv with 3 rows

Every request is recorded in ``server.requests`` as (method, path, params) so tests can check
what a connector sent. ``closed_port_url()`` gives a URL on which nothing listens.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

VOTABLE_HEAD = (
    '<?xml version="1.0" encoding="utf-8"?>\n'
    '<VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3">\n'
    '<RESOURCE type="results">\n<INFO name="QUERY_STATUS" value="OK"/>\n'
    '<TABLE>\n<FIELD name="id" datatype="int" ucd="meta.id;meta.main"/>\n'
    '<FIELD name="ra" datatype="double" unit="deg" ucd="pos.eq.ra;meta.main"/>\n'
    '<FIELD name="dec" datatype="double" unit="deg" ucd="pos.eq.dec;meta.main"/>\n'
    '<FIELD name="name" datatype="char" arraysize="*" ucd="meta.id"/>\n'
    "<DATA><TABLEDATA>\n"
)
VOTABLE_ROWS = "".join(
    f"<TR><TD>{i}</TD><TD>{150 + i}.5</TD><TD>-{i}.25</TD><TD>SRC-{i}</TD></TR>\n"
    for i in (1, 2, 3)
)
VOTABLE_TAIL = "</TABLEDATA></DATA>\n</TABLE>\n</RESOURCE>\n</VOTABLE>\n"
VALID_VOTABLE = (VOTABLE_HEAD + VOTABLE_ROWS + VOTABLE_TAIL).encode()
BAD_VALUE_VOTABLE = (VOTABLE_HEAD + "<TR><TD>xx</TD><TD>1</TD><TD>2</TD><TD>a</TD></TR>\n"
                     + VOTABLE_TAIL).encode()
ERROR_MESSAGES = {
    "query": "Could not parse your query: Expected 'FROM' (at char 9), (line:1, col:10)",
    "internal": "Internal error: the database is unavailable. "
                "Traceback: File \"/srv/archive/dal/run.py\", line 12",
    "timeout": "Query timed out (took too long).",
}
CSV_BODY = b"id,ra,dec\r\n1,150.5,-1.25\r\n2,151.5,-2.25\r\n3,152.5,-3.25\r\n"
HTML = b"<html><head><title>Welcome to nginx!</title></head><body>It works</body></html>"


def error_votable(message: str, scs: bool = False) -> bytes:
    if scs:
        info = f'<INFO ID="Error" name="Error" value="{message}"/>'
    else:
        info = f'<INFO name="QUERY_STATUS" value="ERROR">{message}</INFO>'
    return ('<?xml version="1.0" encoding="utf-8"?>\n'
            '<VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3">'
            f'<RESOURCE type="results">{info}</RESOURCE></VOTABLE>\n').encode()


class _Handler(BaseHTTPRequestHandler):
    server: FaultServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def _params(self) -> dict[str, str]:
        parts = urlsplit(self.path)
        params = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            body = self.rfile.read(length).decode("utf-8", errors="replace")
            params.update({k: v[-1] for k, v in parse_qs(body).items()})
        return params

    def _send(self, status: int, body: bytes, content_type: str = "application/x-votable+xml",
              headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def do_DELETE(self) -> None:
        self._dispatch("DELETE")

    def _dispatch(self, method: str) -> None:
        params = self._params()
        path = urlsplit(self.path).path
        self.server.requests.append((method, path, params))
        segments = [s for s in path.split("/") if s]
        kind = segments[0] if segments else "ok"
        arg = segments[1] if len(segments) > 1 else ""
        try:
            getattr(self, "_" + kind.replace("-", "_"), self._ok)(arg, segments, params)
        except (BrokenPipeError, ConnectionResetError):
            pass

    # --- behaviours ---------------------------------------------------------------------
    def _ok(self, arg: str, segments: list[str], params: dict[str, str]) -> None:
        self._send(200, VALID_VOTABLE)

    def _hang(self, arg: str, segments: list[str], params: dict[str, str]) -> None:
        self.server.stopping.wait(120)
        self.close_connection = True

    def _status(self, arg: str, segments: list[str], params: dict[str, str]) -> None:
        self._send(int(arg or 500), b"<html><body><h1>Server Error</h1><pre>Traceback: "
                   b"/srv/archive/app.py line 3</pre></body></html>", "text/html")

    def _ratelimit(self, arg: str, segments: list[str], params: dict[str, str]) -> None:
        self._send(429, b"slow down", "text/plain", {"Retry-After": arg or "7"})

    def _error_votable(self, arg: str, segments: list[str], params: dict[str, str]) -> None:
        if arg == "scs":
            body = error_votable("Field SR: Required parameter 'SR' missing.", scs=True)
        else:
            body = error_votable(ERROR_MESSAGES.get(arg, ERROR_MESSAGES["query"]))
        self._send(200, body, "text/xml")

    def _truncated(self, arg: str, segments: list[str], params: dict[str, str]) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/x-votable+xml")
        self.send_header("Content-Length", str(len(VALID_VOTABLE)))
        self.end_headers()
        self.wfile.write(VALID_VOTABLE[: len(VALID_VOTABLE) // 2])
        self.wfile.flush()
        self.close_connection = True
        self.connection.shutdown(socket.SHUT_RDWR)

    def _unfinished(self, arg: str, segments: list[str], params: dict[str, str]) -> None:
        self._send(200, VALID_VOTABLE[: len(VALID_VOTABLE) - 40])

    def _garbage(self, arg: str, segments: list[str], params: dict[str, str]) -> None:
        self._send(200, HTML, "text/html")

    def _badvalue(self, arg: str, segments: list[str], params: dict[str, str]) -> None:
        self._send(200, BAD_VALUE_VOTABLE)

    def _slow(self, arg: str, segments: list[str], params: dict[str, str]) -> None:
        if self.server.stopping.wait(float(arg or 1)):
            return
        self._send(200, VALID_VOTABLE)

    def _drip(self, arg: str, segments: list[str], params: dict[str, str]) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/x-votable+xml")
        self.send_header("Content-Length", str(len(VALID_VOTABLE)))
        self.end_headers()
        for start in range(0, len(VALID_VOTABLE), 16):
            self.wfile.write(VALID_VOTABLE[start:start + 16])
            self.wfile.flush()
            if self.server.stopping.wait(float(arg or 0.2)):
                return

    def _uws_hang(self, arg: str, segments: list[str], params: dict[str, str]) -> None:
        base = f"/{segments[0]}"
        if segments[1:] == ["async"] and self.command == "POST":
            self._send(303, b"", "text/plain", {"Location": f"{base}/async/job1"})
            return
        if self.command == "DELETE" or segments[-1] in ("phase", "executionduration"):
            self._send(303, b"", "text/plain", {"Location": f"{base}/async/job1"})
            return
        wait = float(params.get("WAIT", 0) or 0)
        if wait > 0:
            self.server.stopping.wait(min(wait, 2.0))
        self._send(200, (
            b'<?xml version="1.0"?><uws:job xmlns:uws="http://www.ivoa.net/xml/UWS/v1.0">'
            b"<uws:jobId>job1</uws:jobId><uws:phase>EXECUTING</uws:phase></uws:job>"
        ), "text/xml")

    def _caps(self, arg: str, segments: list[str], params: dict[str, str]) -> None:
        if segments[-1] == "capabilities":
            self._send(200, (
                '<?xml version="1.0"?><cap:capabilities xmlns:cap="http://www.ivoa.net/xml/'
                'VOSICapabilities/v1.0"><capability><outputLimit><default unit="row">2'
                f'</default><hard unit="row">{arg}</hard></outputLimit></capability>'
                "</cap:capabilities>").encode(), "text/xml")
        elif params.get("FORMAT") == "csv":
            self._send(200, CSV_BODY, "text/csv;header=present")
        else:
            self._send(200, VALID_VOTABLE)


class FaultServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.requests: list[tuple[str, str, dict[str, str]]] = []
        self.stopping = threading.Event()
        self._thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, *segments: str) -> str:
        return "/".join([self.base_url, *segments])

    def start(self) -> FaultServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self.shutdown()
        self.server_close()
        self._thread.join(timeout=5)


def closed_port_url() -> str:
    """A loopback URL on which nothing listens (connection refused)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.fixture
def fault_server() -> Iterator[FaultServer]:
    """A running FaultServer, stopped after the test."""
    server = FaultServer().start()
    try:
        yield server
    finally:
        server.stop()
