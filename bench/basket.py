"""Basket benchmark: a page of 100 items out of a 10,000-item basket, read with an API token.

A private ESAP (embedded profile, fresh SQLite, gunicorn) gets a user (`createsuperuser
--noinput`), which signs in like the SPA (session + CSRF), creates a read-write token and a read
token, and fills its basket through the API (`POST /api/v1/basket/items/`, 1,000 items per
request). Then, interleaved, after warm-up, --requests times each:

- page: `GET /api/v1/basket/items/?page_size=100&page=N` with `Authorization: Bearer <read
  token>`, N cycling over all 100 pages (deep offsets included), each answer checked (count
  10,000, 100 items);
- health (the baseline): `GET /api/health/` (one `SELECT 1`, no authentication), the cheapest
  request the same server answers.

Prints p50/p95/p99 of both, the ratios page/health, and the target line (p95 < 50 ms).

    .venv/bin/python bench/basket.py [--quick] [--requests 300] [--items 10000]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import time

import requests
from common import (
    DACHS_TAP,
    PYTHON,
    ROOT,
    BenchError,
    EsapServer,
    archive_config,
    install_bounds,
    log,
    median,
    run_main,
    table,
    tap_dataset,
    verdict,
    write_result,
)

PAGE_SIZE = 100
BATCH = 1000
TARGET_P95_S = 0.050
USERNAME = "bench"
PASSWORD = "bench-password-not-secret-4711"  # a throwaway account on a throwaway server
SLUG = "cat"


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))]


def create_user(server: EsapServer) -> None:
    env = {**server.env(), "DJANGO_SUPERUSER_PASSWORD": PASSWORD}
    done = subprocess.run([PYTHON, "manage.py", "createsuperuser", "--noinput", "--username",
                           USERNAME, "--email", "bench@example.org"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    if done.returncode != 0:
        raise BenchError(f"createsuperuser failed:\n{done.stdout}{done.stderr}")


def sign_in_and_make_tokens(url: str) -> tuple[str, str]:
    """Like the SPA: session GET (CSRF cookie), login, then tokens from the session."""
    browser = requests.Session()
    browser.get(f"{url}/api/v1/auth/session/", timeout=10).raise_for_status()
    login = browser.post(f"{url}/api/v1/auth/login/", timeout=10,
                         json={"username": USERNAME, "password": PASSWORD},
                         headers={"X-CSRFToken": browser.cookies["csrftoken"]})
    if login.status_code != 200:
        raise BenchError(f"login -> {login.status_code}: {login.text[:300]}")
    secrets = []
    for scope in ("read-write", "read"):
        created = browser.post(f"{url}/api/v1/tokens/", timeout=10,
                               json={"name": f"bench {scope}", "scope": scope,
                                     "expires_in_days": 1},
                               headers={"X-CSRFToken": browser.cookies["csrftoken"]})
        if created.status_code != 201:
            raise BenchError(f"token -> {created.status_code}: {created.text[:300]}")
        secrets.append(created.json()["token"])
    return secrets[0], secrets[1]


def fill_basket(url: str, token: str, items: int) -> float:
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token}"
    started = time.perf_counter()
    for first in range(0, items, BATCH):
        batch = [{"item_type": "catalogue_row", "dataset": SLUG, "identifier": str(i),
                  "title": f"Source {i}", "metadata": {
                      "ra": (i * 0.036) % 360, "dec": -30 + (i % 600) / 10,
                      "fields": {"mag": 15 + (i % 50) / 10, "name": f"SRC-{i:06d}"}}}
                 for i in range(first, min(first + BATCH, items))]
        response = session.post(f"{url}/api/v1/basket/items/", json={"items": batch},
                                timeout=120)
        if response.status_code != 201 or response.json()["added"] != len(batch):
            raise BenchError(f"filling the basket -> {response.status_code}: "
                             f"{response.text[:300]}")
    return time.perf_counter() - started


def get_page(session: requests.Session, url: str, page: int, items: int) -> float:
    started = time.perf_counter()
    response = session.get(f"{url}/api/v1/basket/items/",
                           params={"page_size": PAGE_SIZE, "page": page}, timeout=30)
    elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise BenchError(f"basket page {page} -> {response.status_code}: {response.text[:300]}")
    body = response.json()
    if body["count"] != items or len(body["results"]) != min(PAGE_SIZE, items):
        raise BenchError(f"basket page {page}: count {body['count']}, "
                         f"{len(body['results'])} items")
    return elapsed


def get_health(session: requests.Session, url: str) -> float:
    started = time.perf_counter()
    response = session.get(f"{url}/api/health/", timeout=30)
    elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise BenchError(f"health -> {response.status_code}: {response.text[:300]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description="A page of 100 of a 10,000-item basket with "
                                                 "an API token, vs GET /api/health/.")
    parser.add_argument("--requests", type=int, default=400,
                        help="measured requests each (default 400, at least 200)")
    parser.add_argument("--warmup", type=int, default=20, help="warm-up requests each (20)")
    parser.add_argument("--items", type=int, default=10_000, help="basket size (10000)")
    parser.add_argument("--threads", type=int, default=32, help="gunicorn threads (32)")
    parser.add_argument("--quick", action="store_true", help="200 requests, 10 warm-up")
    parser.add_argument("--max-seconds", type=float, default=600,
                        help="hard bound on the whole run (default 600)")
    args = parser.parse_args()
    if args.quick:
        args.requests, args.warmup = 200, 10
    args.requests = max(200, min(args.requests, 10_000))
    pages = max(1, -(-args.items // PAGE_SIZE))
    install_bounds(args.max_seconds)

    config = archive_config([tap_dataset(SLUG, DACHS_TAP)])
    server = EsapServer("basket", config, threads=args.threads,
                        extra_env={"ESAP_THROTTLE_USER": "10000000/hour"})
    page_times: list[float] = []
    health_times: list[float] = []
    with server:
        create_user(server)
        writer, reader = sign_in_and_make_tokens(server.url)
        log(f"filling a basket of {args.items} items ({BATCH} per request)")
        fill_s = fill_basket(server.url, writer, args.items)
        api = requests.Session()
        api.headers["Authorization"] = f"Bearer {reader}"
        plain = requests.Session()
        log(f"warm-up: {args.warmup} request(s) each")
        for i in range(args.warmup):
            get_page(api, server.url, 1 + i % pages, args.items)
            get_health(plain, server.url)
        log(f"measuring: {args.requests} interleaved requests each")
        for i in range(args.requests):
            page = 1 + (i * 37) % pages  # every page, deep offsets included, in mixed order
            if i % 2 == 0:
                page_times.append(get_page(api, server.url, page, args.items))
                health_times.append(get_health(plain, server.url))
            else:
                health_times.append(get_health(plain, server.url))
                page_times.append(get_page(api, server.url, page, args.items))

    stats = {name: {"p50": median(v), "p95": percentile(v, 95), "p99": percentile(v, 99)}
             for name, v in (("page", page_times), ("health", health_times))}
    ok = stats["page"]["p95"] < TARGET_P95_S
    print()
    print(f"BASKET: GET a page of {PAGE_SIZE} from a basket of {args.items} items with a read "
          f"token (pages 1-{pages}), {args.requests} interleaved requests each after "
          f"{args.warmup} warm-up; basket filled through the API in {fill_s:.1f} s")
    print(table(["request", "p50", "p95", "p99"], [
        [label, *(f"{stats[key][p] * 1000:.1f} ms" for p in ("p50", "p95", "p99"))]
        for label, key in ((f"basket page of {PAGE_SIZE} (token)", "page"),
                           ("GET /api/health/ (baseline)", "health"))]))
    ratios = {p: stats["page"][p] / stats["health"][p] for p in ("p50", "p95")}
    print(f"ratio page/health: p50 {ratios['p50']:.2f}x   p95 {ratios['p95']:.2f}x   "
          f"(page minus health, p50: {(stats['page']['p50'] - stats['health']['p50']) * 1000:.1f}"
          f" ms)")
    print(verdict(ok, f"p95 {stats['page']['p95'] * 1000:.1f} ms < "
                      f"{TARGET_P95_S * 1000:.0f} ms"))
    path = write_result("basket", {
        "requests": args.requests, "warmup": args.warmup, "items": args.items,
        "page_size": PAGE_SIZE, "fill_s": fill_s, "target_p95_s": TARGET_P95_S,
        "target_met": ok, "stats_s": stats, "ratios": ratios,
        "cores": os.cpu_count(), "page_s": page_times, "health_s": health_times})
    print(f"results: {path}")


if __name__ == "__main__":
    run_main(main)
