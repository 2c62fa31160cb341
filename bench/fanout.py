"""Fan-out benchmark: one federated cone search over N TAP datasets with known latencies.

Every dataset is tapstudy.cat on the local DaCHS behind bench/delay_proxy.py, each with its own
added delay (spread evenly over --min-delay..--max-delay ms; N = 1 uses the largest). Measured
in the same run, interleaved, --repeat times (medians):

- wall: POST /api/v1/searches/ {datasets: N slugs, cone, wait} until it answers complete;
- baselines, the same ADQL (taken from the run's query_text) and MAXREC with pyvo directly
  through the same proxy: each dataset alone ("slowest" = the slowest dataset alone, "sum" =
  the sum of the N individual latencies = a serial fan-out) and all N at once from a thread
  pool ("parallel direct": the same upstream contention as the gateway meets).

Two upstream modes (same run, same server): "live", every query reaches DaCHS (N datasets
share one 2-core DaCHS, which becomes the bottleneck at N = 16), and "replay", the proxy
answers a repeated identical query from memory after the delay (N independent archives with
exactly known latency: what the gateway itself adds).

Target: wall <= slowest + 100 ms for every N (the 2022 platform was serial: wall ~ sum).

    .venv/bin/python bench/fanout.py [--quick] [--counts 1,4,16] [--repeat 7]
"""

from __future__ import annotations

import argparse
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from typing import Any

import pyvo
import requests
from common import (
    CONE,
    CONE_ROWS,
    BenchError,
    EsapServer,
    archive_config,
    check_dachs,
    check_runs,
    delay_proxy,
    fmt_ms,
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
TARGET_MARGIN_S = 0.100


def delays_for(count: int, low: int, high: int) -> list[int]:
    if count == 1:
        return [high]
    return [round(low + (high - low) * i / (count - 1)) for i in range(count)]


MODES = {"live": "delay", "replay": "replay"}
MODE_TITLES = {
    "live": "live upstream: every query goes through the proxy to the one shared DaCHS",
    "replay": "replayed upstream: independent archives (DaCHS's answer recorded once, "
              "replayed after the delay)",
}


def slug_for(mode: str, delay_ms: int) -> str:
    return f"{mode}-{delay_ms}"


def fallback_adql() -> str:
    return ("SELECT * FROM tapstudy.cat WHERE 1 = CONTAINS(POINT('ICRS', ra, dec), "
            f"CIRCLE('ICRS', {CONE['ra']}, {CONE['dec']}, {CONE['radius']}))")


def esap_wall(session: requests.Session, url: str, slugs: list[str], wait: float,
              ) -> tuple[float, dict[str, Any]]:
    started = time.perf_counter()
    search = post_search(session, url, {"datasets": slugs, "cone": CONE, "wait": wait},
                         timeout=wait + 30)
    wall = time.perf_counter() - started
    check_runs(search, CONE_ROWS)
    return wall, search


def direct_latency(service: pyvo.dal.TAPService, adql: str, maxrec: int) -> float:
    started = time.perf_counter()
    result = service.run_sync(adql, maxrec=maxrec)
    elapsed = time.perf_counter() - started
    if len(result) != CONE_ROWS:
        raise BenchError(f"direct query returned {len(result)} rows, expected {CONE_ROWS}")
    return elapsed


def parallel_direct(pool: ThreadPoolExecutor, services: list[pyvo.dal.TAPService],
                    adql: list[str], maxrec: int) -> float:
    """The N direct pyvo queries at once from a thread pool: an ideal client-side fan-out
    that meets the same upstream contention as the gateway."""
    started = time.perf_counter()
    list(pool.map(lambda job: direct_latency(job[0], job[1], maxrec),
                  zip(services, adql, strict=True)))
    return time.perf_counter() - started


def last_start_ms(search: dict[str, Any]) -> float:
    """How long after the search was stored its last run was claimed by a pool thread."""
    created = datetime.fromisoformat(search["created"])
    return max((datetime.fromisoformat(r["started_at"]) - created).total_seconds() * 1000
               for r in search["runs"])


def proxy_counts(proxy: str) -> dict[str, int]:
    return requests.get(f"{proxy}/_stats", timeout=10).json()["requests"]


def report(mode: str, counts: list[int], plan: dict[int, list[int]],
           data: dict[str, Any], repeat: int) -> tuple[bool, list[dict[str, Any]]]:
    alone = {d: median(v) for d, v in data["alone"].items()}
    rows, results, all_ok = [], [], True
    for n in counts:
        wall = median(data["walls"][n])
        slowest = alone[max(plan[n])]
        total = sum(alone[d] for d in plan[n])
        parallel = median(data["parallel"][n])
        ok = wall <= slowest + TARGET_MARGIN_S
        all_ok &= ok
        rows.append([n, fmt_ms(wall), fmt_ms(slowest), fmt_ms(total),
                     f"{wall / slowest:.2f}x", f"{wall / total:.2f}x",
                     f"{(wall - slowest) * 1000:+.0f} ms", "yes" if ok else "NO",
                     fmt_ms(parallel), f"{wall / parallel:.2f}x"])
        results.append({"n": n, "delays_ms": plan[n], "wall_s": wall, "slowest_s": slowest,
                        "sum_s": total, "parallel_direct_s": parallel,
                        "ratio_to_slowest": wall / slowest, "ratio_to_sum": wall / total,
                        "ratio_to_parallel_direct": wall / parallel, "target_met": ok,
                        "walls_s": data["walls"][n], "parallel_direct_runs_s": data["parallel"][n],
                        "slowest_run_elapsed_ms": data["server_ms"][n],
                        "last_run_start_ms": data["last_start_ms"][n]})
    print()
    print(f"[{mode}] {MODE_TITLES[mode]}")
    print(table(["N", "wall", "slowest alone", "sum alone", "wall/slowest", "wall/sum",
                 "wall-slowest", "<=slowest+100ms", "parallel direct", "wall/parallel"],
                rows))
    print(f"[{mode}] server side (medians): last run claimed after "
          + ", ".join(f"N={n}: {median(data['last_start_ms'][n]):.0f} ms" for n in counts)
          + "; longest run " + ", ".join(f"N={n}: {median(data['server_ms'][n]):.0f} ms"
                                         for n in counts))
    extra = {d: c for d, c in data["per_run"].items() if c != 1}
    print(f"[{mode}] upstream requests per dataset run: "
          f"{'1 for every dataset' if not extra else extra}")
    print(f"[{mode}] " + verdict(all_ok, "wall <= slowest + 100 ms for N = "
                                 + ", ".join(str(n) for n in counts)))
    return all_ok, results


def main() -> None:
    parser = argparse.ArgumentParser(description="Federated fan-out wall time vs the slowest "
                                                 "dataset and vs the serial sum.")
    parser.add_argument("--counts", default="1,4,16", help="dataset counts N (default 1,4,16)")
    parser.add_argument("--modes", default="live,replay",
                        help="live (every query hits DaCHS) and/or replay (independent "
                             "archives); default both")
    parser.add_argument("--min-delay", type=int, default=100, help="ms (default 100)")
    parser.add_argument("--max-delay", type=int, default=400, help="ms (default 400)")
    parser.add_argument("--repeat", type=int, default=7, help="repetitions (default 7)")
    parser.add_argument("--warmup", type=int, default=2, help="warm-up rounds (default 2)")
    parser.add_argument("--threads", type=int, default=32, help="gunicorn threads (32)")
    parser.add_argument("--quick", action="store_true", help="3 repetitions, 1 warm-up")
    parser.add_argument("--max-seconds", type=float, default=900,
                        help="hard bound on the whole run (default 900)")
    args = parser.parse_args()
    if args.quick:
        args.repeat, args.warmup = 3, 1
    counts = [int(c) for c in args.counts.split(",") if c.strip()]
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    if not counts or min(counts) < 1 or max(counts) > 64:
        parser.error("--counts: between 1 and 64 datasets")
    if not modes or any(m not in MODES for m in modes):
        parser.error("--modes: live and/or replay")
    if not 0 <= args.min_delay <= args.max_delay <= 10000:
        parser.error("delays: 0 <= --min-delay <= --max-delay <= 10000 ms")
    args.repeat = max(1, min(args.repeat, 100))
    install_bounds(args.max_seconds)
    check_dachs()

    plan = {n: delays_for(n, args.min_delay, args.max_delay) for n in counts}
    all_delays = sorted({d for delays in plan.values() for d in delays})
    wait = min(60.0, 30 + args.max_delay / 1000 * 4)  # bounded by the datasets' timeout
    maxrec = ROW_LIMIT + 1  # what the connector sends (it asks for one row more)

    with delay_proxy("fanout") as proxy, ThreadPoolExecutor(max(counts)) as pool:
        proxy_port = int(proxy.rsplit(":", 1)[1])
        config = archive_config([
            tap_dataset(slug_for(m, d), f"{proxy}/{MODES[m]}/{d}/tap", row_limit=ROW_LIMIT,
                        timeout=30)
            for m in modes for d in all_delays])
        with EsapServer("fanout", config, threads=args.threads,
                        exclude_ports=[proxy_port]) as server:
            api = requests.Session()
            pyvo_session = timeout_session()
            services = {(m, d): pyvo.dal.TAPService(f"{proxy}/{MODES[m]}/{d}/tap",
                                                    session=pyvo_session)
                        for m in modes for d in all_delays}
            adql: dict[tuple[str, int], str] = {}
            data: dict[str, dict[str, Any]] = {}
            for m in modes:
                every = [slug_for(m, d) for d in all_delays]
                # Warm-up (also records the replayed answers); learn the exact ADQL the
                # connector sends for each dataset.
                log(f"[{m}] warm-up ({args.warmup} round(s)) over {len(all_delays)} datasets")
                for _ in range(args.warmup):
                    _, search = esap_wall(api, server.url, every, wait)
                    for run in search["runs"]:
                        delay = int(run["dataset"].rsplit("-", 1)[1])
                        adql[m, delay] = run.get("query_text") or fallback_adql()
                    for d in all_delays:
                        direct_latency(services[m, d], adql[m, d], maxrec)
                # Upstream requests per dataset run (a connector making extra calls pays
                # the added latency more than once).
                before = proxy_counts(proxy)
                esap_wall(api, server.url, every, wait)
                after = proxy_counts(proxy)
                key = MODES[m]
                data[m] = {
                    "per_run": {d: after.get(f"{key}/{d}", 0) - before.get(f"{key}/{d}", 0)
                                for d in all_delays},
                    "walls": {n: [] for n in counts}, "server_ms": {n: [] for n in counts},
                    "last_start_ms": {n: [] for n in counts},
                    "parallel": {n: [] for n in counts}, "alone": {d: [] for d in all_delays}}

            for rep in range(args.repeat):
                log(f"repetition {rep + 1}/{args.repeat}")
                for m in modes:
                    d_m = data[m]
                    for d in all_delays:
                        d_m["alone"][d].append(direct_latency(services[m, d], adql[m, d],
                                                              maxrec))
                    for n in counts:
                        wall, search = esap_wall(api, server.url,
                                                 [slug_for(m, d) for d in plan[n]], wait)
                        d_m["walls"][n].append(wall)
                        d_m["server_ms"][n].append(
                            max(r["elapsed_ms"] or 0 for r in search["runs"]))
                        d_m["last_start_ms"][n].append(last_start_ms(search))
                        d_m["parallel"][n].append(parallel_direct(
                            pool, [services[m, d] for d in plan[n]],
                            [adql[m, d] for d in plan[n]], maxrec))

    print()
    print(f"FAN-OUT: one cone search over N TAP datasets (tapstudy.cat, {CONE_ROWS} rows each) "
          f"behind a proxy adding {args.min_delay}-{args.max_delay} ms; medians of "
          f"{args.repeat} interleaved repetitions")
    print("wall = POST /api/v1/searches/ with wait, until complete. Baselines, the same ADQL "
          "and MAXREC with pyvo directly through the same proxy: each dataset alone "
          "(slowest, sum = a serial fan-out) and all N at once from a thread pool "
          "(parallel direct)")
    summary: dict[str, Any] = {"repeat": args.repeat, "counts": counts, "modes": {}}
    overall = True
    for m in modes:
        ok, results = report(m, counts, plan, data[m], args.repeat)
        overall &= ok
        summary["modes"][m] = {
            "results": results, "target_met": ok,
            "alone_median_s": {str(d): median(v) for d, v in data[m]["alone"].items()},
            "upstream_requests_per_run": {str(d): c for d, c in data[m]["per_run"].items()}}
    summary["target_met"] = overall
    path = write_result("fanout", summary)
    print(f"results: {path}")


if __name__ == "__main__":
    run_main(main)
