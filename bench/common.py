"""Shared plumbing of the benchmarks: a private ESAP server (embedded profile, fresh SQLite,
gunicorn started by its own PID and stopped by PID), the delaying proxy as a child process,
a global time bound, small statistics helpers and result files.

Everything listens on 127.0.0.1 only. Every process started here is stopped here, also when
the benchmark fails or is interrupted.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "bench"
VAR_ROOT = ROOT / "var" / "bench"
RESULTS_DIR = BENCH_DIR / "results"
VENV_BIN = ROOT / ".venv" / "bin"
PYTHON = str(VENV_BIN / "python") if (VENV_BIN / "python").exists() else sys.executable
DACHS = "http://127.0.0.1:28080"
DACHS_TAP = f"{DACHS}/tap"
# The cone the search benchmarks ask (tapstudy.cat: 29 rows, dachs-tap.md known answers).
CONE = {"ra": 155.0, "dec": 0.0, "radius": 0.5}
CONE_ROWS = 29
PORT_RANGE = range(28010, 28020)
MB = 1_000_000  # decimal megabytes, as in docs/ and the DaCHS notes


class BenchError(RuntimeError):
    """The benchmark could not run (service down, server did not start): exit code 2."""


# --------------------------------------------------------------------------- output helpers

def log(message: str) -> None:
    print(f"[{datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def fmt_ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def verdict(ok: bool, text: str) -> str:
    return f"target met ({text})" if ok else f"TARGET MISSED ({text})"


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    cells = [[str(h) for h in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = ["  ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)) for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def write_result(name: str, data: dict[str, Any]) -> Path:
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / f"{name}.json"
    data = {"benchmark": name, "finished": datetime.now(UTC).isoformat(timespec="seconds"),
            **data}
    path.write_text(json.dumps(data, indent=2, sort_keys=False) + "\n")
    return path


# --------------------------------------------------------------------------- time bound

class Deadline(Exception):
    """The benchmark ran past its --max-seconds bound."""


def install_bounds(max_seconds: float) -> None:
    """SIGALRM after ``max_seconds`` and SIGTERM/SIGHUP raise in the main thread, so ``finally``
    blocks stop the processes we started."""

    def on_alarm(signum: int, frame: Any) -> None:
        raise Deadline(f"benchmark exceeded its bound of {max_seconds:g} s")

    def on_term(signum: int, frame: Any) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGALRM, on_alarm)
    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGHUP, on_term)
    signal.setitimer(signal.ITIMER_REAL, max_seconds)


def run_main(main: Any) -> None:
    """Run ``main()``; exit 0 when it completed (targets met or missed), 2 when it could not
    run, 130 on Ctrl-C."""
    try:
        main()
    except (BenchError, Deadline, requests.RequestException) as exc:
        print(f"BENCHMARK FAILED: {exc}", flush=True)
        sys.exit(2)
    except KeyboardInterrupt:
        print("interrupted", flush=True)
        sys.exit(130)
    sys.exit(0)


# --------------------------------------------------------------------------- processes

def free_port(exclude: Sequence[int] = ()) -> int:
    for port in PORT_RANGE:
        if port in exclude:
            continue
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise BenchError(f"no free port in {PORT_RANGE.start}-{PORT_RANGE.stop - 1}")


def start_process(cmd: Sequence[str], logfile: Path, env: dict[str, str] | None = None,
                  ) -> subprocess.Popen:
    """Start ``cmd`` in its own session (setsid): its PID is also its process-group id."""
    logfile.parent.mkdir(parents=True, exist_ok=True)
    with open(logfile, "ab") as out:
        return subprocess.Popen(list(cmd), cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                                stdout=out, stderr=subprocess.STDOUT, start_new_session=True)


def stop_process(proc: subprocess.Popen | None, grace: float = 10.0) -> None:
    """TERM the process group we started (by its PID), wait, then KILL it."""
    if proc is None or proc.poll() is not None:
        return
    # The time bound or a TERM arriving now must not interrupt the stop: hold them until done.
    held = {signal.SIGALRM, signal.SIGTERM, signal.SIGHUP, signal.SIGINT}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def wait_http(url: str, seconds: float, proc: subprocess.Popen | None = None,
              logfile: Path | None = None) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            tail = logfile.read_text()[-3000:] if logfile and logfile.exists() else ""
            raise BenchError(f"process exited with {proc.returncode} before {url} answered\n"
                             f"{tail}")
        try:
            if requests.get(url, timeout=2).status_code < 500:
                return
        except requests.RequestException:
            pass
        time.sleep(0.1)
    raise BenchError(f"{url} did not answer within {seconds:g} s")


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            found += [int(p) for p in (task / "children").read_text().split()]
    return found


def kib_to_mb(kib: int | None) -> float:
    return (kib or 0) * 1024 / MB


def proc_status_kb(pid: int, key: str) -> int | None:
    """VmRSS / VmHWM of a process in kB (None once it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except (OSError, ValueError):
        return None
    return None


def check_dachs() -> None:
    try:
        body = requests.get(f"{DACHS_TAP}/availability", timeout=5).text
    except requests.RequestException as exc:
        raise BenchError(f"DaCHS is not reachable at {DACHS} ({exc}); "
                         "provision it with tests/services/setup-dachs.sh") from None
    if "<avl:available>true" not in body:
        raise BenchError(f"DaCHS at {DACHS} reports it is not available")


# --------------------------------------------------------------------------- ESAP server

class EsapServer:
    """A private ESAP: embedded profile, fresh SQLite under var/bench/<name>-<time>/, the
    given archive configuration loaded, gunicorn on a free 127.0.0.1 port in 28010-28019."""

    def __init__(self, name: str, config: dict[str, Any], *, threads: int = 32,
                 debug: bool = False, exclude_ports: Sequence[int] = (),
                 gunicorn_args: Sequence[str] = (), extra_env: dict[str, str] | None = None,
                 ) -> None:
        self.name = name
        self.config = config
        self.threads = threads
        self.debug = debug
        self.exclude_ports = exclude_ports
        self.gunicorn_args = list(gunicorn_args)
        self.extra_env = extra_env or {}
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        self.var_dir = VAR_ROOT / f"{name}-{stamp}-{os.getpid()}"
        self.proc: subprocess.Popen | None = None
        self.port = 0
        self.url = ""

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items()
               if k not in {"DATABASE_URL", "CELERY_BROKER_URL", "ESAP_TASK_RUNNER",
                            "ESAP_ENV", "SECRET_KEY", "DJANGO_SETTINGS_MODULE"}}
        env.update({
            "ESAP_ENV": "embedded",
            "ESAP_VAR_DIR": str(self.var_dir),
            "DEBUG": "1" if self.debug else "0",
            "ESAP_THROTTLE_ANON": "1000000/hour",
            "ESAP_LOG_LEVEL": "WARNING",
            "DJANGO_SETTINGS_MODULE": "esap.settings",
            "PYTHONUNBUFFERED": "1",
        })
        env.update(self.extra_env)
        return env

    def _manage(self, *args: str) -> None:
        done = subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=self.env(),
                              capture_output=True, text=True, timeout=180, check=False)
        if done.returncode != 0:
            raise BenchError(f"manage.py {' '.join(args)} failed:\n{done.stdout}{done.stderr}")

    def start(self) -> EsapServer:
        self.var_dir.mkdir(parents=True, exist_ok=True)
        config_path = self.var_dir / "archives.json"
        config_path.write_text(json.dumps(self.config, indent=1))
        log(f"{self.name}: migrate + load_archives into {self.var_dir.relative_to(ROOT)}")
        self._manage("migrate", "--noinput", "-v0")
        self._manage("load_archives", str(config_path))
        self.port = free_port(self.exclude_ports)
        self.url = f"http://127.0.0.1:{self.port}"
        logfile = self.var_dir / "gunicorn.log"
        self.proc = start_process(
            [str(VENV_BIN / "gunicorn"), "esap.wsgi:application", "--bind",
             f"127.0.0.1:{self.port}", "--workers", "1", "--threads", str(self.threads),
             "--timeout", "300", "--graceful-timeout", "5", "--error-logfile", "-",
             "--no-control-socket",
             *self.gunicorn_args],
            logfile, env=self.env())
        log(f"{self.name}: gunicorn pid {self.proc.pid} on {self.url}")
        wait_http(f"{self.url}/api/health/", 60, self.proc, logfile)
        return self

    def stop(self) -> None:
        if self.proc is not None:
            log(f"{self.name}: stopping gunicorn pid {self.proc.pid}")
            stop_process(self.proc)
            self.proc = None

    def worker_pid(self) -> int:
        if self.proc is None:
            raise BenchError("server not started")
        for _ in range(50):
            workers = children(self.proc.pid)
            if workers:
                return workers[0]
            time.sleep(0.1)
        raise BenchError("no gunicorn worker process found")

    def __enter__(self) -> EsapServer:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, exc_type: object, *exc: object) -> None:
        self.stop()
        if exc_type is None and not os.environ.get("ESAP_BENCH_KEEP"):
            shutil.rmtree(self.var_dir, ignore_errors=True)  # kept after a failure


@contextlib.contextmanager
def delay_proxy(name: str, exclude_ports: Sequence[int] = ()) -> Iterator[str]:
    """Run bench/delay_proxy.py as a child process; yield its base URL."""
    port = free_port(exclude_ports)
    logfile = VAR_ROOT / f"{name}-proxy-{os.getpid()}.log"
    proc = start_process([PYTHON, str(BENCH_DIR / "delay_proxy.py"), "--port", str(port)],
                         logfile)
    try:
        log(f"delay proxy pid {proc.pid} on 127.0.0.1:{port}")
        wait_http(f"http://127.0.0.1:{port}/_stats", 20, proc, logfile)
        yield f"http://127.0.0.1:{port}"
    finally:
        log(f"stopping delay proxy pid {proc.pid}")
        stop_process(proc)
    if not os.environ.get("ESAP_BENCH_KEEP"):
        logfile.unlink(missing_ok=True)  # reached only without an exception


# --------------------------------------------------------------------------- API client

def wait_for_connector(esap_url: str, connector_type: str = "ivoa-tap") -> None:
    types = requests.get(f"{esap_url}/api/v1/connector-types/", timeout=10)
    if types.ok and connector_type not in types.text:
        raise BenchError(f"connector type {connector_type!r} is not registered: {types.text}")


def post_search(session: requests.Session, esap_url: str, body: dict[str, Any],
                timeout: float = 120) -> dict[str, Any]:
    response = session.post(f"{esap_url}/api/v1/searches/", json=body, timeout=timeout)
    if response.status_code != 201:
        raise BenchError(f"POST /api/v1/searches/ -> {response.status_code}: "
                         f"{response.text[:500]}")
    return response.json()


def check_runs(search: dict[str, Any], expect_rows: int | None = None) -> None:
    if not search.get("complete"):
        raise BenchError(f"search {search['id']} is not complete after wait: "
                         f"{[(r['dataset'], r['status']) for r in search['runs']]}")
    bad = [(r["dataset"], r["status"], r.get("error")) for r in search["runs"]
           if r["status"] not in ("ok", "overflow")]
    if bad:
        raise BenchError(f"dataset run(s) failed: {bad}")
    if expect_rows is not None:
        wrong = [(r["dataset"], r["row_count"]) for r in search["runs"]
                 if r["row_count"] != expect_rows]
        if wrong:
            raise BenchError(f"expected {expect_rows} rows per dataset, got {wrong}")


def tap_dataset(slug: str, service_url: str, resource: str = "tapstudy.cat", *,
                row_limit: int = 1000, timeout: float = 60, options: dict | None = None,
                ) -> dict[str, Any]:
    return {"slug": slug, "name": slug, "connector_type": "ivoa-tap", "service_url": service_url,
            "resource": resource, "parameter_mapping": {"ra": "ra", "dec": "dec"},
            "result_hints": {"id": "id", "title": "name"}, "timeout": timeout,
            "row_limit": row_limit, "options": options or {"mode": "sync"}}


def archive_config(datasets: list[dict[str, Any]]) -> dict[str, Any]:
    return {"archives": [{"slug": "bench", "name": "Benchmark archive", "datasets": datasets}]}


def timeout_session(timeout: tuple[float, float] = (5, 120)) -> requests.Session:
    """A requests session whose every request has a timeout (pyvo sets none by default)."""

    class TimeoutSession(requests.Session):
        def request(self, *args: Any, **kwargs: Any) -> requests.Response:  # type: ignore[override]
            kwargs.setdefault("timeout", timeout)
            return super().request(*args, **kwargs)

    return TimeoutSession()
