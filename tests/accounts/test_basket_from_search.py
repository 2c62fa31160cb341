"""Adding stored search results to the basket (real federated searches on the local DaCHS)."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.accounts.conftest import listed
from tests.conftest import error_of

pytestmark = [pytest.mark.dachs, pytest.mark.django_db(transaction=True)]

FROM_SEARCH = "/api/v1/basket/items/from-search/"
CONE = {"ra": 155.0, "dec": 0.0, "radius": 0.5}


def search(client: APIClient, datasets: list[str]) -> dict:
    response = client.post("/api/v1/searches/", {"cone": CONE, "datasets": datasets,
                                                 "wait": 60}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["complete"], body
    return body


def rows_of(client: APIClient, search_id: str, dataset: str) -> list[dict]:
    return client.get(f"/api/v1/searches/{search_id}/results/",
                      {"dataset": dataset, "page_size": 1000}).json()["results"]


def test_rows_all_rows_and_the_query(alice_api, local_archives):
    found = search(alice_api, ["dachs-cat", "dachs-obscore"])
    rows = rows_of(alice_api, found["id"], "dachs-cat")
    assert len(rows) == 29
    picked = [rows[0]["id"], rows[1]["id"]]
    response = alice_api.post(FROM_SEARCH, {"search": found["id"], "dataset": "dachs-cat",
                                            "rows": picked}, format="json")
    assert response.status_code == 201 and response.json() == {"added": 2, "existing": 0}
    items = listed(alice_api)["results"]
    first = next(i for i in items if i["identifier"] == rows[0]["id"])
    assert first["item_type"] == "catalogue_row" and first["connector_type"] == "ivoa-tap"
    assert (first["dataset"], first["archive"]) == ("dachs-cat", "local-dachs")
    assert first["title"] == rows[0]["title"]
    assert first["metadata"]["ra"] == rows[0]["ra"]
    assert first["metadata"]["fields"] == rows[0]["fields"]
    assert first["metadata"]["search"] == found["id"]

    every = alice_api.post(FROM_SEARCH, {"search": found["id"], "dataset": "dachs-cat",
                                         "all_rows": True}, format="json")
    assert every.json() == {"added": 27, "existing": 2}
    products = alice_api.post(FROM_SEARCH, {"search": found["id"], "dataset": "dachs-obscore",
                                            "all_rows": True}, format="json").json()
    assert products["added"] == 3
    assert listed(alice_api, item_type="data_product")["count"] == 3
    product = listed(alice_api, item_type="data_product")["results"][0]
    assert product["metadata"]["access_url"]

    query = alice_api.post(FROM_SEARCH, {"search": found["id"], "dataset": "dachs-cat",
                                         "as_query": True}, format="json")
    assert query.json() == {"added": 1, "existing": 0}
    saved = listed(alice_api, item_type="query")["results"][0]
    assert saved["metadata"]["query"]["cone"] == CONE
    assert "CIRCLE" in saved["metadata"]["query_text"].upper()
    assert saved["metadata"]["row_count"] == 29
    # The same query from a re-run search is the same item.
    again = search(alice_api, ["dachs-cat"])
    assert alice_api.post(FROM_SEARCH, {"search": again["id"], "dataset": "dachs-cat",
                                        "as_query": True}, format="json").json() == {
        "added": 0, "existing": 1}


def test_bad_requests(alice_api, local_archives):
    found = search(alice_api, ["dachs-cat"])
    base = {"search": found["id"], "dataset": "dachs-cat"}
    for body, field in (({**base}, "rows"),
                        ({**base, "rows": ["1"], "all_rows": True}, "rows"),
                        ({**base, "dataset": "dachs-obscore", "all_rows": True}, "dataset"),
                        ({**base, "rows": ["no-such-row", "nor-this"]}, "rows")):
        response = alice_api.post(FROM_SEARCH, body, format="json")
        assert response.status_code == 400, body
        assert error_of(response)["field"] == field
    unknown = alice_api.post(FROM_SEARCH, {**base, "rows": ["no-such-row"]}, format="json")
    assert error_of(unknown)["details"] == {"unknown": ["no-such-row"]}
    missing = alice_api.post(FROM_SEARCH, {**base, "search": "00000000-0000-0000-0000-"
                                                             "000000000000", "all_rows": True},
                             format="json")
    assert missing.status_code == 404
    assert listed(alice_api)["count"] == 0


def test_other_users_searches_cannot_be_added(alice_api, bob_api, local_archives):
    found = search(alice_api, ["dachs-cat"])
    response = bob_api.post(FROM_SEARCH, {"search": found["id"], "dataset": "dachs-cat",
                                          "all_rows": True}, format="json")
    assert response.status_code == 404
    assert listed(bob_api)["count"] == 0


def test_anonymous_browser_adds_from_its_search_then_logs_in(alice, local_archives):
    from tests.accounts.conftest import PASSWORD

    browser = APIClient()
    browser.get("/")  # the SPA page: CSRF cookie, so searches are kept in the session
    found = search(browser, ["dachs-cat"])
    response = browser.post(FROM_SEARCH, {"search": found["id"], "dataset": "dachs-cat",
                                          "all_rows": True}, format="json")
    assert response.json() == {"added": 29, "existing": 0}
    login = browser.post("/api/v1/auth/login/", {"username": "alice", "password": PASSWORD},
                         format="json")
    assert login.json()["basket_count"] == 29
