"""Staging against the real Rucio server: replication rules to a destination next to compute,
progress from Rucio (rules pushed to OK by the mock-transfer daemons), idempotency, cancel,
and the errors users meet (Rucio's own names kept)."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

import pytest

from rucio_connector.models import StagingRequest
from tests.conftest import error_of
from tests.rucio.conftest import RUCIO, drive_transfers, rucio_session

pytestmark = [pytest.mark.rucio, pytest.mark.django_db(transaction=True)]
STAGING = "/api/v1/rucio/staging/"


def stage(client, **body):
    body = {"dataset": "rucio-lake", "destination": "compute-near", **body}
    return client.post(STAGING, body, format="json")


def rule_in_rucio(rule_id: str) -> dict | None:
    response = rucio_session("root").get(f"{RUCIO}/rules/{rule_id}", timeout=10)
    return response.json() if response.status_code == 200 else None


def deleted_in_rucio(rule_id: str) -> bool:
    """Rucio deletes rules softly: the rule expires within the hour (the judge-cleaner then
    removes it), instead of after the request's lifetime of days."""
    rule = rule_in_rucio(rule_id)
    if rule is None:
        return True
    expires = parsedate_to_datetime(rule["expires_at"].replace(" UTC", " +0000"))
    return expires - datetime.now(UTC) < timedelta(hours=2)


def test_destinations_are_the_admin_configured_ones(api, lake):
    body = api.get("/api/v1/rucio/rucio-lake/destinations/").json()
    assert [d["key"] for d in body["destinations"]] == ["compute-near", "site-b"]
    assert body["destinations"][0]["rse_expression"] == "COMPUTE-NEAR-DISK"
    assert (body["default_lifetime_days"], body["max_lifetime_days"]) == (7, 30)


def test_stage_refresh_until_done(user_api, lake, fresh_dataset):
    alice = user_api("alice")
    first, second = fresh_dataset(files=3), fresh_dataset(files=2)
    response = stage(alice, dids=[first, second], lifetime_days=2, name="calibration")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["state"] == "replicating" and body["name"] == "calibration"
    assert body["destination"]["rse_expression"] == "COMPUTE-NEAR-DISK"
    assert body["totals"]["dids"] == 2 and body["totals"]["files"] == 5
    assert body["totals"]["progress"] < 1
    items = {i["did"]: i for i in body["items"]}
    assert not items[first]["reused"] and items[first]["rule_state"] == "REPLICATING"
    assert items[first]["locks_replicating"] == 3
    rule = rule_in_rucio(items[first]["rule_id"])
    assert rule["account"] == "esap" and rule["rse_expression"] == "COMPUTE-NEAR-DISK"
    assert rule["expires_at"]  # the lifetime was passed on

    drive_transfers(*(i["rule_id"] for i in body["items"]))
    done = alice.post(f"{STAGING}{body['id']}/refresh/").json()
    assert done["state"] == "done" and done["finished_at"]
    assert done["totals"]["progress"] == 1.0
    assert done["totals"]["bytes_done"] == done["totals"]["bytes"] > 0
    assert {i["rule_state"] for i in done["items"]} == {"OK"}
    listed = alice.get(STAGING).json()
    assert [r["id"] for r in listed["results"]] == [body["id"]]


def test_staging_is_idempotent_and_cancel_keeps_reused_rules(user_api, lake, fresh_dataset):
    alice, bob = user_api("alice"), user_api("bob")
    did = fresh_dataset(files=2)
    first = stage(alice, dids=[did]).json()
    again = stage(bob, dids=[did]).json()
    assert again["items"][0]["rule_id"] == first["items"][0]["rule_id"]
    assert again["items"][0]["reused"] is True
    rule_id = first["items"][0]["rule_id"]

    cancelled = bob.post(f"{STAGING}{again['id']}/cancel/").json()
    assert cancelled["state"] == "cancelled"
    assert not deleted_in_rucio(rule_id)  # bob's request only reused it

    cancelled = alice.post(f"{STAGING}{first['id']}/cancel/").json()
    assert cancelled["state"] == "cancelled"
    assert deleted_in_rucio(rule_id)  # alice's request created it

def test_requests_are_private(user_api, lake, fresh_dataset):
    alice, bob = user_api("alice"), user_api("bob")
    body = stage(alice, dids=[fresh_dataset(files=1)]).json()
    for response in (bob.get(f"{STAGING}{body['id']}/"),
                     bob.post(f"{STAGING}{body['id']}/cancel/"),
                     bob.post(f"{STAGING}{body['id']}/refresh/")):
        assert response.status_code == 404 and error_of(response)["code"] == "not_found"
    assert bob.get(STAGING).json()["results"] == []


def test_stage_from_the_basket(user_api, lake, fresh_dataset):
    alice = user_api("alice")
    search = alice.post("/api/v1/searches/", {
        "datasets": ["rucio-lake", "dachs-cat"], "wait": 30,
        "did": {"pattern": "user.*:*calib*", "type": "dataset"}}, format="json").json()
    added = alice.post("/api/v1/basket/items/from-search/", {
        "search": search["id"], "dataset": "rucio-lake",
        "rows": ["user.alice:alice_calib_flats_2024", "user.bob:bob_calib_bias"]},
        format="json")
    assert added.status_code in (200, 201), added.content
    items = alice.get("/api/v1/basket/items/").json()["results"]
    assert {i["item_type"] for i in items} == {"rucio_did"}
    assert {i["metadata"]["bytes"] for i in items} == {1312, 744}
    body = stage(alice, basket_items=[i["id"] for i in items], destination="site-b").json()
    assert {i["did"] for i in body["items"]} == {"user.alice:alice_calib_flats_2024",
                                                  "user.bob:bob_calib_bias"}
    assert body["totals"]["bytes"] == 1312 + 744
    drive_transfers(*(i["rule_id"] for i in body["items"]))
    assert alice.get(f"{STAGING}{body['id']}/", {"refresh": "true"}).json()["state"] == "done"


def test_background_refresh_reaches_done_without_asking(user_api, lake, fresh_dataset,
                                                        settings):
    settings.ESAP_RUCIO_REFRESH_SECONDS = 0.0
    alice = user_api("alice")
    body = stage(alice, dids=[fresh_dataset(files=2)]).json()
    drive_transfers(body["items"][0]["rule_id"])
    deadline = time.monotonic() + 30
    state = body["state"]
    while state != "done" and time.monotonic() < deadline:
        time.sleep(0.3)  # each read starts a background refresh of a stale request
        state = alice.get(f"{STAGING}{body['id']}/").json()["state"]
    assert state == "done"
    assert StagingRequest.objects.get(pk=body["id"]).refreshed_at is not None


@pytest.mark.parametrize(("body", "status", "code"), [
    ({"destination": "elsewhere"}, 400, "bad_destination"),
    ({"lifetime_days": 31}, 400, "invalid"),
    ({"dids": ["user.alice:*"]}, 400, "bad_query"),
    ({"dids": []}, 400, "invalid"),
    ({"dids": ["user.alice:no_such_dataset"]}, 404, "did_not_found"),
    ({"dataset": "dachs-cat"}, 400, "not_rucio"),
    ({"dataset": "no-such"}, 404, "not_found"),
])
def test_bad_staging_requests_leave_nothing_behind(user_api, lake, body, status, code):
    alice = user_api("alice")
    response = stage(alice, **{"dids": ["user.alice:alice_calib_flats_2024"], **body})
    assert response.status_code == status, response.content
    assert error_of(response)["code"] == code
    assert StagingRequest.objects.count() == 0


def test_non_rucio_basket_items_are_not_stageable(user_api, lake):
    alice = user_api("alice")
    added = alice.post("/api/v1/basket/items/", {"items": [
        {"item_type": "catalogue_row", "dataset": "dachs-cat", "identifier": "42"}]},
        format="json")
    assert added.status_code in (200, 201), added.content
    item = alice.get("/api/v1/basket/items/").json()["results"][0]
    response = stage(alice, basket_items=[item["id"]])
    assert response.status_code == 400 and error_of(response)["code"] == "not_stageable"


def test_rucio_refusals_keep_their_names(user_api, lake, fresh_dataset):
    from query.models import Dataset
    lake_dataset = Dataset.objects.get(slug="rucio-lake")
    lake_dataset.options["destinations"].append(
        {"key": "nowhere", "label": "No such RSE", "rse_expression": "NO-SUCH-DISK"})
    lake_dataset.save()
    alice = user_api("alice")
    response = stage(alice, dids=[fresh_dataset(files=1)], destination="nowhere")
    assert response.status_code == 409
    error = error_of(response)
    assert error["code"] == "rse_unavailable" and error["details"]["rucio"] in (
        "InvalidRSEExpression", "RSENotFound")
    assert StagingRequest.objects.count() == 0


def test_quota_exceeded_is_named_as_rucio_names_it(user_api, lake, root_rucio, fresh_dataset):
    """ESAP's account has no quota on a new RSE: Rucio refuses the rule."""
    from query.models import Dataset
    created = root_rucio.post(f"{RUCIO}/rses/QUOTA-TEST-DISK", json={}, timeout=10)
    assert created.status_code in (201, 409), created.text
    lake_dataset = Dataset.objects.get(slug="rucio-lake")
    lake_dataset.options["destinations"].append(
        {"key": "no-quota", "label": "No quota", "rse_expression": "QUOTA-TEST-DISK"})
    lake_dataset.save()
    response = stage(user_api("alice"), dids=[fresh_dataset(files=1)], destination="no-quota")
    assert response.status_code == 409
    error = error_of(response)
    assert error["code"] == "quota_exceeded"
    assert error["details"]["rucio"] == "InsufficientAccountLimit"
    assert "quota" in error["message"]
    assert StagingRequest.objects.count() == 0


def test_a_partly_failed_request_is_kept_and_shows_which_item_failed(user_api, lake,
                                                                     fresh_dataset):
    alice = user_api("alice")
    good = fresh_dataset(files=1)
    response = stage(alice, dids=[good, "user.alice:no_such_dataset"])
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["state"] == "failed"
    items = {i["did"]: i for i in body["items"]}
    assert items[good]["rule_id"] and items[good]["error"] is None
    failed = items["user.alice:no_such_dataset"]
    assert failed["rule_id"] == "" and failed["error"]["code"] == "did_not_found"
    assert failed["error"]["rucio"] == "DataIdentifierNotFound"
    assert body["error"]["code"] == "did_not_found" and "1 of 2" in body["error"]["message"]
    cancelled = alice.post(f"{STAGING}{body['id']}/cancel/").json()  # cleans the good rule
    assert cancelled["state"] == "cancelled"
    assert deleted_in_rucio(items[good]["rule_id"])


def test_anonymous_cannot_stage(api, lake):
    response = api.post(STAGING, {"dataset": "rucio-lake", "destination": "compute-near",
                                  "dids": ["user.alice:alice_calib_flats_2024"]}, format="json")
    assert response.status_code in (401, 403)
    error_of(response)


def test_staging_again_after_a_cancel_revives_the_rule(user_api, lake, fresh_dataset):
    """Rucio keeps a cancelled rule for up to an hour (soft deletion) and refuses an identical
    new one: ESAP takes the old rule back and extends it to the new lifetime."""
    alice = user_api("alice")
    did = fresh_dataset(files=1)
    first = stage(alice, dids=[did], lifetime_days=3).json()
    rule_id = first["items"][0]["rule_id"]
    alice.post(f"{STAGING}{first['id']}/cancel/")
    assert deleted_in_rucio(rule_id)
    again = stage(alice, dids=[did], lifetime_days=3)
    assert again.status_code == 201, again.content
    item = again.json()["items"][0]
    assert (item["rule_id"], item["reused"], item["error"]) == (rule_id, False, None)
    assert not deleted_in_rucio(rule_id)  # lives for the new request's three days again
    alice.post(f"{STAGING}{again.json()['id']}/cancel/")
    assert deleted_in_rucio(rule_id)
