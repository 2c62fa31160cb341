"""The scaled profile over HTTP: gunicorn (several processes) + Celery workers on Redis +
PostgreSQL, against the real local DaCHS. Started by tests/system/run-scaled.sh."""

from __future__ import annotations

import csv
import io
import os
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

pytestmark = pytest.mark.system

BASE = os.environ.get("ESAP_SYSTEM_URL", "http://127.0.0.1:28001")
CONE = {"ra": 155.0, "dec": 0.0, "radius": 0.5}


@pytest.fixture(scope="module")
def http() -> requests.Session:
    session = requests.Session()
    session.headers["Accept"] = "application/json"
    return session


def post_search(http: requests.Session, **body) -> dict:
    response = http.post(f"{BASE}/api/v1/searches/", json=body, timeout=90)
    assert response.status_code == 201, response.text
    return response.json()


def test_health_reports_postgresql_and_the_broker(http):
    body = http.get(f"{BASE}/api/health/", timeout=10).json()
    assert body["status"] == "ok"
    assert body["database"] == {"ok": True, "detail": "postgresql"}
    assert body["broker"]["ok"] is True
    assert body["task_runner"] == "celery"


def test_federated_cone_search_runs_on_celery_workers(http):
    search = post_search(http, cone=CONE, wait=60)
    runs = {run["dataset"]: run for run in search["runs"]}
    assert search["complete"] is True
    assert runs["dachs-cat"]["status"] == "ok" and runs["dachs-cat"]["row_count"] == 29
    assert runs["dachs-scs"]["status"] == "ok" and runs["dachs-scs"]["row_count"] == 29
    assert runs["broken-refused"]["status"] == "error"
    assert runs["broken-refused"]["error"]["code"] == "archive_unreachable"
    # Any gunicorn process serves the stored state and pages.
    again = http.get(f"{BASE}/api/v1/searches/{search['id']}/", timeout=10).json()
    assert again["totals"] == search["totals"]


def test_pages_come_from_stored_rows_and_sort(http):
    search = post_search(http, cone=CONE, datasets=["dachs-cat"], wait=60)
    url = f"{BASE}/api/v1/searches/{search['id']}/results/"
    seen, page = [], 1
    while True:
        body = http.get(url, params={"page": page, "page_size": 10, "ordering": "-ra"},
                        timeout=10).json()
        seen.extend(body["results"])
        if not body["next"]:
            break
        page += 1
    assert len(seen) == body["count"] == 29
    ras = [row["ra"] for row in seen]
    assert ras == sorted(ras, reverse=True)
    assert len({row["id"] for row in seen}) == 29


def test_overflow_is_reported_not_silent(http):
    search = post_search(http, cone=CONE, datasets=["dachs-cat"], row_limit=10, wait=60)
    run = search["runs"][0]
    assert run["status"] == "overflow" and run["overflow"] is True and run["row_count"] == 10


def test_export_streams_the_full_result_as_csv(http):
    search = post_search(http, cone={"ra": 10.0, "dec": 20.0, "radius": 1.0},
                         datasets=["dachs-big"], row_limit=10, wait=60)
    assert search["runs"][0]["status"] == "overflow"
    response = http.get(f"{BASE}/api/v1/searches/{search['id']}/export/",
                        params={"dataset": "dachs-big", "format": "csv"}, timeout=60)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    rows = [r for r in csv.reader(io.StringIO(response.text)) if r and not r[0].startswith("#")]
    assert len(rows) - 1 == 76  # header + the full 76 rows, not the 10 kept for paging


def test_parallel_searches_across_processes(http):
    def one(_: int) -> dict:
        return post_search(http, cone=CONE, datasets=["dachs-cat", "dachs-scs"], wait=60)

    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(one, range(6)))
    for search in results:
        assert search["complete"] and search["totals"]["rows"] == 58


def test_bad_input_is_a_json_400_naming_the_field(http):
    response = http.post(f"{BASE}/api/v1/searches/",
                         json={"cone": {"ra": 10, "dec": 95, "radius": 1}}, timeout=10)
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "cone.dec"
    response = http.get(f"{BASE}/api/v1/searches/not-a-search/", timeout=10)
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


def test_rucio_staging_progress_is_refreshed_by_celery_workers(http):
    """A script with an API token stages a data lake DID; while it polls, the progress is
    refreshed by Celery workers (reads only dispatch the refresh) until the rule is OK."""
    import subprocess
    import sys
    import time
    from pathlib import Path

    from tests.rucio.conftest import DRIVER

    auth = {"Authorization": f"Bearer {os.environ['ESAP_SYSTEM_TOKEN']}"}
    found = post_search(http, datasets=["rucio-lake"], wait=30, include_results=10,
                        did={"pattern": "test:test_dataset*", "type": "dataset"})
    assert "test:test_dataset_small" in {row["id"] for row in found["results"]}
    response = http.post(f"{BASE}/api/v1/rucio/staging/", headers=auth, timeout=60, json={
        "dataset": "rucio-lake", "destination": "site-b", "dids": ["test:test_dataset_small"]})
    assert response.status_code == 201, response.text
    body = response.json()
    rule_id = body["items"][0]["rule_id"]
    subprocess.run([sys.executable, str(Path(DRIVER)), "--timeout", "90", rule_id], check=True,
                   capture_output=True, timeout=150)
    deadline, state = time.monotonic() + 30, body["state"]
    while state != "done" and time.monotonic() < deadline:
        time.sleep(0.5)
        state = http.get(f"{BASE}/api/v1/rucio/staging/{body['id']}/", headers=auth,
                         timeout=30).json()["state"]
    assert state == "done"
    other = http.get(f"{BASE}/api/v1/rucio/staging/{body['id']}/", timeout=30)
    assert other.status_code in (401, 403)  # anonymous: not even its existence


def test_zooniverse_projects_and_an_export_followed_by_celery_workers(http):
    """Keyword search reaches the (recorded) Zooniverse; a project owner signs in to
    Zooniverse through ESAP, requests a classification export, and Celery workers follow it
    until it is ready to download."""
    import time

    auth = {"Authorization": f"Bearer {os.environ['ESAP_SYSTEM_TOKEN']}"}
    found = post_search(http, datasets=["zooniverse", "dachs-cat"], keyword="galaxy", wait=30,
                        include_results=50)
    runs = {run["dataset"]: run for run in found["runs"]}
    assert runs["zooniverse"]["status"] == "ok" and runs["zooniverse"]["row_count"] > 0
    assert runs["dachs-cat"]["status"] == "not_applicable"
    signed = http.post(f"{BASE}/api/v1/zooniverse/zooniverse/account/", headers=auth,
                       json={"login": "owner", "password": "owner-pw"}, timeout=30)
    assert signed.status_code == 200, signed.text
    requested = http.post(f"{BASE}/api/v1/zooniverse/zooniverse/projects/1001/exports/",
                          headers=auth, json={"kind": "classifications"}, timeout=30)
    assert requested.status_code == 202, requested.text
    export = requested.json()
    deadline = time.monotonic() + 60
    while export["state"] == "pending" and time.monotonic() < deadline:
        time.sleep(1)
        export = http.get(f"{BASE}/api/v1/zooniverse/exports/{export['id']}/", headers=auth,
                          timeout=30).json()
    assert export["state"] == "ready", export
    download = http.get(f"{BASE}/api/v1/zooniverse/exports/{export['id']}/download/",
                        headers=auth, timeout=30)
    assert download.status_code == 200 and download.text.startswith("classification_id")
