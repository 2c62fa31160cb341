"""The basket API: idempotent adds, filters, notes, removal, limits, exports, anonymous
baskets merged at login."""

from __future__ import annotations

import csv
import io
import json

import pytest
from astropy.io.votable import parse_single_table
from rest_framework.test import APIClient

from accounts.models import BasketItem
from accounts.services import basket as basket_service
from tests.accounts.conftest import PASSWORD, add, item, listed
from tests.conftest import error_of

pytestmark = pytest.mark.django_db

ITEMS = "/api/v1/basket/items/"


def test_adding_is_idempotent(alice_api, datasets):
    first = add(alice_api, item("42", notes="bright"))
    assert first.status_code == 201
    body = first.json()
    assert (body["added"], body["existing"]) == (1, 0)
    stored = body["items"][0]
    assert stored["dataset"] == "cat-a" and stored["archive"] == "arch"
    assert stored["connector_type"] == "ivoa-tap" and stored["notes"] == "bright"
    assert stored["metadata"] == {"ra": 10.5, "dec": -3.25}
    again = add(alice_api, item("42", title="other title")).json()
    assert (again["added"], again["existing"]) == (0, 1)
    assert again["items"][0]["id"] == stored["id"]
    assert again["items"][0]["title"] == "Source 42"  # kept as it was
    assert listed(alice_api)["count"] == 1
    # The same identifier in another dataset or as another type is another item.
    more = add(alice_api, item("42", dataset="cat-b"), item("42", item_type="data_product"))
    assert more.json()["added"] == 2


def test_adding_many_reports_added_and_existing_in_order(alice_api, datasets):
    add(alice_api, item("2"))
    body = add(alice_api, item("1"), item("2"), item("3"), item("1")).json()
    assert (body["added"], body["existing"]) == (2, 1)
    assert [i["identifier"] for i in body["items"]] == ["1", "2", "3"]
    assert listed(alice_api)["count"] == 3


def test_invalid_items_add_nothing(alice_api, datasets):
    response = add(alice_api, item("1"), item("2", dataset="no-such-dataset"))
    assert response.status_code == 400
    assert error_of(response)["field"] == "items[1].dataset"
    bad_type = add(alice_api, item("1", item_type="planet"))
    assert bad_type.status_code == 400 and error_of(bad_type)["field"] == "item_type"
    big = add(alice_api, item("1", metadata={"blob": "x" * 70_000}))
    assert big.status_code == 400 and error_of(big)["field"] == "metadata"
    too_many = add(alice_api, *[item(str(i)) for i in range(1001)])
    assert too_many.status_code == 400 and error_of(too_many)["field"] == "items"
    empty = alice_api.post(ITEMS, {"items": []}, format="json")
    assert empty.status_code == 400
    assert listed(alice_api)["count"] == 0


def test_list_is_newest_first_paged_and_filtered(alice_api, datasets):
    add(alice_api, *[item(str(i)) for i in range(5)])
    add(alice_api, item("q", dataset="cat-b", item_type="query"))
    page = listed(alice_api, page_size=4)
    assert page["count"] == 6 and page["next"] and len(page["results"]) == 4
    assert page["results"][0]["identifier"] == "q"
    assert [i["identifier"] for i in listed(alice_api, dataset="cat-a")["results"]] == [
        "4", "3", "2", "1", "0"]
    assert listed(alice_api, item_type="query")["count"] == 1
    assert listed(alice_api, item_type="data_product")["count"] == 0
    beyond = alice_api.get(ITEMS, {"page": 9})
    assert beyond.status_code == 400 and error_of(beyond)["field"] == "page"


def test_notes_remove_and_clear(alice_api, datasets):
    ids = [i["id"] for i in add(alice_api, item("1"), item("2"), item("3")).json()["items"]]
    changed = alice_api.patch(f"{ITEMS}{ids[0]}/", {"notes": "check the photometry"},
                              format="json")
    assert changed.status_code == 200 and changed.json()["notes"] == "check the photometry"
    assert alice_api.get(f"{ITEMS}{ids[0]}/").json()["notes"] == "check the photometry"
    assert alice_api.patch(f"{ITEMS}{ids[0]}/", {}, format="json").status_code == 400
    assert alice_api.delete(f"{ITEMS}{ids[1]}/").status_code == 204
    assert alice_api.delete(f"{ITEMS}{ids[1]}/").status_code == 404
    assert listed(alice_api)["count"] == 2
    assert alice_api.delete(ITEMS).status_code == 204
    assert listed(alice_api)["count"] == 0


def test_the_limit_is_a_409_and_nothing_is_partially_added(alice_api, datasets, settings):
    settings.ESAP_BASKET_LIMIT = 3
    add(alice_api, item("1"), item("2"))
    response = add(alice_api, item("2"), item("3"), item("4"))
    assert response.status_code == 409
    error = error_of(response)
    assert error["code"] == "basket_full"
    assert error["details"] == {"limit": 3, "count": 2, "adding": 2}
    assert sorted(i["identifier"] for i in listed(alice_api)["results"]) == ["1", "2"]
    # Items already there are still fine to "add"; one more fits.
    assert add(alice_api, item("1")).status_code == 201
    assert add(alice_api, item("3")).json()["added"] == 1
    assert add(alice_api, item("4")).status_code == 409


def test_anonymous_baskets_are_limited_separately(datasets, settings):
    settings.ESAP_ANONYMOUS_BASKET_LIMIT = 2
    browser = APIClient()
    add(browser, item("1"), item("2"))
    assert add(browser, item("3")).status_code == 409


def test_exports_parse_back(alice_api, datasets):
    add(alice_api, item("1", notes='a "quoted", note'), item("2", metadata={}),
        item("ü-3", title="Ünïcode ☆"))
    exported = alice_api.get("/api/v1/basket/export/", {"format": "json"},
                             HTTP_ACCEPT="application/json")
    assert exported.status_code == 200
    assert exported["Content-Disposition"].startswith('attachment; filename="esap-basket-')
    data = json.loads(b"".join(exported.streaming_content))
    assert [i["identifier"] for i in data["items"]] == ["ü-3", "2", "1"]
    assert data["items"][2]["notes"] == 'a "quoted", note'

    as_csv = alice_api.get("/api/v1/basket/export/", {"format": "csv"}, HTTP_ACCEPT="text/csv")
    assert as_csv.status_code == 200 and as_csv["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(as_csv.streaming_content).decode())))
    assert [r["identifier"] for r in rows] == ["ü-3", "2", "1"]
    assert rows[2]["notes"] == 'a "quoted", note' and float(rows[2]["ra"]) == 10.5
    assert rows[1]["ra"] == "" and json.loads(rows[0]["metadata"])["dec"] == -3.25

    as_vot = alice_api.get("/api/v1/basket/export/", {"format": "votable"},
                           HTTP_ACCEPT="application/x-votable+xml")
    assert as_vot.status_code == 200
    table = parse_single_table(io.BytesIO(b"".join(as_vot.streaming_content))).to_table()
    assert list(table["identifier"]) == ["ü-3", "2", "1"]
    assert str(table["title"][0]) == "Ünïcode ☆"
    assert table["ra"].unit == "deg" and float(table["ra"][2]) == 10.5
    assert str(table["dataset"][0]) == "cat-a"

    only_b = alice_api.get("/api/v1/basket/export/", {"format": "json", "dataset": "cat-b"})
    assert json.loads(b"".join(only_b.streaming_content))["items"] == []
    bad = alice_api.get("/api/v1/basket/export/", {"format": "fits"})
    assert bad.status_code == 400 and error_of(bad)["field"] == "format"


def test_empty_basket_exports(alice_api, datasets):
    for fmt in ("json", "csv", "votable"):
        response = alice_api.get("/api/v1/basket/export/", {"format": fmt})
        assert response.status_code == 200, fmt
    table = parse_single_table(io.BytesIO(b"".join(response.streaming_content))).to_table()
    assert len(table) == 0


def test_anonymous_basket_is_merged_into_the_users_at_login(alice, alice_api, datasets):
    add(alice_api, item("1"), item("2", notes=""))
    browser = APIClient()
    assert listed(browser)["count"] == 0  # no session yet: empty, nothing created
    add(browser, item("2", notes="from the anonymous session"), item("3"))
    assert listed(browser)["count"] == 2
    session_key = browser.session.session_key
    response = browser.post("/api/v1/auth/login/", {"username": "alice", "password": PASSWORD},
                            format="json")
    assert response.status_code == 200 and response.json()["basket_count"] == 3
    results = listed(browser)["results"]
    assert sorted(i["identifier"] for i in results) == ["1", "2", "3"]
    assert {i["identifier"]: i["notes"] for i in results}["2"] == "from the anonymous session"
    assert not BasketItem.objects.filter(session_key=session_key).exists()
    # Idempotent: merging the (now empty) session again changes nothing.
    assert basket_service.merge_session_basket(session_key, alice) == 0
    assert listed(alice_api)["count"] == 3
    # After logout the browser has a fresh, empty anonymous basket.
    browser.post("/api/v1/auth/logout/")
    assert listed(browser)["count"] == 0


def test_merge_keeps_everything_even_beyond_the_limit(alice, alice_api, datasets, settings):
    settings.ESAP_BASKET_LIMIT = 2
    add(alice_api, item("1"), item("2"))
    browser = APIClient()
    add(browser, item("3"))
    browser.post("/api/v1/auth/login/", {"username": "alice", "password": PASSWORD},
                 format="json")
    assert listed(browser)["count"] == 3
    assert add(browser, item("4")).status_code == 409


def test_items_survive_their_dataset(alice_api, datasets):
    add(alice_api, item("1"))
    datasets[0].delete()
    kept = listed(alice_api)["results"][0]
    assert (kept["dataset"], kept["archive"], kept["identifier"]) == ("cat-a", "arch", "1")
    assert BasketItem.objects.get().dataset_id is None


def test_purge_removes_items_of_ended_anonymous_sessions(alice_api, datasets):
    from django.contrib.sessions.models import Session
    from django.core.management import call_command

    browser = APIClient()
    add(browser, item("1"))
    add(alice_api, item("1"))
    Session.objects.filter(session_key=browser.session.session_key).delete()
    call_command("purge_anonymous_baskets", verbosity=0)
    assert BasketItem.objects.filter(owner__isnull=True).count() == 0
    assert listed(alice_api)["count"] == 1
