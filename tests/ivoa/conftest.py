"""Fixtures of the IVOA connector tests: the local DaCHS, datasets, the fault server."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import pytest
import requests

from query.models import Archive, Dataset
from tests.support.fault_server import fault_server  # noqa: F401  (fixture)

DACHS = os.environ.get("ESAP_DACHS_URL", "http://127.0.0.1:28080").rstrip("/")
TAP = f"{DACHS}/tap"
SCS = f"{DACHS}/tapstudy/q/cone/scs.xml"
SIA = f"{DACHS}/tapstudy/q/sia/siap.xml"


@pytest.fixture(scope="session")
def dachs() -> str:
    """The local DaCHS; a test needing it fails (never skips) when it is not up."""
    try:
        answer = requests.get(f"{TAP}/availability", timeout=(2, 5))
    except requests.RequestException as exc:
        pytest.fail(f"DaCHS is not reachable at {DACHS} ({exc}); run "
                    f"tests/services/setup-dachs.sh")
    if "<avl:available>true" not in answer.text:
        pytest.fail(f"DaCHS at {DACHS} says it is not available")
    return DACHS


@pytest.fixture
def make_dataset(db) -> Callable[..., Dataset]:
    """Create a Dataset (and its Archive) with the given fields."""
    archive, _ = Archive.objects.get_or_create(slug="ivoa-tests", defaults={"name": "IVOA tests"})
    counter = {"n": 0}

    def make(connector_type: str = "ivoa-tap", service_url: str = TAP, **fields: Any) -> Dataset:
        counter["n"] += 1
        fields.setdefault("slug", f"ivoa-test-{counter['n']}")
        fields.setdefault("name", fields["slug"])
        return Dataset.objects.create(archive=archive, connector_type=connector_type,
                                      service_url=service_url, **fields)

    return make
