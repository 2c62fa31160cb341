"""Federated search through the API against the real local DaCHS (and a refusing archive)."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

import pytest
import pyvo
from astropy.io.votable import parse_single_table
from django.utils import timezone
from rest_framework.test import APIClient

from query.models import Dataset, DatasetRun, RunStatus, Search
from tests.conftest import error_of

pytestmark = [pytest.mark.dachs, pytest.mark.django_db(transaction=True)]

TAP = "http://127.0.0.1:28080/tap"
CONE = {"ra": 155.0, "dec": 0.0, "radius": 0.5}


def search(api: APIClient, **body) -> dict:
    body.setdefault("wait", 60)
    response = api.post("/api/v1/searches/", body, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def runs_of(body: dict) -> dict[str, dict]:
    return {run["dataset"]: run for run in body["runs"]}


def all_rows(api: APIClient, search_id: str, **params) -> list[dict]:
    rows, page = [], 1
    while True:
        body = api.get(f"/api/v1/searches/{search_id}/results/",
                       {"page": page, "page_size": 100, **params}).json()
        rows.extend(body["results"])
        if not body["next"]:
            return rows
        page += 1


def test_cone_over_every_enabled_dataset_gives_partial_results_with_statuses(api, local_archives):
    body = search(api, cone=CONE)
    runs = runs_of(body)
    assert body["complete"] is True
    assert (runs["dachs-cat"]["status"], runs["dachs-cat"]["row_count"]) == ("ok", 29)
    assert (runs["dachs-scs"]["status"], runs["dachs-scs"]["row_count"]) == ("ok", 29)
    assert (runs["dachs-obscore"]["status"], runs["dachs-obscore"]["row_count"]) == ("ok", 3)
    assert (runs["dachs-sia"]["status"], runs["dachs-sia"]["row_count"]) == ("ok", 1)
    assert runs["dachs-big"]["status"] == "ok"
    assert runs["dachs-registry"]["status"] == "not_applicable"
    broken = runs["broken-refused"]
    assert broken["status"] == "error" and broken["error"]["code"] == "archive_unreachable"
    assert broken["error"]["message"]
    assert body["totals"]["failed"] == 1
    merged = all_rows(api, body["id"])
    assert len(merged) == body["totals"]["rows"]
    assert {row["dataset"] for row in merged} >= {"dachs-cat", "dachs-scs", "dachs-obscore"}


def test_gateway_rows_equal_a_direct_pyvo_query(api, local_archives):
    body = search(api, cone=CONE, datasets=["dachs-cat"])
    gateway = all_rows(api, body["id"])
    direct = pyvo.dal.TAPService(TAP).run_sync(
        "SELECT id, ra, dec FROM tapstudy.cat WHERE "
        "CONTAINS(POINT('ICRS', ra, dec), CIRCLE('ICRS', 155, 0, 0.5)) = 1").to_table()
    assert sorted(int(row["id"]) for row in gateway) == sorted(int(i) for i in direct["id"])
    by_id = {int(row["id"]): row for row in gateway}
    for record in direct:
        assert by_id[int(record["id"])]["ra"] == pytest.approx(float(record["ra"]))
    run = body["runs"][0]
    assert {"ra", "dec", "mag"} <= {column["name"] for column in run["columns"]}
    units = {column["name"]: column["unit"] for column in run["columns"]}
    assert units["ra"] == "deg"


def test_pages_come_from_stored_rows_not_from_the_archive(api, local_archives):
    body = search(api, cone=CONE, datasets=["dachs-cat"])
    first = all_rows(api, body["id"], ordering="ra")
    # The archive goes away: paging and sorting still work from what was fetched.
    Dataset.objects.filter(slug="dachs-cat").update(service_url="http://127.0.0.1:28099/tap")
    again = all_rows(api, body["id"], ordering="ra")
    assert [row["id"] for row in again] == [row["id"] for row in first]
    ras = [row["ra"] for row in again]
    assert ras == sorted(ras)
    descending = all_rows(api, body["id"], ordering="-title")
    titles = [row["title"] for row in descending]
    assert titles == sorted(titles, reverse=True)


def test_merged_and_per_dataset_paging(api, local_archives):
    body = search(api, cone=CONE, datasets=["dachs-cat", "dachs-scs"])
    page = api.get(f"/api/v1/searches/{body['id']}/results/", {"page_size": 10}).json()
    assert page["count"] == 58 and len(page["results"]) == 10
    only_scs = all_rows(api, body["id"], dataset="dachs-scs")
    assert len(only_scs) == 29 and {row["dataset"] for row in only_scs} == {"dachs-scs"}
    response = api.get(f"/api/v1/searches/{body['id']}/results/", {"dataset": "dachs-big"})
    assert response.status_code == 400 and error_of(response)["field"] == "dataset"
    for params, field in [({"page": 0}, "page"), ({"page_size": "many"}, "page_size"),
                          ({"page_size": 5000}, "page_size"), ({"page": 99}, "page"),
                          ({"ordering": "secret_column"}, "ordering")]:
        response = api.get(f"/api/v1/searches/{body['id']}/results/", params)
        assert response.status_code == 400, params
        assert error_of(response)["field"] == field


def test_overflow_is_reported_per_dataset(api, local_archives):
    body = search(api, cone=CONE, datasets=["dachs-cat", "dachs-scs"], row_limit=10)
    for run in body["runs"]:
        assert (run["status"], run["overflow"], run["row_count"]) == ("overflow", True, 10)


def test_constraints_are_typed_literals_never_sql(api, local_archives):
    body = search(api, datasets=["dachs-cat"],
                  constraints=[{"param": "magnitude", "op": "gt", "value": 19.9}])
    assert runs_of(body)["dachs-cat"]["row_count"] == 49
    injected = search(api, datasets=["dachs-cat"], constraints=[
        {"param": "name", "op": "eq", "value": "SRC-0000001' OR '1'='1"}])
    run = runs_of(injected)["dachs-cat"]
    assert (run["status"], run["row_count"]) == ("ok", 0)
    exact = search(api, datasets=["dachs-cat"],
                   constraints=[{"param": "name", "op": "eq", "value": "SRC-0000001"}])
    assert runs_of(exact)["dachs-cat"]["row_count"] == 1
    combined = search(api, datasets=["dachs-cat"], cone=CONE,
                      constraints=[{"param": "magnitude", "op": "between", "value": [10, 15]}])
    rows = all_rows(api, combined["id"])
    assert 0 < len(rows) < 29
    assert all(10 <= row["fields"]["mag"] <= 15 for row in rows)


def test_raw_adql_for_one_dataset(api, local_archives):
    body = search(api, datasets=["dachs-cat"],
                  adql="SELECT id, mag FROM tapstudy.cat WHERE mag > 19.9")
    run = body["runs"][0]
    assert (run["status"], run["row_count"]) == ("ok", 49)
    assert "mag > 19.9" in run["query_text"]
    limited = search(api, datasets=["dachs-cat"], row_limit=5,
                     adql="SELECT id FROM tapstudy.cat WHERE mag > 19.9")
    assert limited["runs"][0]["status"] == "overflow"
    assert limited["runs"][0]["row_count"] == 5


def test_adql_errors(api, local_archives):
    response = api.post("/api/v1/searches/", {"datasets": ["dachs-cat"],
                                              "adql": "SELECT FROM WHERE ((("}, format="json")
    assert response.status_code == 400 and error_of(response)["field"] == "adql"
    body = search(api, datasets=["dachs-cat"], adql="SELECT no_such_column FROM tapstudy.cat")
    run = body["runs"][0]
    assert run["status"] == "error" and run["error"]["code"] == "bad_query"
    assert "no_such_column" in run["error"]["message"]


def test_export_streams_the_full_result_not_the_stored_rows(api, local_archives):
    body = search(api, cone={"ra": 10.0, "dec": 20.0, "radius": 1.0}, datasets=["dachs-big"],
                  row_limit=10)
    assert body["runs"][0]["status"] == "overflow"
    url = f"/api/v1/searches/{body['id']}/export/"
    response = api.get(url, {"dataset": "dachs-big", "format": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode()
    records = [r for r in csv.reader(io.StringIO(text)) if r and not r[0].startswith("#")]
    assert len(records) == 1 + 76
    response = api.get(url, {"dataset": "dachs-big", "format": "votable"})
    assert response.status_code == 200
    assert "votable" in response["Content-Type"]
    table = parse_single_table(io.BytesIO(b"".join(response.streaming_content)))
    assert len(table.array) == 76


def test_export_errors(api, local_archives):
    body = search(api, cone=CONE, datasets=["dachs-cat"])
    url = f"/api/v1/searches/{body['id']}/export/"
    response = api.get(url, {"dataset": "dachs-cat", "format": "xlsx"})
    assert response.status_code == 400 and error_of(response)["field"] == "format"
    response = api.get(url, {"dataset": "dachs-scs"})
    assert response.status_code == 400 and error_of(response)["field"] == "dataset"
    response = api.get(url)
    assert response.status_code == 400 and error_of(response)["field"] == "dataset"


def test_rerun_and_the_callers_own_history(api, local_archives):
    api.get("/")  # a browser opens the SPA first and gets the CSRF cookie
    assert "csrftoken" in api.cookies
    body = search(api, cone=CONE, datasets=["dachs-cat"], name="my cone")
    again = api.post(f"/api/v1/searches/{body['id']}/rerun/")
    assert again.status_code == 201
    rerun = again.json()
    assert rerun["id"] != body["id"] and rerun["query"] == body["query"]
    mine = api.get("/api/v1/searches/").json()
    assert {s["id"] for s in mine["results"]} == {body["id"], rerun["id"]}
    stranger = APIClient()
    assert stranger.get("/api/v1/searches/").json()["count"] == 0
    # An anonymous search is reachable by its id (scripts), but only its session deletes it.
    assert stranger.get(f"/api/v1/searches/{body['id']}/").status_code == 200
    assert stranger.delete(f"/api/v1/searches/{body['id']}/").status_code == 403
    assert api.delete(f"/api/v1/searches/{body['id']}/").status_code == 204
    assert api.get(f"/api/v1/searches/{body['id']}/").status_code == 404


def test_scripts_without_cookies_get_no_session_but_keep_the_id(api, local_archives):
    from django.contrib.sessions.models import Session

    body = search(api, cone=CONE, datasets=["dachs-cat"])
    assert Session.objects.count() == 0
    assert api.get("/api/v1/searches/").json()["count"] == 0
    assert api.get(f"/api/v1/searches/{body['id']}/results/").json()["count"] == 29


def test_owned_searches_are_private(local_archives, django_user_model):
    alice, bob = APIClient(), APIClient()
    alice.force_authenticate(django_user_model.objects.create_user("alice"))
    bob.force_authenticate(django_user_model.objects.create_user("bob"))
    body = search(alice, cone=CONE, datasets=["dachs-cat"])
    assert body["expires_at"] is None
    for client in (bob, APIClient()):
        response = client.get(f"/api/v1/searches/{body['id']}/results/")
        assert response.status_code == 404 and error_of(response)["code"] == "not_found"
    assert bob.get("/api/v1/searches/").json()["count"] == 0


def test_anonymous_searches_expire(api, local_archives):
    body = search(api, cone=CONE, datasets=["dachs-cat"])
    assert body["expires_at"] is not None
    Search.objects.filter(pk=body["id"]).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert api.get(f"/api/v1/searches/{body['id']}/").status_code == 404
    from django.core.management import call_command

    call_command("purge_searches")
    assert not Search.objects.filter(pk=body["id"]).exists()


def test_a_run_that_outlives_its_timeout_is_reported_as_timed_out(api, local_archives):
    body = search(api, cone=CONE, datasets=["dachs-cat"])
    DatasetRun.objects.filter(search_id=body["id"]).update(
        status=RunStatus.RUNNING, started_at=timezone.now() - timedelta(minutes=5))
    run = api.get(f"/api/v1/searches/{body['id']}/").json()["runs"][0]
    assert run["status"] == "timeout" and "No answer within" in run["error"]["message"]


def test_long_poll_waits_for_completion(api, local_archives):
    response = api.post("/api/v1/searches/", {"cone": CONE, "datasets": ["dachs-cat"]},
                        format="json")
    assert response.status_code == 201
    done = api.get(f"/api/v1/searches/{response.json()['id']}/", {"wait": 30}).json()
    assert done["complete"] and done["runs"][0]["row_count"] == 29


def test_tables_browser_and_health_check(api, staff_api, local_archives):
    tables = api.get("/api/v1/datasets/dachs-cat/tables/").json()["tables"]
    cat = next(t for t in tables if t["name"] == "tapstudy.cat")
    mag = next(c for c in cat["columns"] if c["name"] == "mag")
    assert mag["unit"] == "mag" and mag["ucd"] == "phot.mag;em.opt.V"
    assert api.post("/api/v1/datasets/dachs-cat/health/").status_code in (401, 403)
    health = staff_api.post("/api/v1/datasets/dachs-cat/health/").json()["health"]
    assert health["ok"] is True and health["latency_ms"] > 0
    broken = staff_api.post("/api/v1/datasets/broken-refused/health/").json()["health"]
    assert broken["ok"] is False and broken["error"]


def test_positions_of_all_rows_for_the_sky_plot(api, local_archives):
    body = search(api, cone=CONE, datasets=["dachs-cat", "dachs-scs", "dachs-sia"])
    positions = api.get(f"/api/v1/searches/{body['id']}/positions/").json()
    assert positions["datasets"] == ["dachs-cat", "dachs-scs", "dachs-sia"]
    assert positions["truncated"] is False
    assert len(positions["positions"]) == 29 + 29 + 1
    for ra, dec, index in positions["positions"]:
        assert 154.4 < ra < 155.6 and -0.6 < dec < 0.6 and index in (0, 1, 2)
    capped = api.get(f"/api/v1/searches/{body['id']}/positions/", {"limit": 10}).json()
    assert capped["truncated"] is True and len(capped["positions"]) == 10
    one = api.get(f"/api/v1/searches/{body['id']}/positions/", {"dataset": "dachs-sia"}).json()
    assert [p[2] for p in one["positions"]] == [2]
    response = api.get(f"/api/v1/searches/{body['id']}/positions/", {"limit": "all"})
    assert response.status_code == 400 and error_of(response)["field"] == "limit"


def test_a_script_gets_rows_in_the_same_round_trip(api, local_archives):
    body = search(api, cone=CONE, datasets=["dachs-cat", "dachs-scs"], include_results=40)
    assert body["complete"] and len(body["results"]) == 40
    assert [row["dataset"] for row in body["results"]] == ["dachs-cat"] * 29 + ["dachs-scs"] * 11
    plain = search(api, cone=CONE, datasets=["dachs-cat"])
    assert "results" not in plain


def test_check_datasets_command_records_health_for_all(local_archives):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("check_datasets", stdout=out)
    health = dict(Dataset.objects.values_list("slug", "health_ok"))
    assert health["broken-refused"] is False
    assert all(ok for slug, ok in health.items() if slug != "broken-refused"), health
    assert "FAIL broken-refused" in out.getvalue()
    assert Dataset.objects.get(slug="dachs-cat").health_latency_ms > 0


def test_history_rename_and_save(local_archives, django_user_model):
    alice, bob = APIClient(), APIClient()
    alice.force_authenticate(django_user_model.objects.create_user("alice"))
    bob.force_authenticate(django_user_model.objects.create_user("bob"))
    first = search(alice, cone=CONE, datasets=["dachs-cat"])
    second = search(alice, cone={"ra": 10.0, "dec": 20.0, "radius": 1.0}, datasets=["dachs-big"])
    response = alice.patch(f"/api/v1/searches/{first['id']}/", {"name": "M-field", "saved": True},
                           format="json")
    assert response.status_code == 200
    assert (response.json()["name"], response.json()["saved"]) == ("M-field", True)
    history = alice.get("/api/v1/searches/").json()["results"]
    assert [s["id"] for s in history] == [second["id"], first["id"]]  # newest first
    assert history[1]["name"] == "M-field"
    assert bob.patch(f"/api/v1/searches/{first['id']}/", {"name": "mine"},
                     format="json").status_code == 404
    response = alice.patch(f"/api/v1/searches/{first['id']}/", {}, format="json")
    assert response.status_code == 400


def test_anonymous_search_changes_need_the_creating_session(api, local_archives):
    api.get("/")
    body = search(api, cone=CONE, datasets=["dachs-cat"])
    stranger = APIClient()
    response = stranger.patch(f"/api/v1/searches/{body['id']}/", {"name": "x"}, format="json")
    assert response.status_code == 403 and error_of(response)["code"] == "permission_denied"
    assert api.patch(f"/api/v1/searches/{body['id']}/", {"name": "mine"},
                     format="json").json()["name"] == "mine"


def test_the_waited_answer_equals_the_stored_search(api, local_archives):
    # A single waited-for dataset is answered from what was just stored: same as a later GET.
    for body in (search(api, cone=CONE, datasets=["dachs-cat"], include_results=50),
                 search(api, cone=CONE, datasets=["broken-refused"], include_results=5)):
        stored = api.get(f"/api/v1/searches/{body['id']}/").json()
        answered = {k: v for k, v in body.items() if k != "results"}
        assert json.loads(json.dumps(answered)) == stored
        page = api.get(f"/api/v1/searches/{body['id']}/results/", {"page_size": 50}).json()
        assert body["results"] == page["results"]
