"""Fixtures shared by the backend suites."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from rest_framework.test import APIClient

from esap import taskrunner
from query.services import dataset_cache
from query.services.configuration import load_archives

ROOT = Path(__file__).resolve().parent.parent
LOCAL_ARCHIVES = ROOT / "config" / "local-archives.json"
# The password of the local Rucio's service account (a test credential) for the rucio-lake
# dataset of local-archives.json, which reads it from the environment.
os.environ.setdefault("ESAP_RUCIO_PASSWORD", "esap-secret")


@pytest.fixture(autouse=True)
def _background_work_finishes_before_teardown():
    """Runs started in pool threads (e.g. by a re-run nobody waits for) must not write while
    the test database is flushed."""
    yield
    assert taskrunner.wait_idle(timeout=60), "background work still running after 60 s"


@pytest.fixture(autouse=True)
def _fresh_dataset_cache():
    """Test databases are flushed or rolled back without signals: no dataset outlives its
    test in the per-process cache."""
    dataset_cache.clear()
    yield
    dataset_cache.clear()


@pytest.fixture
def api() -> APIClient:
    return APIClient()


@pytest.fixture
def staff_api(django_user_model) -> APIClient:
    user = django_user_model.objects.create_user("staff", password="staff-pw", is_staff=True)
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def local_archives(db) -> None:
    """The archives and datasets of config/local-archives.json (local DaCHS + a broken one)."""
    load_archives(json.loads(LOCAL_ARCHIVES.read_text()))


def error_of(response) -> dict:
    """The platform's error body; fails the test if the response is not one."""
    body = response.json()
    assert set(body) == {"error"}, body
    assert {"code", "message"} <= set(body["error"]), body
    return body["error"]


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Pool threads keep their SQLite connections (esap.taskrunner), so the test database's
    WAL files outlive the database Django removed: remove them too."""
    from django.conf import settings

    name = settings.DATABASES["default"].get("TEST", {}).get("NAME")
    if name and not os.path.exists(name):
        for suffix in ("-wal", "-shm"):
            Path(name + suffix).unlink(missing_ok=True)
