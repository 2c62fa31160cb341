"""Rucio benchmark: 100,000 DIDs in one scope, wildcard listing through the gateway vs
rucio-clients directly (issue 4: "first page within 1.5x the time to the first 100 results with
rucio-clients directly; a full export at >= 0.7x the direct listing rate; serving memory flat").

Needs the local Rucio 41.5.1 of tests/services/setup-rucio.sh on 127.0.0.1:28180 (its venv with
rucio-clients, its PostgreSQL on 5433). Seeds, idempotently, scope `bench` (owner root, created
through the API) with 100,000 file DIDs obs_0000000.fits ... and one AVAILABLE replica each on
SITE-A-DISK straight into Rucio's PostgreSQL (bench/rucio_seed.sql; skipped when the counts are
already right; no other scope is touched).

Measured, interleaved (the order alternates every repetition), after warm-up:

- gateway first page: POST /api/v1/searches/ {datasets: [lake], did: {pattern: "bench:*",
  type: all}, row_limit: 100, wait: 30, include_results: 100} until the answer (100 rows) is
  read: one HTTP round trip, as a script does it;
- direct first 100 (the baseline): in a long-lived helper process with the Rucio venv's python,
  `Client(...)` + `list_dids('bench', {'name': '*'}, did_type='all', long=True)` until 100 DIDs
  are parsed (then the response is closed). The Client is built inside the timed interval (a
  script's new client per listing = the gateway's per-request HTTP session); its token comes
  from rucio-clients' on-disk cache, as the gateway keeps its service token in memory. Also
  shown: the same with one reused Client, and with a new token every time (cache deleted);
- gateway full export: GET /api/v1/searches/<id>/export/?dataset=lake&format=csv streamed
  (64 KiB chunks), rows counted (CSV lines minus the header; must be all 100,000) -> rows/s,
  while the gunicorn worker's VmRSS is sampled every 50 ms (VmHWM read after);
- direct full listing (the baseline): the same list_dids, all 100,000 DIDs iterated -> DIDs/s;
- raw REST (no client library, for the breakdown): requests GET
  /dids/bench/dids/search?type=all&long=true with the token, NDJSON lines json-parsed: the
  first 101 with `limit=101` (what the connector asks), and the whole listing; and
  POST /dids/bulkmeta of the first 100 DIDs with plugin=ALL and plugin=DID_COLUMN (the
  connector's per-page metadata call). The run's own timings (list_ms, metadata_ms) split the
  gateway's POST into the connector call and the rest.

Targets: gateway first page <= 1.5x direct first 100; export rate >= 0.7x the direct listing
rate with every DID exported; worker peak RSS during the exports < 50 MB over its idle RSS
(measured before the first export; no export runs before that).

rucio-clients' token cache lives under a private TMPDIR/HOME in the run's var directory (it is
keyed by account only and skips credential checks when present: never share it).

    .venv/bin/python bench/rucio.py [--quick] [--repeat 20] [--exports 3] [--max-seconds 900]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import requests
from common import (
    BENCH_DIR,
    MB,
    VAR_ROOT,
    BenchError,
    EsapServer,
    archive_config,
    install_bounds,
    kib_to_mb,
    log,
    median,
    post_search,
    proc_status_kb,
    run_main,
    stop_process,
    table,
    verdict,
    wait_for_connector,
    write_result,
)
from export import SAMPLE_S, RssSampler

RUCIO_URL = os.environ.get("ESAP_BENCH_RUCIO_URL", "http://127.0.0.1:28180")
RUCIO_BASE = Path(os.environ.get("RUCIO_BASE", "/var/lib/esap-services/rucio"))
RUCIO_PY = RUCIO_BASE / "venv" / "bin" / "python"
CLIENT_CFG = RUCIO_BASE / "etc" / "client.cfg"
PG = {"PGHOST": "127.0.0.1", "PGPORT": "5433", "PGDATABASE": "rucio", "PGUSER": "rucio",
      "PGPASSWORD": "rucio"}
ROOT_ACCOUNT = ("root", "ddmlab", "secret")       # tests/services/rucio/README.md
ESAP_ACCOUNT = ("esap", "esap", "esap-secret")    # the gateway's service account
SCOPE = "bench"
N_DIDS = 100_000
RSE = "SITE-A-DISK"
SLUG = "lake"
FIRST = 100
TARGET_FIRST = 1.5
TARGET_RATE = 0.7
TARGET_RSS_MB = 50
CHUNK = 65536
BASELINE_MODE = "new_client"
PLUGINS = ("ALL", "DID_COLUMN")  # bulkmeta variants timed for the breakdown
MODES = {"new_client": "new Client per listing, cached token (baseline)",
         "reuse": "one Client reused",
         "new_token": "new Client + new token (cache deleted)"}

# The direct client, run by the Rucio venv's python. Reads one JSON command per line on stdin,
# answers one JSON line on the original stdout (anything the client prints goes to stderr).
DIRECT_WORKER = r'''
import glob, itertools, json, os, sys, tempfile, time
proto = os.fdopen(os.dup(1), "w", buffering=1)
os.dup2(2, 1)
started = time.perf_counter()
from rucio.client import Client
from rucio import version
import_s = time.perf_counter() - started
url, account, username, password, scope = sys.argv[1:6]

def new_client():
    return Client(rucio_host=url, auth_host=url, account=account, auth_type="userpass",
                  creds={"username": username, "password": password})

def forget_token():
    # rucio.common.utils.get_tmp_dir(): <tmp>/<user>/.rucio_<user>/auth_token_for_account_*
    tmp, removed = tempfile.gettempdir(), 0
    for pattern in ("*/.rucio_*/auth_token_*", ".rucio_*/auth_token_*"):
        for path in glob.glob(os.path.join(tmp, pattern)):
            os.unlink(path)
            removed += 1
    return removed

def listing(client):
    return client.list_dids(scope, {"name": "*"}, did_type="all", long=True)

forget_token()
client = new_client()
proto.write(json.dumps({"ready": True, "version": version.version_string(),
                        "import_s": import_s, "token_dir": tempfile.gettempdir()}) + "\n")
for line in sys.stdin:
    cmd = json.loads(line)
    try:
        if cmd["op"] == "quit":
            break
        if cmd["op"] == "first":
            mode, n = cmd["mode"], cmd["n"]
            forgot = forget_token() if mode == "new_token" else 0
            t0 = time.perf_counter()
            c = client if mode == "reuse" else new_client()
            t_client = time.perf_counter()
            it = listing(c)
            rows = list(itertools.islice(it, n))
            t_end = time.perf_counter()
            response = it.gi_frame.f_locals.get("response") if it.gi_frame else None
            it.close()
            if response is not None:  # stop the server streaming the other 99,900
                response.close()
            out = {"seconds": t_end - t0, "client_s": t_client - t0, "rows": len(rows),
                   "tokens_forgotten": forgot, "first": rows[0] if rows else None}
        elif cmd["op"] == "full":
            t0 = time.perf_counter()
            first_s, count, last = None, 0, None
            for did in listing(client):
                if first_s is None:
                    first_s = time.perf_counter() - t0
                count += 1
                last = did
            seconds = time.perf_counter() - t0
            out = {"seconds": seconds, "rows": count, "first_s": first_s,
                   "rows_s": count / seconds, "last": last}
        else:
            out = {"error": f"unknown op {cmd['op']!r}"}
    except Exception as exc:  # reported to the harness, which stops
        out = {"error": f"{type(exc).__name__}: {exc}"}
    proto.write(json.dumps(out, default=str) + "\n")
'''

ADD_SCOPE = r'''
import sys
from rucio.client import Client
url, account, username, password, scope = sys.argv[1:6]
root = Client(rucio_host=url, auth_host=url, account=account, auth_type="userpass",
              creds={"username": username, "password": password})
try:
    root.add_scope(account, scope)
    print("scope created")
except Exception as exc:
    if "Duplicate" not in type(exc).__name__ and "AlreadyExists" not in type(exc).__name__:
        raise
    print("scope exists")
'''


# --------------------------------------------------------------------------- Rucio side

def rucio_env(tmp: Path) -> dict[str, str]:
    """Environment of the Rucio venv's python: the client config, a private TMPDIR/HOME (the
    on-disk token cache goes there, never the shared /tmp)."""
    tmp.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items()
           if k not in {"VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "RUCIO_HOME",
                        "X509_USER_PROXY", "BEARER_TOKEN"}}
    env.update({"RUCIO_CONFIG": str(CLIENT_CFG), "RUCIO_CLIENT_MODE": "1", "TMPDIR": str(tmp),
                "TMP": str(tmp), "TEMP": str(tmp), "HOME": str(tmp), "PYTHONUNBUFFERED": "1"})
    return env


def check_rucio() -> str:
    try:
        response = requests.get(f"{RUCIO_URL}/ping", timeout=5)
        version = response.json().get("version", "?")
    except (requests.RequestException, ValueError) as exc:
        raise BenchError(f"Rucio is not reachable at {RUCIO_URL} ({exc}); provision it with "
                         "tests/services/setup-rucio.sh") from None
    if not RUCIO_PY.exists() or not CLIENT_CFG.exists():
        raise BenchError(f"no Rucio venv/client config under {RUCIO_BASE} "
                         "(tests/services/setup-rucio.sh)")
    if not shutil.which("psql"):
        raise BenchError("psql is needed to seed Rucio's PostgreSQL")
    return version


def psql(*args: str, sql: str | None = None) -> str:
    cmd = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-tA", *args]
    if sql is not None:
        cmd += ["-c", sql]
    done = subprocess.run(cmd, env={**os.environ, **PG}, capture_output=True, text=True,
                          timeout=300, check=False)
    if done.returncode != 0:
        raise BenchError(f"psql failed ({done.returncode}): {done.stderr.strip()[:1000]}")
    return done.stdout.strip()


def seeded_counts() -> tuple[bool, int, int, int]:
    """(scope exists, obs_ file DIDs, their replicas on RSE, all DIDs in the scope)."""
    out = psql(sql=(
        f"SELECT (SELECT count(*) FROM scopes WHERE scope = '{SCOPE}'),"
        f" (SELECT count(*) FROM dids WHERE scope = '{SCOPE}' AND did_type = 'F'"
        f"  AND name LIKE 'obs\\_%.fits'),"
        f" (SELECT count(*) FROM replicas r JOIN rses s ON s.id = r.rse_id"
        f"  WHERE r.scope = '{SCOPE}' AND s.rse = '{RSE}' AND r.state = 'A'),"
        f" (SELECT count(*) FROM dids WHERE scope = '{SCOPE}')"))
    scope, dids, replicas, total = (int(x) for x in out.split("|"))
    return bool(scope), dids, replicas, total


def seed(tmp: Path) -> dict[str, Any]:
    started = time.perf_counter()
    scope, dids, replicas, total = seeded_counts()
    if scope and dids >= N_DIDS and replicas >= N_DIDS:
        log(f"Rucio scope {SCOPE!r} already seeded: {dids:,} file DIDs, {replicas:,} replicas "
            f"on {RSE}, {total:,} DIDs in the scope")
        return {"seeded_now": False, "dids": dids, "replicas": replicas, "total": total,
                "seconds": time.perf_counter() - started}
    if not scope:
        log(f"creating scope {SCOPE!r} (owner root) through the API")
        done = subprocess.run([str(RUCIO_PY), "-c", ADD_SCOPE, RUCIO_URL, *ROOT_ACCOUNT, SCOPE],
                              env=rucio_env(tmp), cwd=tmp, capture_output=True, text=True,
                              timeout=120, check=False)
        if done.returncode != 0:
            raise BenchError(f"add_scope failed: {done.stdout}{done.stderr[-2000:]}")
    log(f"seeding {N_DIDS:,} file DIDs + replicas on {RSE} into scope {SCOPE!r} by SQL")
    psql("-v", f"scope={SCOPE}", "-v", f"n={N_DIDS}", "-v", f"rse={RSE}", "-v", "account=root",
         "-f", str(BENCH_DIR / "rucio_seed.sql"))
    scope, dids, replicas, total = seeded_counts()
    if not scope or dids < N_DIDS or replicas < N_DIDS:
        raise BenchError(f"seeding did not work: scope {scope}, {dids} DIDs, {replicas} "
                         f"replicas on {RSE}")
    seconds = time.perf_counter() - started
    log(f"seeded in {seconds:.1f} s: {dids:,} file DIDs, {total:,} DIDs in the scope")
    return {"seeded_now": True, "dids": dids, "replicas": replicas, "total": total,
            "seconds": seconds}


def unseed() -> None:
    """Remove what seed() added (replicas first: they reference the DIDs)."""
    psql(sql=(f"BEGIN; DELETE FROM replicas WHERE scope = '{SCOPE}' AND name LIKE 'obs\\_%.fits';"
              f" DELETE FROM dids WHERE scope = '{SCOPE}' AND did_type = 'F'"
              f" AND name LIKE 'obs\\_%.fits'; COMMIT;"))
    _, dids, replicas, total = seeded_counts()
    log(f"unseeded: scope {SCOPE!r} now holds {total:,} DIDs ({dids} obs_ files, {replicas} "
        f"replicas on {RSE})")


class DirectClient:
    """The long-lived rucio-clients helper process (Rucio venv python, own session, stopped by
    its PID)."""

    def __init__(self, tmp: Path, logfile: Path) -> None:
        logfile.parent.mkdir(parents=True, exist_ok=True)
        with open(logfile, "ab") as err:
            self.proc = subprocess.Popen(
                [str(RUCIO_PY), "-c", DIRECT_WORKER, RUCIO_URL, *ESAP_ACCOUNT, SCOPE],
                cwd=tmp, env=rucio_env(tmp), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=err, text=True, bufsize=1, start_new_session=True)
        log(f"rucio-clients helper pid {self.proc.pid}")
        self.hello = self._read()

    def _read(self) -> dict[str, Any]:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            raise BenchError(f"rucio-clients helper exited ({self.proc.poll()}); see its log")
        answer = json.loads(line)
        if "error" in answer:
            raise BenchError(f"rucio-clients: {answer['error']}")
        return answer

    def ask(self, **cmd: Any) -> dict[str, Any]:
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps(cmd) + "\n")
        self.proc.stdin.flush()
        return self._read()

    def first(self, mode: str) -> dict[str, Any]:
        answer = self.ask(op="first", mode=mode, n=FIRST)
        if answer["rows"] != FIRST:
            raise BenchError(f"direct listing gave {answer['rows']} rows, expected {FIRST}")
        if mode == "new_token" and not answer["tokens_forgotten"]:
            raise BenchError("no rucio-clients token file found to delete (cache moved?)")
        return answer

    def full(self, expected: int) -> dict[str, Any]:
        answer = self.ask(op="full")
        if answer["rows"] != expected:
            raise BenchError(f"direct full listing gave {answer['rows']:,} DIDs, expected "
                             f"{expected:,}")
        return answer

    def stop(self) -> None:
        if self.proc.poll() is None:
            log(f"stopping rucio-clients helper pid {self.proc.pid}")
            try:
                assert self.proc.stdin is not None
                self.proc.stdin.write('{"op": "quit"}\n')
                self.proc.stdin.close()
                self.proc.wait(timeout=5)
            except (OSError, subprocess.TimeoutExpired):
                pass
        stop_process(self.proc)


class RawRest:
    """Rucio's REST listing with plain requests (no client library): the upstream floor."""

    def __init__(self) -> None:
        self.session = requests.Session()
        account, username, password = ESAP_ACCOUNT
        response = self.session.get(f"{RUCIO_URL}/auth/userpass", timeout=10, headers={
            "X-Rucio-Account": account, "X-Rucio-Username": username,
            "X-Rucio-Password": password})
        if response.status_code != 200:
            raise BenchError(f"Rucio /auth/userpass -> {response.status_code}")
        self.session.headers.update({"X-Rucio-Auth-Token":
                                     response.headers["X-Rucio-Auth-Token"],
                                     "Accept": "application/x-json-stream"})

    def listing(self, limit: int | None) -> dict[str, Any]:
        params: dict[str, Any] = {"type": "all", "long": "true", "name": "*"}
        if limit:
            params["limit"] = limit
        started = time.perf_counter()
        first_s = None
        count = 0
        with self.session.get(f"{RUCIO_URL}/dids/{SCOPE}/dids/search", params=params,
                              stream=True, timeout=(5, 300)) as response:
            if response.status_code != 200:
                raise BenchError(f"raw listing -> {response.status_code} {response.text[:300]}")
            for line in response.iter_lines(chunk_size=CHUNK):
                if line:
                    json.loads(line)
                    if first_s is None:
                        first_s = time.perf_counter() - started
                    count += 1
        seconds = time.perf_counter() - started
        return {"seconds": seconds, "first_s": first_s, "rows": count, "rows_s": count / seconds}

    def bulkmeta(self, plugin: str) -> dict[str, Any]:
        """POST /dids/bulkmeta for the first 100 DIDs (what a connector may add to a page)."""
        dids = [{"scope": SCOPE, "name": f"obs_{i:07d}.fits"} for i in range(FIRST)]
        started = time.perf_counter()
        with self.session.post(f"{RUCIO_URL}/dids/bulkmeta", stream=True, timeout=(5, 60),
                               json={"dids": dids, "inherit": False, "plugin": plugin},
                               ) as response:
            if response.status_code != 200:
                raise BenchError(f"bulkmeta -> {response.status_code} {response.text[:300]}")
            count = sum(1 for line in response.iter_lines() if line and json.loads(line))
        if count != FIRST:
            raise BenchError(f"bulkmeta gave {count} DIDs, expected {FIRST}")
        return {"seconds": time.perf_counter() - started, "rows": count}


# --------------------------------------------------------------------------- gateway side

def rucio_dataset(row_limit: int = 1000) -> dict[str, Any]:
    return {"slug": SLUG, "name": "Rucio lake (benchmark)", "connector_type": "rucio",
            "service_url": RUCIO_URL, "timeout": 30, "row_limit": row_limit,
            "options": {"auth": {"mode": "userpass", "account": ESAP_ACCOUNT[0],
                                 "username": ESAP_ACCOUNT[1],
                                 "password_env": "ESAP_RUCIO_PASSWORD"}}}


SEARCH_BODY = {"datasets": [SLUG], "did": {"pattern": f"{SCOPE}:*", "type": "all"},
               "wait": 30, "include_results": FIRST, "row_limit": FIRST}


def gateway_first(session: requests.Session, url: str) -> dict[str, Any]:
    started = time.perf_counter()
    search = post_search(session, url, SEARCH_BODY, timeout=60)
    seconds = time.perf_counter() - started
    if not search.get("complete"):
        raise BenchError(f"search not complete after wait: {search.get('runs')}")
    run = search["runs"][0]
    if run["status"] not in ("ok", "overflow"):
        raise BenchError(f"rucio run {run['status']}: {run.get('error') or run}")
    rows = search.get("results") or []
    if isinstance(rows, dict):  # tolerate {count, results}
        rows = rows.get("results") or []
    if len(rows) != FIRST:
        raise BenchError(f"gateway answered {len(rows)} rows, expected {FIRST}")
    out: dict[str, Any] = {"seconds": seconds, "search_id": search["id"],
                           "status": run["status"], "row_count": run.get("row_count")}
    if run.get("started_at") and run.get("finished_at"):
        # run = the connector call (Rucio listing + metadata); rest = everything else of the
        # POST (HTTP, validation, storing search/run/rows, serializing the answer)
        run_ms = (datetime.fromisoformat(run["finished_at"])
                  - datetime.fromisoformat(run["started_at"])).total_seconds() * 1000
        out["run_ms"] = run_ms
        out["rest_ms"] = seconds * 1000 - run_ms
    for key, value in (run.get("timings") or {}).items():
        if isinstance(value, int | float):
            out[f"timing.{key}"] = float(value)
    return out


def gateway_export(session: requests.Session, url: str, search_id: str,
                   worker: int) -> dict[str, Any]:
    before = proc_status_kb(worker, "VmRSS") or 0
    sampler = RssSampler(worker)
    sampler.start()
    started = time.perf_counter()
    first_s = None
    total = lines = 0
    head = tail = b""
    try:
        with session.get(f"{url}/api/v1/searches/{search_id}/export/",
                         params={"dataset": SLUG, "format": "csv"}, stream=True,
                         timeout=(5, 300)) as response:
            if response.status_code != 200:
                raise BenchError(f"export: HTTP {response.status_code} {response.text[:500]}")
            content_type = response.headers.get("Content-Type", "")
            for chunk in response.iter_content(CHUNK):
                if first_s is None:
                    first_s = time.perf_counter() - started
                    head = chunk[:2000]
                total += len(chunk)
                lines += chunk.count(b"\n")
                tail = (tail + chunk)[-2000:]
    finally:
        peak = sampler.stop()
    seconds = time.perf_counter() - started
    if tail and not tail.endswith(b"\n"):
        lines += 1
    rows = max(0, lines - 1)  # minus the header line (names hold no newline)
    return {"seconds": seconds, "first_s": first_s or seconds, "bytes": total, "rows": rows,
            "rows_s": rows / seconds, "mb_s": total / MB / seconds,
            "content_type": content_type,
            "header": head.split(b"\n", 1)[0].decode(errors="replace"),
            "first_line": (head.split(b"\n")[1:2] or [b""])[0].decode(errors="replace"),
            "last_line": tail.rstrip(b"\n").rsplit(b"\n", 1)[-1].decode(errors="replace"),
            "rss_before_mb": kib_to_mb(before), "rss_peak_sampled_mb": kib_to_mb(peak),
            "rss_after_mb": kib_to_mb(proc_status_kb(worker, "VmRSS")),
            "hwm_mb": kib_to_mb(proc_status_kb(worker, "VmHWM")),
            "samples": len(sampler.samples)}


# --------------------------------------------------------------------------- main

def main() -> None:
    parser = argparse.ArgumentParser(description="100,000 Rucio DIDs: first page and full CSV "
                                                 "export through ESAP vs rucio-clients.")
    parser.add_argument("--repeat", type=int, default=20,
                        help="first-page measurements each, interleaved (default 20)")
    parser.add_argument("--exports", type=int, default=3,
                        help="full exports / full direct listings each (default 3)")
    parser.add_argument("--warmup", type=int, default=3, help="first-page warm-up runs (3)")
    parser.add_argument("--threads", type=int, default=32, help="gunicorn threads (32)")
    parser.add_argument("--quick", action="store_true", help="7 first pages, 1 export each")
    parser.add_argument("--seed-only", action="store_true", help="seed Rucio and stop")
    parser.add_argument("--unseed", action="store_true",
                        help=f"delete the seeded DIDs and replicas of scope {SCOPE!r} by SQL "
                             "(the empty scope stays) and stop")
    parser.add_argument("--direct-only", action="store_true",
                        help="only the direct and raw baselines (no ESAP server)")
    parser.add_argument("--max-seconds", type=float, default=900,
                        help="hard bound on the whole run (default 900)")
    args = parser.parse_args()
    if args.quick:
        args.repeat, args.exports, args.warmup = 7, 1, 2
    args.repeat = max(3, min(args.repeat, 500))
    args.exports = max(1, min(args.exports, 20))
    install_bounds(args.max_seconds)
    version = check_rucio()
    if args.unseed:
        unseed()
        return
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    work = VAR_ROOT / f"rucio-client-{stamp}-{os.getpid()}"
    tmp = work / "tmp"
    clean = False
    try:
        seeding = seed(tmp)
        expected = seeding["total"]
        if args.seed_only:
            clean = True
            return
        result = measure(args, work, tmp, expected)
        clean = True
    finally:
        if clean and not os.environ.get("ESAP_BENCH_KEEP"):
            shutil.rmtree(work, ignore_errors=True)  # kept after a failure (helper log)
    report(args, version, seeding, expected, result)


def measure(args: argparse.Namespace, work: Path, tmp: Path, expected: int) -> dict[str, Any]:
    first: dict[str, list[dict[str, Any]]] = {"gateway": [], **{m: [] for m in MODES},
                                              "raw": [], **{f"meta_{p}": [] for p in PLUGINS}}
    full: dict[str, list[dict[str, Any]]] = {"gateway": [], "direct": [], "raw": []}
    idle: dict[str, float] = {}
    direct = DirectClient(tmp, work / "rucio-clients.log")
    try:
        log(f"rucio-clients {direct.hello['version']} helper ready (import "
            f"{direct.hello['import_s']:.2f} s, token cache in {direct.hello['token_dir']})")
        raw = RawRest()
        log("warm-up: one direct full listing (Rucio, PostgreSQL and memcached caches)")
        direct.full(expected)
        for _ in range(args.warmup):
            for mode in MODES:
                direct.first(mode)
            raw.listing(FIRST + 1)
        if args.direct_only:
            run_pairs(args, None, None, direct, raw, first, full, idle, expected)
            return {"first": first, "full": full, "idle": idle}
        config = archive_config([rucio_dataset()])
        server = EsapServer("rucio", config, threads=args.threads,
                            extra_env={"ESAP_RUCIO_PASSWORD": ESAP_ACCOUNT[2]})
        with server:
            wait_for_connector(server.url, "rucio")
            api = requests.Session()
            log(f"warm-up: {args.warmup} gateway first page(s)")
            for _ in range(args.warmup):
                gateway_first(api, server.url)
            run_pairs(args, server, api, direct, raw, first, full, idle, expected)
    finally:
        direct.stop()
    return {"first": first, "full": full, "idle": idle}


@contextlib.contextmanager
def step(what: str) -> Iterator[None]:
    """Name the measurement a network failure happened in (e.g. Rucio restarted meanwhile)."""
    try:
        yield
    except requests.RequestException as exc:
        raise BenchError(f"{what}: {exc}") from None


def run_pairs(args: argparse.Namespace, server: EsapServer | None,
              api: requests.Session | None, direct: DirectClient, raw: RawRest,
              first: dict[str, list[dict[str, Any]]], full: dict[str, list[dict[str, Any]]],
              idle: dict[str, float], expected: int) -> None:
    log(f"measuring: {args.repeat} interleaved first pages each")
    search_id = ""
    for rep in range(args.repeat):
        order = ["gateway", *MODES, "raw", *(f"meta_{p}" for p in PLUGINS)]
        if rep % 2:
            order.reverse()
        for what in order:
            with step(f"first page {rep + 1}/{args.repeat}, {what}"):
                if what == "gateway":
                    if server is not None and api is not None:
                        answer = gateway_first(api, server.url)
                        search_id = answer["search_id"]
                        first["gateway"].append(answer)
                elif what == "raw":
                    first["raw"].append(raw.listing(FIRST + 1))
                elif what.startswith("meta_"):
                    first[what].append(raw.bulkmeta(what[5:]))
                else:
                    first[what].append(direct.first(what))
    worker = 0
    if server is not None:
        worker = server.worker_pid()
        idle["rss_mb"] = kib_to_mb(proc_status_kb(worker, "VmRSS"))
        idle["hwm_mb"] = kib_to_mb(proc_status_kb(worker, "VmHWM"))
        log(f"gunicorn worker pid {worker}: VmRSS {idle['rss_mb']:.1f} MB, VmHWM "
            f"{idle['hwm_mb']:.1f} MB before the first export")
    log(f"measuring: {args.exports} interleaved full exports / listings each")
    for rep in range(args.exports):
        order = ["gateway", "direct", "raw"] if rep % 2 == 0 else ["direct", "raw", "gateway"]
        for what in order:
            log(f"{what} full listing {rep + 1}/{args.exports}")
            with step(f"full listing {rep + 1}/{args.exports}, {what}"):
                if what == "gateway":
                    if server is not None and api is not None:
                        full["gateway"].append(gateway_export(api, server.url, search_id,
                                                              worker))
                        g = full["gateway"][-1]
                        log(f"  gateway: {g['rows']:,} rows in {g['seconds']:.2f} s, peak "
                            f"RSS {g['rss_peak_sampled_mb']:.1f} MB")
                elif what == "direct":
                    full["direct"].append(direct.full(expected))
                else:
                    full["raw"].append(raw.listing(None))


def report(args: argparse.Namespace, version: str, seeding: dict[str, Any], expected: int,
           result: dict[str, Any]) -> None:
    first, full, idle = result["first"], result["full"], result["idle"]
    med = {k: median([r["seconds"] for r in v]) for k, v in first.items() if v}
    base = med[BASELINE_MODE]
    print()
    print(f"RUCIO: {expected:,} DIDs in scope {SCOPE!r} (Rucio {version} on {RUCIO_URL}), "
          f"listing '{SCOPE}:*' type all, long; {args.repeat} interleaved first pages each "
          f"after {args.warmup} warm-up, {args.exports} full listing(s) each; medians")
    rows = []
    if "gateway" in med:
        rows.append(["gateway: POST /api/v1/searches/ wait + include_results 100",
                     fmt_s(med["gateway"]), pct_s(first["gateway"], 10),
                     pct_s(first["gateway"], 90), ratio_s(med["gateway"], base), ""])
    for mode, label in MODES.items():
        rows.append([f"direct: {label}", fmt_s(med[mode]), pct_s(first[mode], 10),
                     pct_s(first[mode], 90), ratio_s(med[mode], base),
                     fmt_s(median([r["client_s"] for r in first[mode]]))])
    rows.append(["raw REST: requests, limit=101, json per line", fmt_s(med["raw"]),
                 pct_s(first["raw"], 10), pct_s(first["raw"], 90), ratio_s(med["raw"], base),
                 ""])
    for plugin in PLUGINS:
        key = f"meta_{plugin}"
        rows.append([f"raw REST: POST /dids/bulkmeta of the 100, plugin={plugin}",
                     fmt_s(med[key]), pct_s(first[key], 10), pct_s(first[key], 90),
                     ratio_s(med[key], base), ""])
    print(table(["first 100 rows", "median", "p10", "p90", "/ baseline", "Client()"], rows))
    print("  Client() = constructing rucio.client.Client (reads the cached token, or asks "
          "/auth/userpass for a new one), included in the direct times")
    data: dict[str, Any] = {"rucio_version": version, "expected_dids": expected,
                            "seeding": seeding, "repeat": args.repeat,
                            "exports": args.exports, "baseline_mode": BASELINE_MODE,
                            "first_median_s": med, "idle": idle}
    g_first = first.get("gateway") or []
    if g_first:
        parts = sorted({k for r in g_first for k in r if k.endswith("_ms") or
                        k.startswith("timing.")})
        if parts:
            print("  gateway first page, from the run's own timestamps/timings (medians, ms): "
                  + ", ".join(f"{k} {median([r[k] for r in g_first if k in r]):.1f}"
                              for k in parts))
            print("    run = the connector call (timing.list_ms: Rucio listing with limit=101, "
                  "timing.metadata_ms: POST /dids/bulkmeta for the page); rest = the POST "
                  "without it (HTTP, validation, storing the search and 100 rows, JSON)")
    d_rate = median([r["rows_s"] for r in full["direct"]])
    rows = []
    g_full = full.get("gateway") or []
    if g_full:
        rows.append(["gateway: GET …/export/?format=csv",
                     f"{median([r['rows'] for r in g_full]):,.0f}",
                     fmt_s(median([r["first_s"] for r in g_full])),
                     f"{median([r['seconds'] for r in g_full]):.2f} s",
                     f"{median([r['rows_s'] for r in g_full]):,.0f}",
                     f"{median([r['rows_s'] for r in g_full]) / d_rate:.2f}x"])
    rows.append(["direct: list_dids, reused Client (baseline)",
                 f"{median([r['rows'] for r in full['direct']]):,.0f}",
                 fmt_s(median([r["first_s"] for r in full["direct"]])),
                 f"{median([r['seconds'] for r in full['direct']]):.2f} s",
                 f"{d_rate:,.0f}", "1.00x"])
    rows.append(["raw REST: requests, json per line",
                 f"{median([r['rows'] for r in full['raw']]):,.0f}",
                 fmt_s(median([r["first_s"] for r in full["raw"]])),
                 f"{median([r['seconds'] for r in full['raw']]):.2f} s",
                 f"{median([r['rows_s'] for r in full['raw']]):,.0f}",
                 f"{median([r['rows_s'] for r in full['raw']]) / d_rate:.2f}x"])
    print(table(["full listing", "rows", "first row", "seconds", "rows/s", "/ direct"], rows))
    data.update({"direct_rows_s": d_rate,
                 "raw_rows_s": median([r["rows_s"] for r in full["raw"]])})
    if g_first and g_full:
        ratio_first = med["gateway"] / base
        g_rate = median([r["rows_s"] for r in g_full])
        ratio_rate = g_rate / d_rate
        complete = all(r["rows"] == expected for r in g_full)
        peak_sampled = max(r["rss_peak_sampled_mb"] for r in g_full)
        hwm = max(r["hwm_mb"] for r in g_full)
        growth = max(peak_sampled, hwm) - idle["rss_mb"]
        size_mb = median([r["bytes"] for r in g_full]) / MB
        print(f"  export: {g_full[0]['content_type']}, {size_mb:.1f} MB, "
              f"header {g_full[0]['header'][:200]!r}")
        print(f"  first row {g_full[0]['first_line'][:200]!r}")
        print(f"  last row  {g_full[0]['last_line'][:200]!r}")
        print(f"gunicorn worker RSS: idle {idle['rss_mb']:.1f} MB (VmHWM {idle['hwm_mb']:.1f}) "
              f"before the first export; during the exports peak sampled every "
              f"{SAMPLE_S * 1000:.0f} ms {peak_sampled:.1f} MB "
              f"({sum(r['samples'] for r in g_full)} samples), VmHWM {hwm:.1f} MB, after "
              f"{g_full[-1]['rss_after_mb']:.1f} MB -> +{growth:.1f} MB")
        ok_first = ratio_first <= TARGET_FIRST
        ok_rate = ratio_rate >= TARGET_RATE and complete
        ok_rss = growth < TARGET_RSS_MB
        print(verdict(ok_first, f"first page {fmt_s(med['gateway'])} = {ratio_first:.2f}x "
                                f"direct first 100 {fmt_s(base)} <= {TARGET_FIRST}x"))
        rows_note = "" if complete else (f"; INCOMPLETE: {[r['rows'] for r in g_full]} of "
                                         f"{expected:,} rows")
        print(verdict(ok_rate, f"export {g_rate:,.0f} rows/s = {ratio_rate:.2f}x direct "
                               f"{d_rate:,.0f} DIDs/s >= {TARGET_RATE}x{rows_note}"))
        print(verdict(ok_rss, f"worker RSS +{growth:.1f} MB over idle during export < "
                              f"{TARGET_RSS_MB} MB"))
        data.update({"gateway_rows_s": g_rate, "ratio_first": ratio_first,
                     "ratio_rate": ratio_rate, "export_complete": complete,
                     "rss_growth_mb": growth, "peak_rss_sampled_mb": peak_sampled,
                     "vmhwm_mb": hwm, "target_first_met": ok_first,
                     "target_rate_met": ok_rate, "target_rss_met": ok_rss})
    else:
        print("(--direct-only: no gateway measurements, no target lines)")
    data.update({"first": first, "full": full})
    path = write_result("rucio", data)
    print(f"results: {path}")


def fmt_s(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 10 else f"{seconds:.2f} s"


def pct_s(runs: list[dict[str, Any]], p: float) -> str:
    ordered = sorted(r["seconds"] for r in runs)
    return fmt_s(ordered[min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))])


def ratio_s(value: float, base: float) -> str:
    return f"{value / base:.2f}x"


if __name__ == "__main__":
    run_main(main)
