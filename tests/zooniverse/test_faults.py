"""Panoptes failing: rate limits (429 + Retry-After), errors, slowness, a closed port."""

from __future__ import annotations

import time

import pytest
import requests

from query.connectors import (
    ArchiveError,
    ArchiveRefused,
    ArchiveTimeout,
    ArchiveUnreachable,
    QueryKind,
    SearchQuery,
    get_connector,
)
from tests.conftest import error_of
from tests.support.fault_server import closed_port_url
from tests.zooniverse.conftest import DATASET

pytestmark = pytest.mark.django_db
BASE = f"/api/v1/zooniverse/{DATASET}"
GALAXY = SearchQuery(QueryKind.KEYWORD, keyword="galaxy")


def test_panoptes_wants_its_media_type(panoptes):
    plain = requests.get(f"{panoptes.api_url}/projects", timeout=5)
    assert plain.status_code == 404
    typed = requests.get(f"{panoptes.api_url}/projects", timeout=5,
                         headers={"Accept": "application/vnd.api+json; version=1"})
    assert typed.status_code == 200 and "meta" in typed.json()


def test_429_is_retried_after_retry_after(api, zoo, panoptes):
    panoptes.inject("projects/1001", status=429, retry_after="1", times=2)
    started = time.monotonic()
    response = api.get(f"{BASE}/projects/1001/")
    assert response.status_code == 200, response.content
    assert time.monotonic() - started >= 2.0  # waited twice as told
    assert len([r for r in panoptes.requests if r[1] == "/api/projects/1001"]) == 3


def test_429_beyond_the_retries_is_503_with_retry_after(api, zoo, panoptes):
    panoptes.inject("projects/1001", status=429, retry_after="1", times=3)
    response = api.get(f"{BASE}/projects/1001/")
    assert response.status_code == 503
    error = error_of(response)
    assert error["code"] == "archive_rate_limited" and error["details"]["retry_after"] == 1
    assert response["Retry-After"] == "1"
    assert len([r for r in panoptes.requests if r[1] == "/api/projects/1001"]) == 3


def test_a_retry_after_longer_than_the_deadline_gives_up_at_once(zoo, panoptes):
    panoptes.inject("projects", status=429, retry_after="120", times=5)
    started = time.monotonic()
    with pytest.raises(ArchiveRefused) as raised:
        get_connector("zooniverse").search(zoo, GALAXY, 10, 5)
    assert time.monotonic() - started < 2
    assert raised.value.code == "archive_rate_limited"
    assert raised.value.details == {"retry_after": 120}


@pytest.mark.django_db(transaction=True)
def test_rate_limited_search_becomes_the_run_status(api, zoo, panoptes):
    panoptes.inject("projects", status=429, retry_after="60", times=5)
    body = api.post("/api/v1/searches/", {"keyword": "galaxy", "datasets": [DATASET],
                                          "wait": 20}, format="json").json()
    run = body["runs"][0]
    assert run["status"] == "error" and run["error"]["code"] == "archive_rate_limited"
    assert "try again in 60 s" in run["error"]["message"]


@pytest.mark.parametrize(("status", "code"), [(500, "archive_error"), (503, "archive_error")])
def test_server_errors_are_502(api, zoo, panoptes, status, code):
    panoptes.inject("workflows", status=status)
    response = api.get(f"{BASE}/projects/1001/workflows/")
    assert response.status_code == 502
    assert error_of(response)["code"] == code
    assert str(status) in error_of(response)["message"]


def test_slow_panoptes_is_504_in_the_api_and_timeout_in_a_search(api, zoo, panoptes):
    zoo.timeout = 1
    zoo.save()
    panoptes.inject("projects/1001", delay=3)
    response = api.get(f"{BASE}/projects/1001/")
    assert response.status_code == 504
    assert error_of(response)["code"] == "archive_timeout"
    panoptes.inject("projects", delay=3)
    with pytest.raises(ArchiveTimeout):
        get_connector("zooniverse").search(zoo, GALAXY, 10, 1)


@pytest.mark.django_db(transaction=True)
def test_failing_and_slow_searches_become_run_statuses(api, zoo, panoptes):
    panoptes.inject("projects", status=502)
    body = api.post("/api/v1/searches/", {"keyword": "galaxy", "datasets": [DATASET],
                                          "wait": 20}, format="json").json()
    assert body["runs"][0]["status"] == "error"
    assert body["runs"][0]["error"]["code"] == "archive_error"
    zoo.timeout = 1
    zoo.save()
    panoptes.inject("projects", delay=3)
    body = api.post("/api/v1/searches/", {"keyword": "galaxy", "datasets": [DATASET],
                                          "wait": 20}, format="json").json()
    assert body["runs"][0]["status"] == "timeout"


def test_unreachable_panoptes(zoo):
    zoo.service_url = closed_port_url()
    with pytest.raises(ArchiveUnreachable):
        get_connector("zooniverse").search(zoo, GALAXY, 10, 5)


def test_a_malformed_answer_is_an_archive_error(zoo, panoptes):
    zoo.service_url = f"{panoptes.base}/media"  # answers, but not Panoptes JSON
    with pytest.raises((ArchiveError, ArchiveRefused)):
        get_connector("zooniverse").search(zoo, GALAXY, 10, 5)
