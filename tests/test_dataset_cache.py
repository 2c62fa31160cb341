"""Searches pick their datasets from a short-lived per-process cache: staff edits made in this
process apply at once; edits made elsewhere (no signal here) within ESAP_DATASET_CACHE_SECONDS."""

from __future__ import annotations

import pytest

from query.connectors import SearchQuery
from query.models import Dataset
from query.services import dataset_cache
from query.services.searches import select_datasets

pytestmark = [pytest.mark.django_db(transaction=True)]
CONE = {"ra": 155.0, "dec": 0.0, "radius": 0.5}


def test_a_dataset_disabled_by_staff_is_refused_at_once(api, staff_api, local_archives):
    ok = api.post("/api/v1/searches/", {"datasets": ["broken-refused"], "cone": CONE},
                  format="json")
    assert ok.status_code == 201
    assert staff_api.patch("/api/v1/datasets/broken-refused/", {"enabled": False},
                           format="json").status_code == 200
    refused = api.post("/api/v1/searches/", {"datasets": ["broken-refused"], "cone": CONE},
                       format="json")
    assert refused.status_code == 400
    assert refused.json()["error"]["details"]["unknown"] == ["broken-refused"]
    assert "broken-refused" not in [d.slug for d in select_datasets(None, query())]


def test_an_edit_from_another_process_applies_within_the_bound(local_archives, settings,
                                                                monkeypatch):
    settings.ESAP_DATASET_CACHE_SECONDS = 10
    now = [1000.0]  # the cache's clock, moved by hand
    monkeypatch.setattr(dataset_cache.time, "monotonic", lambda: now[0])
    before = select_datasets(["dachs-cat"], query())[0]
    # .update() sends no signal: like a save in another gunicorn worker.
    Dataset.objects.filter(slug="dachs-cat").update(timeout=7)
    now[0] += 9.9
    assert select_datasets(["dachs-cat"], query())[0].timeout == before.timeout
    now[0] += 0.2
    assert select_datasets(["dachs-cat"], query())[0].timeout == 7


def test_callers_get_their_own_copies(local_archives):
    first = select_datasets(["dachs-cat"], query())[0]
    first.options = {"mode": "async"}
    assert select_datasets(["dachs-cat"], query())[0].options != {"mode": "async"}
    assert dataset_cache.searchable_datasets()["dachs-cat"] is not first


def query() -> SearchQuery:
    return SearchQuery.from_json({"kind": "cone", "cone": CONE})
