"""Overhead benchmark: one single-dataset cone search through ESAP vs pyvo directly.

Cone (155, 0, 0.5) on tapstudy.cat (29 rows) on the local DaCHS, no proxy. Interleaved (the
order alternates every run), after warm-up, --runs times each:

- api: POST /api/v1/searches/ {datasets: [cat], cone, wait, include_results: 50}: one round
  trip that answers with the statuses and the first page of rows (what a script does);
- direct (the baseline): the same ADQL (the run's query_text) and MAXREC with pyvo's
  TAPService.run_sync on a requests session;
- raw: the same POST to DaCHS /tap/sync with requests, body read, no parsing (the archive's own
  floor, to show what is archive time and what is client or gateway work).

Prints medians and the ratio api/direct (target <= 1.2; the 2022 platform: 1.31) and a
breakdown of where the api time goes (from the run's stored timestamps and timings).

    .venv/bin/python bench/overhead.py [--quick] [--runs 50]
"""

from __future__ import annotations

import argparse
import json
import time
from datetime import datetime
from typing import Any

import pyvo
import requests
from common import (
    BENCH_DIR,
    CONE,
    CONE_ROWS,
    DACHS_TAP,
    BenchError,
    EsapServer,
    archive_config,
    check_dachs,
    check_runs,
    install_bounds,
    log,
    median,
    post_search,
    run_main,
    table,
    tap_dataset,
    timeout_session,
    verdict,
    write_result,
)

ROW_LIMIT = 1000
TARGET_RATIO = 1.2
SLUG = "cat"


def api_query(session: requests.Session, url: str) -> tuple[float, dict[str, float], str]:
    started = time.perf_counter()
    search = post_search(session, url, {"datasets": [SLUG], "cone": CONE, "wait": 30,
                                        "include_results": 50}, timeout=60)
    posted = done = time.perf_counter()
    check_runs(search, CONE_ROWS)
    if len(search.get("results", [])) != CONE_ROWS:
        raise BenchError(f"expected {CONE_ROWS} rows in the answer, got "
                         f"{len(search.get('results', []))}")
    run = search["runs"][0]
    created = datetime.fromisoformat(search["created"])
    run_started = datetime.fromisoformat(run["started_at"])
    run_finished = datetime.fromisoformat(run["finished_at"])
    timings = run.get("timings") or {}
    parts = {
        "post_ms": (posted - started) * 1000,
        "dispatch_ms": (run_started - created).total_seconds() * 1000,
        "run_ms": (run_finished - run_started).total_seconds() * 1000,
        "archive_ms": float(timings.get("archive_ms", float("nan"))),
        "parse_ms": float(timings.get("parse_ms", float("nan"))),
        "normalize_ms": float(timings.get("normalize_ms", 0.0)),
    }
    parts["store_ms"] = (parts["run_ms"] - parts["archive_ms"] - parts["parse_ms"]
                         - parts["normalize_ms"])
    parts["post_rest_ms"] = parts["post_ms"] - (run_finished - created).total_seconds() * 1000
    return done - started, parts, run.get("query_text") or ""


def direct_query(service: pyvo.dal.TAPService, adql: str) -> float:
    started = time.perf_counter()
    result = service.run_sync(adql, maxrec=ROW_LIMIT + 1)
    elapsed = time.perf_counter() - started
    if len(result) != CONE_ROWS:
        raise BenchError(f"direct query returned {len(result)} rows, expected {CONE_ROWS}")
    return elapsed


def raw_query(session: requests.Session, adql: str) -> float:
    started = time.perf_counter()
    response = session.post(f"{DACHS_TAP}/sync", data={
        "REQUEST": "doQuery", "LANG": "ADQL", "QUERY": adql, "MAXREC": str(ROW_LIMIT + 1)},
        timeout=(5, 60))
    body = response.content
    elapsed = time.perf_counter() - started
    if response.status_code != 200 or b"<TABLE" not in body:
        raise BenchError(f"raw query failed: HTTP {response.status_code} {body[:300]!r}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description="One cone search through the ESAP API vs the "
                                                 "same ADQL with pyvo directly.")
    parser.add_argument("--runs", type=int, default=50, help="measured runs each (default 50)")
    parser.add_argument("--warmup", type=int, default=5, help="warm-up runs each (default 5)")
    parser.add_argument("--threads", type=int, default=32, help="gunicorn threads (32)")
    parser.add_argument("--debug", action="store_true",
                        help="run the server with DEBUG=1 (default: DEBUG=0)")
    parser.add_argument("--profile", choices=["auto", "always", "never"], default="auto",
                        help="server-side timing pass (bench/timing_hooks.py) after the "
                             "measurement: auto = only when the target is missed")
    parser.add_argument("--profile-runs", type=int, default=30,
                        help="runs of the timing pass (default 30)")
    parser.add_argument("--quick", action="store_true", help="20 runs, 3 warm-up")
    parser.add_argument("--max-seconds", type=float, default=600,
                        help="hard bound on the whole run (default 600)")
    args = parser.parse_args()
    if args.quick:
        args.runs, args.warmup = 20, 3
    args.runs = max(20, min(args.runs, 1000))
    install_bounds(args.max_seconds)
    check_dachs()

    config = archive_config([tap_dataset(SLUG, DACHS_TAP, row_limit=ROW_LIMIT, timeout=30)])
    api_times: list[float] = []
    direct_times: list[float] = []
    raw_times: list[float] = []
    pair_ratios: list[float] = []
    parts: dict[str, list[float]] = {}
    with EsapServer("overhead", config, threads=args.threads, debug=args.debug) as server:
        api = requests.Session()
        pyvo_session = timeout_session()
        raw_session = requests.Session()
        service = pyvo.dal.TAPService(DACHS_TAP, session=pyvo_session)
        log(f"warm-up: {args.warmup} run(s) each")
        adql = ""
        for _ in range(args.warmup):
            _, _, adql = api_query(api, server.url)
            direct_query(service, adql)
            raw_query(raw_session, adql)
        if not adql:
            raise BenchError("the run reported no query_text: cannot build the baseline")
        log(f"measuring: {args.runs} interleaved runs each")
        for i in range(args.runs):
            order = ("api", "direct", "raw") if i % 2 == 0 else ("direct", "raw", "api")
            measured: dict[str, float] = {}
            for what in order:
                if what == "api":
                    measured["api"], run_parts, _ = api_query(api, server.url)
                    for key, value in run_parts.items():
                        parts.setdefault(key, []).append(value)
                elif what == "direct":
                    measured["direct"] = direct_query(service, adql)
                else:
                    measured["raw"] = raw_query(raw_session, adql)
            api_times.append(measured["api"])
            direct_times.append(measured["direct"])
            raw_times.append(measured["raw"])
            pair_ratios.append(measured["api"] / measured["direct"])

    api_med, direct_med, raw_med = median(api_times), median(direct_times), median(raw_times)
    ratio = api_med / direct_med
    ok = ratio <= TARGET_RATIO
    print()
    print(f"OVERHEAD: cone (155, 0, 0.5) on tapstudy.cat ({CONE_ROWS} rows), {args.runs} "
          f"interleaved runs each after {args.warmup} warm-up, server DEBUG="
          f"{int(args.debug)}")
    print(f"ADQL: {adql}")
    print(table(["path", "median", "p10", "p90"], [
        [label, f"{median(v) * 1000:.1f} ms", f"{pct(v, 10) * 1000:.1f} ms",
         f"{pct(v, 90) * 1000:.1f} ms"]
        for label, v in (("api: POST wait + include_results", api_times),
                         ("direct: pyvo run_sync (baseline)", direct_times),
                         ("raw: requests POST /tap/sync, no parsing", raw_times))]))
    print(f"ratio api/direct (medians): {ratio:.2f}x   median of per-run ratios: "
          f"{median(pair_ratios):.2f}x   api/raw: {api_med / raw_med:.2f}x")
    print("where the api time goes (medians, ms):")
    breakdown = [[key, f"{median(values):.1f}"] for key, values in parts.items()]
    print(table(["part", "ms"], breakdown))
    print("  post = POST until the answer with rows; dispatch = search stored -> run "
          "claimed; run = claimed -> stored (archive = HTTP to DaCHS incl. body, parse, "
          "normalize, store = SQLite writes); post_rest = POST minus (created -> finished): "
          "HTTP, middleware, validation, response serialization")
    print(verdict(ok, f"median ratio {ratio:.2f} <= {TARGET_RATIO}"))
    profile: dict[str, Any] = {}
    if args.profile == "always" or (args.profile == "auto" and not ok):
        profile = profile_pass(config, args)
    path = write_result("overhead", {"server_profile_median_ms": profile,
        "runs": args.runs, "warmup": args.warmup, "debug": args.debug, "adql": adql,
        "api_median_s": api_med, "direct_median_s": direct_med, "raw_median_s": raw_med,
        "ratio": ratio, "median_pair_ratio": median(pair_ratios), "target": TARGET_RATIO,
        "target_met": ok, "breakdown_median_ms": {k: median(v) for k, v in parts.items()},
        "api_s": api_times, "direct_s": direct_times, "raw_s": raw_times})
    print(f"results: {path}")


def profile_pass(config: dict[str, Any], args: argparse.Namespace) -> dict[str, Any]:
    """Run the same api query on a second server whose worker times its own steps
    (bench/timing_hooks.py) and print the medians: where the gateway's time goes."""
    log(f"timing pass: {args.profile_runs} api runs on a server with timing hooks")
    server = EsapServer("overhead-profile", config, threads=args.threads, debug=args.debug,
                        gunicorn_args=["-c", str(BENCH_DIR / "timing_hooks.py")])
    timings_file = server.var_dir / "timings.json"
    server.extra_env = {"ESAP_BENCH_TIMINGS": str(timings_file)}
    client: list[float] = []
    with server:
        session = requests.Session()
        for i in range(args.warmup + args.profile_runs):
            elapsed, _, _ = api_query(session, server.url)
            if i >= args.warmup:
                client.append(elapsed * 1000)
        time.sleep(0.2)
        if not timings_file.exists():
            print("timing pass: no timings written (hooks not loaded?)")
            return {}
        summary = json.loads(timings_file.read_text())
    print()
    print(f"SERVER-SIDE TIMING PASS ({args.profile_runs} api runs + {args.warmup} warm-up; "
          f"medians over all calls; client api median {median(client):.1f} ms)")
    rows = [[label, values["n"], f"{values['median']:.2f}"]
            for label, values in sorted(summary.items())]
    print(table(["step", "calls", "median ms"], rows))
    summary["client_api_median_ms"] = median(client)
    return summary


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))]


if __name__ == "__main__":
    run_main(main)
