"""A loopback HTTP proxy in front of DaCHS that adds a known latency per path.

    GET/POST http://127.0.0.1:PORT/delay/<ms>/<path>?<query>
      -> sleeps <ms> milliseconds, then forwards to http://127.0.0.1:28080/<path>?<query>
         (method, body, Content-Type/Accept headers) and streams the answer back with the
         upstream status and Content-Type. Location headers pointing at the upstream are
         rewritten to go through the same delay prefix.
    GET/POST http://127.0.0.1:PORT/replay/<ms>/<path>?<query>
      -> the same, but an identical request (method, path, query, body) already answered 200
         by the upstream is answered from memory after the delay: N such datasets behave like
         N independent archives with exactly known latency, instead of N tables competing
         for one 2-core DaCHS.
    GET http://127.0.0.1:PORT/_stats -> {"requests": {"<mode>/<ms>": count}, "replayed": n, "last"}

So a TAP service URL http://127.0.0.1:PORT/delay/250/tap behaves like DaCHS's /tap with 250 ms
more latency on every request. Stdlib only (ThreadingHTTPServer), HTTP/1.1 keep-alive;
bodies are streamed in 64 KiB chunks (Content-Length passed through, else chunked).

    python bench/delay_proxy.py --port 28011 [--upstream http://127.0.0.1:28080]
"""

from __future__ import annotations

import argparse
import http.client
import json
import re
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

CHUNK = 64 * 1024
PATH = re.compile(r"^/(delay|replay)/(\d{1,6})(/.*)?$")
FORWARD_REQUEST_HEADERS = ("Content-Type", "Accept", "Accept-Encoding", "User-Agent")
HOP_BY_HOP = {"server", "date", "connection", "keep-alive", "transfer-encoding", "te",
              "trailer", "upgrade", "proxy-authenticate", "proxy-authorization",
              "content-length"}
MAX_REQUEST_BODY = 32 * 1024 * 1024
MAX_REPLAY_BODY = 16 * 1024 * 1024


class Stats:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.counts: dict[str, int] = {}
        self.last: dict[str, object] = {}
        self.replayed = 0
        self.cache: dict[tuple, tuple[int, str, list[tuple[str, str]], bytes]] = {}

    def record(self, mode: str, delay_ms: int, method: str, path: str, query: str,
               body: bytes, headers: dict[str, str]) -> None:
        with self.lock:
            key = f"{mode}/{delay_ms}"
            self.counts[key] = self.counts.get(key, 0) + 1
            self.last = {"delay_ms": delay_ms, "method": method, "path": path, "query": query,
                         "body": body[:65536].decode("utf-8", "replace"),
                         "headers": dict(headers)}

    def snapshot(self) -> dict[str, object]:
        with self.lock:
            return {"requests": dict(self.counts), "replayed": self.replayed,
                    "cached": len(self.cache), "last": dict(self.last)}


class DelayHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "esap-bench-delay-proxy"
    upstream: urllib.parse.SplitResult
    stats: Stats

    def log_message(self, format: str, *args: object) -> None:
        pass  # quiet: the benchmark measures, it does not log each request

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def _send_simple(self, status: int, body: bytes, content_type: str = "text/plain") -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _handle(self, method: str) -> None:
        parsed = urllib.parse.urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_REQUEST_BODY:
            self.close_connection = True
            self._send_simple(413, b"request body too large")
            return
        body = self.rfile.read(length) if length else b""
        if parsed.path == "/_stats":
            self._send_simple(200, json.dumps(self.stats.snapshot()).encode(),
                              "application/json")
            return
        match = PATH.match(parsed.path)
        if not match:
            self._send_simple(404, b"use /delay/<ms>/<upstream path> or /replay/<ms>/...")
            return
        mode, delay_ms = match.group(1), int(match.group(2))
        upstream_path = match.group(3) or "/"
        headers = {h: self.headers[h] for h in FORWARD_REQUEST_HEADERS if self.headers.get(h)}
        self.stats.record(mode, delay_ms, method, upstream_path, parsed.query, body, headers)
        time.sleep(delay_ms / 1000.0)
        key = (method, upstream_path, parsed.query, body,
               self.headers.get("Accept-Encoding", ""))
        if mode == "replay":
            with self.stats.lock:
                cached = self.stats.cache.get(key)
                if cached:
                    self.stats.replayed += 1
            if cached:
                self._replay(*cached)
                return
        target = upstream_path + (f"?{parsed.query}" if parsed.query else "")
        if body or method == "POST":
            headers["Content-Length"] = str(len(body))
        conn = http.client.HTTPConnection(self.upstream.hostname, self.upstream.port or 80,
                                          timeout=300)
        try:
            try:
                conn.request(method, target, body=body or None, headers=headers)
                response = conn.getresponse()
            except OSError as exc:
                self._send_simple(502, f"upstream failed: {exc}".encode())
                return
            if mode == "replay":
                self._record(key, response)
            else:
                self._relay(response, mode, delay_ms)
        finally:
            conn.close()

    def _record(self, key: tuple, response: http.client.HTTPResponse) -> None:
        body = response.read(MAX_REPLAY_BODY + 1)
        headers = [(n, v) for n, v in response.getheaders() if n.lower() not in HOP_BY_HOP]
        entry = (response.status, response.reason, headers, body)
        if response.status == 200 and len(body) <= MAX_REPLAY_BODY:
            with self.stats.lock:
                self.stats.cache[key] = entry
        self._replay(*entry)

    def _replay(self, status: int, reason: str, headers: list[tuple[str, str]],
                body: bytes) -> None:
        self.send_response(status, reason)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def _relay(self, response: http.client.HTTPResponse, mode: str, delay_ms: int) -> None:
        self.send_response(response.status, response.reason)
        upstream_base = f"{self.upstream.scheme}://{self.upstream.netloc}"
        own_base = f"http://{self.headers.get('Host', '127.0.0.1')}/{mode}/{delay_ms}"
        for name, value in response.getheaders():
            if name.lower() in HOP_BY_HOP:
                continue
            if name.lower() == "location" and value.startswith(upstream_base):
                value = own_base + value[len(upstream_base):]
            self.send_header(name, value)
        length = response.getheader("Content-Length")
        chunked = length is None
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", length)
        self.end_headers()
        try:
            while True:
                block = response.read1(CHUNK) if hasattr(response, "read1") else \
                    response.read(CHUNK)
                if not block:
                    break
                if chunked:
                    self.wfile.write(f"{len(block):x}\r\n".encode() + block + b"\r\n")
                else:
                    self.wfile.write(block)
            if chunked:
                self.wfile.write(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True


class ProxyServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # 16 datasets + the baseline at once must never be refused


def make_server(port: int, upstream: str) -> ProxyServer:
    handler = type("Handler", (DelayHandler,), {
        "upstream": urllib.parse.urlsplit(upstream), "stats": Stats()})
    return ProxyServer(("127.0.0.1", port), handler)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=28011)
    parser.add_argument("--upstream", default="http://127.0.0.1:28080")
    parser.add_argument("--max-seconds", type=float, default=3600,
                        help="stop by itself after this long (default 3600)")
    args = parser.parse_args(argv)
    server = make_server(args.port, args.upstream)
    timer = threading.Timer(args.max_seconds, server.shutdown)
    timer.daemon = True
    timer.start()
    print(f"delay proxy on http://127.0.0.1:{args.port} -> {args.upstream}", flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
