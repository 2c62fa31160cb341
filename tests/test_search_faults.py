"""A federated search over healthy and misbehaving archives: every archive gets its own status,
the healthy ones answer, nothing fails as a whole, no internals leak into responses."""

from __future__ import annotations

import json

import pytest

from query.models import Archive, Dataset
from tests.support.fault_server import closed_port_url, fault_server  # noqa: F401 (fixture)

pytestmark = [pytest.mark.dachs, pytest.mark.django_db(transaction=True)]

CONE = {"ra": 155.0, "dec": 0.0, "radius": 0.5}
FAULTS = {
    "refused": (lambda server: closed_port_url(), "error", "archive_unreachable"),
    "hang": (lambda server: server.url("hang"), "timeout", "archive_timeout"),
    "http-500": (lambda server: server.url("status", "500"), "error", "archive_error"),
    "error-votable": (lambda server: server.url("error-votable", "internal"), "error", None),
    "truncated": (lambda server: server.url("truncated"), "error", None),
    "unfinished": (lambda server: server.url("unfinished"), "error", None),
    "garbage": (lambda server: server.url("garbage"), "error", "archive_error"),
    "slow-ok": (lambda server: server.url("slow", "0.5"), "ok", None),
}


@pytest.fixture
def faulty_datasets(local_archives, fault_server):  # noqa: F811
    archive = Archive.objects.create(slug="faults", name="Misbehaving archives")
    for slug, (url, _, _) in FAULTS.items():
        Dataset.objects.create(archive=archive, slug=f"fault-{slug}", name=slug,
                               connector_type="ivoa-tap", service_url=url(fault_server),
                               resource="tapstudy.cat",
                               parameter_mapping={"ra": "ra", "dec": "dec"}, timeout=2)
    return fault_server


def test_misbehaving_archives_never_hold_or_break_the_others(api, faulty_datasets):
    datasets = ["dachs-cat", "dachs-scs", *(f"fault-{slug}" for slug in FAULTS)]
    response = api.post("/api/v1/searches/", {"cone": CONE, "datasets": datasets, "wait": 30},
                        format="json")
    assert response.status_code == 201
    body = response.json()
    runs = {run["dataset"]: run for run in body["runs"]}
    assert body["complete"] is True
    assert (runs["dachs-cat"]["status"], runs["dachs-cat"]["row_count"]) == ("ok", 29)
    assert (runs["dachs-scs"]["status"], runs["dachs-scs"]["row_count"]) == ("ok", 29)
    for slug, (_, status, code) in FAULTS.items():
        run = runs[f"fault-{slug}"]
        assert run["status"] == status, (slug, run)
        if status != "ok":
            assert run["error"]["message"], slug
            if code:
                assert run["error"]["code"] == code, (slug, run["error"])
    assert runs["fault-slow-ok"]["row_count"] == 3
    # The hanging archive timed out within its own bound, not the search's wait.
    assert runs["fault-hang"]["elapsed_ms"] < 10_000
    # Whatever archives said, no stack trace or server path reaches the client.
    text = json.dumps(body)
    assert "Traceback" not in text and "/srv/archive" not in text and "/work/" not in text
    rows = api.get(f"/api/v1/searches/{body['id']}/results/", {"page_size": 100}).json()
    assert rows["count"] == 29 + 29 + 3


def test_the_archives_error_message_is_shown(api, faulty_datasets):
    response = api.post("/api/v1/searches/", {"cone": CONE, "datasets": ["fault-error-votable"],
                                              "wait": 30}, format="json")
    run = response.json()["runs"][0]
    assert run["status"] == "error"
    assert "internal" in run["error"]["message"].lower()


def test_export_from_a_failing_archive_is_a_clear_gateway_error(api, faulty_datasets):
    response = api.post("/api/v1/searches/", {"cone": CONE, "datasets": ["fault-http-500",
                                                                          "fault-refused"],
                                              "wait": 30}, format="json")
    search_id = response.json()["id"]
    for slug in ("fault-http-500", "fault-refused"):
        export = api.get(f"/api/v1/searches/{search_id}/export/",
                         {"dataset": f"{slug}", "format": "votable"})
        assert export.status_code == 502, slug
        error = export.json()["error"]
        assert error["code"].startswith("archive_") and error["message"]
