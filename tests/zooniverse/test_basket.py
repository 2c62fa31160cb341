"""Zooniverse items in the basket: project rows of a search, explicit items (validated)."""

from __future__ import annotations

import pytest

from tests.conftest import error_of
from tests.zooniverse.conftest import DATASET

ITEMS = "/api/v1/basket/items/"


@pytest.mark.django_db(transaction=True)
def test_rows_of_a_zooniverse_search_become_project_items(api, zoo):
    search = api.post("/api/v1/searches/", {"keyword": "galaxy", "datasets": [DATASET],
                                            "wait": 20}, format="json").json()
    assert search["runs"][0]["status"] == "ok"
    response = api.post("/api/v1/basket/items/from-search/", {
        "search": search["id"], "dataset": DATASET, "rows": ["project:1001", "project:1002"]},
        format="json")
    assert response.status_code == 201, response.content
    items = {i["identifier"]: i for i in api.get(ITEMS).json()["results"]}
    assert set(items) == {"1001", "1002"}
    galaxy_zoo = items["1001"]
    assert galaxy_zoo["item_type"] == "zooniverse_project"
    assert galaxy_zoo["connector_type"] == "zooniverse" and galaxy_zoo["archive"] == "zooniverse"
    assert galaxy_zoo["title"] == "Galaxy Zoo"
    meta = galaxy_zoo["metadata"]
    assert meta["project_id"] == 1001 and meta["slug"] == "zookeeper/galaxy-zoo"
    assert meta["access_url"].endswith("/projects/zookeeper/galaxy-zoo")
    assert meta["thumbnail"].endswith("/media/project_avatar/1001-avatar.jpeg")


@pytest.mark.django_db
@pytest.mark.parametrize("item_type", ["zooniverse_project", "zooniverse_workflow",
                                       "zooniverse_subject_set", "zooniverse_subject"])
def test_explicit_zooniverse_items(api, zoo, item_type):
    response = api.post(ITEMS, {"item_type": item_type, "dataset": DATASET,
                                "identifier": "80001", "title": "Subject 80001",
                                "metadata": {"project_id": 1001, "thumbnail": "x"}},
                        format="json")
    assert response.status_code == 201, response.content
    assert response.json()["items"][0]["item_type"] == item_type


@pytest.mark.django_db
@pytest.mark.parametrize(("item", "field"), [
    ({"item_type": "zooniverse_subject", "dataset": "dachs-cat", "identifier": "1"},
     "item_type"),
    ({"item_type": "zooniverse_subject", "dataset": DATASET, "identifier": "abc"},
     "identifier"),
    ({"item_type": "zooniverse_project", "dataset": DATASET, "identifier": "0"}, "identifier"),
    ({"item_type": "zooniverse_workflow", "dataset": DATASET, "identifier": "-1"},
     "identifier"),
])
def test_explicit_zooniverse_items_are_validated(api, zoo, item, field):
    response = api.post(ITEMS, item, format="json")
    assert response.status_code == 400, response.content
    assert error_of(response)["field"] == field
    many = api.post(ITEMS, {"items": [item]}, format="json")
    assert error_of(many)["field"] == f"items[0].{field}"
