"""Export benchmark: 1,000,000 rows of tapstudy.big as VOTable through the gateway vs directly.

A search with raw ADQL `SELECT * FROM tapstudy.big` on a dataset with a small row_limit (the
search itself keeps 10 rows; the API caps a cone's radius at 90 degrees, so raw ADQL is the way
to ask for the whole table), then GET /api/v1/searches/<id>/export/?dataset=big&format=votable
streamed to nowhere, while the serving gunicorn worker's VmRSS is sampled every 50 ms (and its
VmHWM read at the end). The baseline, interleaved: the same POST DaCHS /tap/sync with requests
(stream=True) and exactly the parameters and Accept-Encoding the gateway sends (captured by a
pass-through proxy on a 5-row probe export).

Targets: throughput >= 0.8x the direct download; peak worker RSS < 150 MB (MB = 10^6 bytes
throughout, as in the DaCHS notes: 54,669,332 bytes = 54.7 MB).

    .venv/bin/python bench/export.py [--quick] [--repeat 3]
"""

from __future__ import annotations

import argparse
import threading
import time
import urllib.parse
from typing import Any

import requests
from common import (
    DACHS_TAP,
    MB,
    BenchError,
    EsapServer,
    archive_config,
    check_dachs,
    check_runs,
    delay_proxy,
    install_bounds,
    kib_to_mb,
    log,
    median,
    post_search,
    proc_status_kb,
    run_main,
    table,
    tap_dataset,
    verdict,
    write_result,
)

ADQL = "SELECT * FROM tapstudy.big"
EXPECTED_ROWS = 1_000_000
TARGET_RATIO = 0.8
TARGET_RSS_MB = 150
CHUNK = 65536
SAMPLE_S = 0.05


class RssSampler(threading.Thread):
    """VmRSS of one process every 50 ms while a download runs."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.samples: list[int] = []
        self.stop_event = threading.Event()

    def run(self) -> None:
        while not self.stop_event.is_set():
            rss = proc_status_kb(self.pid, "VmRSS")
            if rss is not None:
                self.samples.append(rss)
            self.stop_event.wait(SAMPLE_S)

    def stop(self) -> int:
        self.stop_event.set()
        self.join(timeout=5)
        return max(self.samples, default=0)


def download(response: requests.Response, started: float) -> dict[str, Any]:
    """Read a streamed response to the end; bytes after decoding, time to first byte."""
    total = 0
    first = None
    tail = b""
    try:
        if response.status_code != 200:
            raise BenchError(f"download failed: HTTP {response.status_code} "
                             f"{response.text[:500]}")
        for chunk in response.iter_content(CHUNK):
            if first is None:
                first = time.perf_counter() - started
            total += len(chunk)
            tail = (tail + chunk)[-4096:]
    finally:
        response.close()
    seconds = time.perf_counter() - started
    if b"</VOTABLE>" not in tail:
        raise BenchError("the VOTable is incomplete (no closing </VOTABLE>)")
    return {"bytes": total, "seconds": seconds, "ttfb_s": first or seconds,
            "mb_s": total / MB / seconds, "overflow": b'"OVERFLOW"' in tail,
            "content_type": response.headers.get("Content-Type", ""),
            "content_encoding": response.headers.get("Content-Encoding", "")}


def gateway_export(session: requests.Session, url: str, search_id: str, slug: str,
                   worker: int) -> dict[str, Any]:
    before = proc_status_kb(worker, "VmRSS") or 0
    sampler = RssSampler(worker)
    sampler.start()
    started = time.perf_counter()
    try:
        response = session.get(f"{url}/api/v1/searches/{search_id}/export/",
                               params={"dataset": slug, "format": "votable"},
                               stream=True, timeout=(5, 120))
        result = download(response, started)
    finally:
        peak = sampler.stop()
    result.update({"rss_before_mb": kib_to_mb(before), "rss_peak_sampled_mb": kib_to_mb(peak),
                   "rss_after_mb": kib_to_mb(proc_status_kb(worker, "VmRSS")),
                   "hwm_mb": kib_to_mb(proc_status_kb(worker, "VmHWM")),
                   "samples": len(sampler.samples)})
    return result


def direct_export(session: requests.Session, params: dict[str, str],
                  headers: dict[str, str]) -> dict[str, Any]:
    started = time.perf_counter()
    response = session.post(f"{DACHS_TAP}/sync", data=params, headers=headers, stream=True,
                            timeout=(5, 120))
    return download(response, started)


def capture_export_request(session: requests.Session, esap_url: str, proxy: str,
                           ) -> tuple[dict[str, str], dict[str, str]]:
    """Export a 5-row query through the pass-through proxy; return the /sync parameters and
    request headers the gateway sent."""
    search = post_search(session, esap_url, {"datasets": ["probe"],
                                             "adql": "SELECT TOP 5 * FROM tapstudy.big",
                                             "wait": 60})
    check_runs(search)
    response = session.get(f"{esap_url}/api/v1/searches/{search['id']}/export/",
                           params={"dataset": "probe", "format": "votable"}, timeout=60)
    if response.status_code != 200:
        raise BenchError(f"probe export: HTTP {response.status_code} {response.text[:300]}")
    last = requests.get(f"{proxy}/_stats", timeout=10).json()["last"]
    if not last or not str(last.get("path", "")).endswith("/sync"):
        raise BenchError(f"probe export: unexpected last upstream request {last}")
    fields = urllib.parse.parse_qs(last.get("body") or last.get("query") or "",
                                   keep_blank_values=True)
    params = {key: values[-1] for key, values in fields.items()}
    headers = {k: v for k, v in (last.get("headers") or {}).items()
               if k.lower() in ("accept-encoding", "accept")}
    return params, headers


def main() -> None:
    parser = argparse.ArgumentParser(description="Streaming export of 1M rows as VOTable via "
                                                 "the gateway vs directly from DaCHS.")
    parser.add_argument("--repeat", type=int, default=3,
                        help="downloads each, interleaved (default 3)")
    parser.add_argument("--threads", type=int, default=32, help="gunicorn threads (32)")
    parser.add_argument("--warmup", type=int, default=1,
                        help="unmeasured direct downloads first (default 1: DaCHS and "
                             "PostgreSQL caches warm for both paths)")
    parser.add_argument("--quick", action="store_true", help="1 download each")
    parser.add_argument("--max-seconds", type=float, default=900,
                        help="hard bound on the whole run (default 900)")
    args = parser.parse_args()
    if args.quick:
        args.repeat = 1
    args.repeat = max(1, min(args.repeat, 20))
    install_bounds(args.max_seconds)
    check_dachs()

    gateway: list[dict[str, Any]] = []
    direct: list[dict[str, Any]] = []
    with delay_proxy("export") as proxy:
        proxy_port = int(proxy.rsplit(":", 1)[1])
        config = archive_config([
            tap_dataset("big", DACHS_TAP, "tapstudy.big", row_limit=10, timeout=120),
            tap_dataset("probe", f"{proxy}/delay/0/tap", "tapstudy.big", row_limit=10,
                        timeout=120)])
        with EsapServer("export", config, threads=args.threads,
                        exclude_ports=[proxy_port]) as server:
            api = requests.Session()
            params, headers = capture_export_request(api, server.url, proxy)
            params["QUERY"] = ADQL
            log(f"gateway sends /sync {({k: v for k, v in params.items() if k != 'QUERY'})} "
                f"with {headers}")
            search = post_search(api, server.url, {"datasets": ["big"], "adql": ADQL,
                                                   "wait": 60})
            check_runs(search)
            worker = server.worker_pid()
            log(f"gunicorn worker pid {worker}: VmRSS "
                f"{kib_to_mb(proc_status_kb(worker, 'VmRSS')):.1f} MB before the exports")
            direct_session = requests.Session()
            for i in range(max(0, min(args.warmup, 5))):
                log(f"warm-up download {i + 1}/{args.warmup}")
                direct_export(direct_session, params, headers)
            for rep in range(args.repeat):
                order = ("direct", "gateway") if rep % 2 == 0 else ("gateway", "direct")
                for what in order:
                    log(f"{what} download {rep + 1}/{args.repeat}")
                    if what == "direct":
                        direct.append(direct_export(direct_session, params, headers))
                    else:
                        gateway.append(gateway_export(api, server.url, search["id"], "big",
                                                      worker))

    g_mb_s = median([r["mb_s"] for r in gateway])
    d_mb_s = median([r["mb_s"] for r in direct])
    ratio = g_mb_s / d_mb_s
    peak_sampled = max(r["rss_peak_sampled_mb"] for r in gateway)
    hwm = max(r["hwm_mb"] for r in gateway)
    peak = max(peak_sampled, hwm)
    ok_ratio = ratio >= TARGET_RATIO
    ok_rss = peak < TARGET_RSS_MB
    sizes = {r["bytes"] for r in gateway} | {r["bytes"] for r in direct}

    def row(label: str, runs: list[dict[str, Any]]) -> list[Any]:
        return [label, f"{median([r['bytes'] for r in runs]):,.0f}",
                f"{median([r['ttfb_s'] for r in runs]):.2f} s",
                f"{median([r['seconds'] for r in runs]):.2f} s",
                f"{median([r['mb_s'] for r in runs]):.2f}"]

    print()
    fmt = params.get("FORMAT", params.get("RESPONSEFORMAT"))
    print(f"EXPORT: {ADQL} ({EXPECTED_ROWS:,} rows) as VOTable, {args.repeat} interleaved "
          f"download(s) each after {args.warmup} warm-up, medians; "
          f"MAXREC={params.get('MAXREC')}, FORMAT={fmt}")
    print(table(["path", "bytes", "first byte", "seconds", "MB/s"], [
        row("gateway: GET /api/v1/searches/<id>/export/", gateway),
        row("direct: POST DaCHS /tap/sync, stream=True (baseline)", direct)]))
    print(f"throughput ratio gateway/direct: {ratio:.2f}x   "
          f"(same size: {'yes' if len(sizes) == 1 else f'NO {sorted(sizes)}'}; "
          f"archive OVERFLOW marker: {'yes' if gateway[0]['overflow'] else 'no'})")
    print(f"gunicorn worker RSS: before {gateway[0]['rss_before_mb']:.1f} MB, peak sampled "
          f"every {SAMPLE_S * 1000:.0f} ms {peak_sampled:.1f} MB "
          f"({sum(r['samples'] for r in gateway)} samples), VmHWM {hwm:.1f} MB, after "
          f"{gateway[-1]['rss_after_mb']:.1f} MB")
    print(verdict(ok_ratio, f"throughput {ratio:.2f}x >= {TARGET_RATIO}x direct"))
    print(verdict(ok_rss, f"peak RSS {peak:.1f} MB < {TARGET_RSS_MB} MB"))
    path = write_result("export", {
        "repeat": args.repeat, "adql": ADQL,
        "params": {k: v for k, v in params.items() if k != "QUERY"}, "headers": headers,
        "gateway_mb_s": g_mb_s, "direct_mb_s": d_mb_s, "ratio": ratio,
        "peak_rss_mb": peak, "peak_rss_sampled_mb": peak_sampled, "vmhwm_mb": hwm,
        "target_ratio_met": ok_ratio, "target_rss_met": ok_rss,
        "gateway": gateway, "direct": direct})
    print(f"results: {path}")


if __name__ == "__main__":
    run_main(main)
