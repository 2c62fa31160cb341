"""DID discovery through the gateway against the real Rucio server: wildcard scopes, types,
metadata and dates, paging, export, DID details, and the errors users meet."""

from __future__ import annotations

import csv
import io

import pytest
import requests

from tests.conftest import error_of
from tests.rucio.conftest import RUCIO, ndjson, rucio_session

pytestmark = [pytest.mark.rucio, pytest.mark.django_db(transaction=True)]


def did_search(api, dataset="rucio-lake", **did) -> dict:
    response = api.post("/api/v1/searches/", {"datasets": [dataset], "did": did, "wait": 30,
                                              "include_results": 1000}, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def direct_listing(scope: str, **params) -> set[str]:
    rucio = rucio_session("esap")
    found = ndjson(rucio.get(f"{RUCIO}/dids/{scope}/dids/search", timeout=20,
                             params={"long": "true", **params},
                             headers={"Accept": "application/x-json-stream"}))
    return {f"{d['scope']}:{d['name']}" for d in found}


def ids(body: dict) -> set[str]:
    return {row["id"] for row in body["results"]}


def test_scope_wildcard_finds_calibration_datasets_in_every_user_scope(api, lake):
    body = did_search(api, pattern="user.*:*calib*", type="dataset")
    assert body["runs"][0]["status"] == "ok"
    expected = direct_listing("user.alice", type="dataset", name="*calib*") | \
        direct_listing("user.bob", type="dataset", name="*calib*")
    assert ids(body) == expected == {"user.alice:alice_calib_flats_2024",
                                     "user.alice:alice_calib_darks_2024",
                                     "user.bob:bob_calib_bias"}
    flats = next(r for r in body["results"] if r["id"].endswith("flats_2024"))
    assert flats["size"] == 1312 and flats["dataproduct_type"] == "dataset"
    assert flats["fields"]["length"] == 4 and flats["fields"]["account"] == "alice"
    assert flats["fields"]["meta.telescope"] == "LOFAR"
    assert flats["fields"]["created_at"].endswith("Z")
    columns = {c["name"] for c in body["runs"][0]["columns"]}
    assert {"scope", "name", "did_type", "bytes", "length", "meta.telescope"} <= columns


def test_all_types_include_files_and_containers(api, lake):
    body = did_search(api, pattern="user.*:*calib*", type="all")
    types = {row["dataproduct_type"] for row in body["results"]}
    assert types == {"dataset", "container", "file"}
    assert len(body["results"]) == 14  # alice: 2 datasets + 1 container + 7 files; bob: 1 + 3
    containers = did_search(api, pattern="user.alice:*", type="container")
    assert ids(containers) == {"user.alice:alice_calib_container", "user.alice:alice_all"}


def test_metadata_filters_and_dates(api, lake):
    lofar_2024 = did_search(api, pattern="*:*", type="dataset", metadata=[
        {"key": "telescope", "op": "eq", "value": "LOFAR"},
        {"key": "obs_year", "op": "ge", "value": 2024}])
    assert ids(lofar_2024) >= {"user.alice:alice_calib_flats_2024",
                               "user.alice:alice_obs_raw_001", "calib:master_calib_2024"}
    assert all(r["fields"]["meta.telescope"] == "LOFAR" and r["fields"]["meta.obs_year"] >= 2024
               for r in lofar_2024["results"])
    future = did_search(api, pattern="user.*:*", created_after="2999-01-01T00:00:00Z")
    assert future["runs"][0]["status"] == "ok" and future["results"] == []
    past = did_search(api, pattern="user.bob:*", type="dataset",
                      created_before="2999-01-01T00:00:00Z")
    assert ids(past) == {"user.bob:bob_calib_bias", "user.bob:bob_images_m31"}


def test_keyword_search_reaches_the_data_lake(api, lake):
    response = api.post("/api/v1/searches/", {"datasets": ["rucio-lake", "dachs-cat"],
                                              "keyword": "bias", "wait": 30}, format="json")
    runs = {r["dataset"]: r for r in response.json()["runs"]}
    assert runs["rucio-lake"]["status"] == "ok" and runs["rucio-lake"]["row_count"] == 4
    assert runs["dachs-cat"]["status"] == "not_applicable"


def test_cone_search_is_not_applicable_to_data_lakes(api, lake):
    response = api.post("/api/v1/searches/", {
        "datasets": ["rucio-lake", "rucio-lake-user"], "wait": 10,
        "cone": {"ra": 10, "dec": 10, "radius": 1}}, format="json")
    assert {r["status"] for r in response.json()["runs"]} == {"not_applicable"}


def test_gateway_pages_and_cuts_the_stream(api, lake):
    response = api.post("/api/v1/searches/", {
        "datasets": ["rucio-lake"], "did": {"pattern": "user.alice:*", "type": "file"},
        "row_limit": 10, "wait": 30}, format="json")
    body = response.json()
    run = body["runs"][0]
    assert run["status"] == "overflow" and run["row_count"] == 10
    pages = [api.get(f"/api/v1/searches/{body['id']}/results/",
                     {"dataset": "rucio-lake", "page": n, "page_size": 4}).json()
             for n in (1, 2, 3)]
    seen = [row["id"] for page in pages for row in page["results"]]
    assert len(seen) == len(set(seen)) == 10
    assert all(i.startswith("user.alice:") for i in seen)


def test_export_streams_the_full_listing_as_csv(api, lake):
    body = did_search(api, pattern="user.alice:*", type="all")
    response = api.get(f"/api/v1/searches/{body['id']}/export/",
                       {"dataset": "rucio-lake", "format": "csv"})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {r["did"] for r in rows} == direct_listing("user.alice", type="all", name="*")
    assert {r["did_type"] for r in rows} == {"file", "dataset", "container"}


def test_did_detail_files_contents_replicas_rules(api, lake):
    base = "/api/v1/rucio/rucio-lake"
    did = api.get(f"{base}/dids/user.alice/alice_calib_flats_2024/").json()
    assert (did["type"], did["bytes"], did["length"]) == ("dataset", 1312, 4)
    assert did["metadata"]["calib_type"] == "flat"
    assert did["webui_url"] == ("https://rucio-ui.example.org/did?scope=user.alice"
                                "&name=alice_calib_flats_2024")
    files = api.get(f"{base}/files/user.alice/alice_calib_container/").json()
    assert files["count"] == 7 and files["next_page"] is None
    assert all(f["adler32"] and f["bytes"] for f in files["results"])
    contents = api.get(f"{base}/contents/user.alice/alice_all/").json()
    assert {c["did"]: c["type"] for c in contents["results"]} == {
        "user.alice:alice_obs_raw_001": "dataset", "user.alice:alice_calib_container": "container"}
    page = api.get(f"{base}/replicas/user.alice/alice_obs_raw_001/", {"page_size": 2}).json()
    assert page["count"] == 5 and page["next_page"] == 2 and len(page["results"]) == 2
    rses = {r["rse"]: r for r in page["rses"]}
    assert rses["SITE-A-DISK"]["state"] == rses["SITE-B-DISK"]["state"] == "complete"
    replica = next(r for r in page["results"][0]["replicas"] if r["rse"] == "SITE-A-DISK")
    assert replica["state"] == "AVAILABLE" and replica["download_url"]
    downloaded = requests.get(replica["download_url"], timeout=10)
    assert downloaded.status_code == 200 and len(downloaded.content) == page["results"][0]["bytes"]
    rules = api.get(f"{base}/rules/test/test_dataset_small/").json()
    assert isinstance(rules["results"], list)


@pytest.mark.parametrize(("did", "field"), [
    ({"pattern": "user.*:*cal?b"}, "did.pattern"),
    ({"pattern": "user alice:*"}, "did.pattern"),
    ({"pattern": "a" * 30 + ":x"}, "did.pattern"),
    ({"pattern": "*:*", "type": "table"}, "did.type"),
    ({"pattern": "*:*", "metadata": [{"key": "bad key", "op": "eq", "value": 1}]},
     "did.metadata[0].key"),
    ({"pattern": "*:*", "metadata": [{"key": "type", "op": "eq", "value": "x"}]},
     "did.metadata[0].key"),
    ({"pattern": "*:*", "metadata": [{"key": "x", "op": "gt", "value": "a*"}]},
     "did.metadata[0].value"),
    ({"pattern": "*:*", "created_after": "yesterday"}, "did.created_after"),
])
def test_malformed_queries_are_400_naming_the_field(api, lake, did, field):
    response = api.post("/api/v1/searches/", {"datasets": ["rucio-lake"], "did": did},
                        format="json")
    assert response.status_code == 400
    assert error_of(response)["field"] == field


def test_unknown_scope_and_unknown_did(api, lake):
    body = did_search(api, pattern="nosuchscope:*")
    assert body["runs"][0]["status"] == "error"
    assert body["runs"][0]["error"]["code"] == "unknown_scope"
    response = api.get("/api/v1/rucio/rucio-lake/dids/user.alice/no_such_dataset/")
    assert response.status_code == 404
    error = error_of(response)
    assert error["code"] == "did_not_found" and error["details"]["rucio"] == \
        "DataIdentifierNotFound"
    assert api.get("/api/v1/rucio/dachs-cat/dids/user.alice/x/").status_code == 400


def test_acting_as_user_needs_a_signed_in_user(api, lake):
    body = did_search(api, dataset="rucio-lake-user", pattern="user.alice:*")
    assert body["runs"][0]["error"]["code"] == "login_required"
    response = api.get("/api/v1/rucio/rucio-lake-user/dids/user.alice/alice_all/")
    assert response.status_code == 401 and error_of(response)["code"] == "login_required"


def test_no_credentials_leak_into_answers_or_logs(api, lake, caplog):
    body = did_search(api, pattern="user.*:*")
    text = str(body) + caplog.text
    assert "esap-secret" not in text and "X-Rucio-Auth-Token" not in text
