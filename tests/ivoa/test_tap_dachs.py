"""The ivoa-tap connector against the real local DaCHS (known answers in
/work/shared/services/dachs-tap.md: cat CIRCLE(155,0,0.5) → 29 rows, nearest id 4571, ...)."""

from __future__ import annotations

import pytest
import pyvo
import requests

from ivoa_connector.http import TimeoutSession
from query.connectors import (
    BadQuery,
    ConeQuery,
    NotApplicable,
    QueryKind,
    SearchQuery,
    get_connector,
)
from query.connectors.base import Constraint
from tests.ivoa.conftest import DACHS, TAP

pytestmark = [pytest.mark.dachs, pytest.mark.django_db]

CONE = SearchQuery(QueryKind.CONE, cone=ConeQuery(155.0, 0.0, 0.5))
CONE_ADQL = ("SELECT id FROM tapstudy.cat WHERE CONTAINS(POINT('ICRS', ra, dec), "
             "CIRCLE('ICRS', 155, 0, 0.5)) = 1")
tap = get_connector("ivoa-tap")


@pytest.fixture
def cat(dachs, make_dataset):
    return make_dataset(resource="tapstudy.cat",
                        parameter_mapping={"magnitude": "mag", "name": "name", "id": "id"})


def adql(text: str) -> SearchQuery:
    return SearchQuery(QueryKind.ADQL, adql=text)


def test_cone_equals_a_direct_pyvo_query(cat):
    result = tap.search(cat, CONE, 1000, 10)
    direct = pyvo.dal.TAPService(TAP, session=TimeoutSession(10)).run_sync(CONE_ADQL)
    assert len(result.rows) == 29 and not result.overflow
    assert sorted(int(r["id"]) for r in result.rows) == sorted(int(i) for i in direct["id"])
    assert result.query_text.startswith("SELECT * FROM tapstudy.cat WHERE CONTAINS(")
    row = next(r for r in result.rows if r["id"] == "4571")
    assert row["title"] == "SRC-0004571" and 154.9 < row["ra"] < 155.1
    assert set(row["fields"]) == {"id", "ra", "dec", "mag", "name", "flag"}
    columns = {c.name: c for c in result.columns}
    assert columns["ra"].unit == "deg" and columns["ra"].ucd == "pos.eq.ra;meta.main"
    assert columns["mag"].description == "Synthetic V magnitude"
    assert result.timings["archive_ms"] > 0


@pytest.mark.parametrize("limit, rows, overflow", [(10, 10, True), (28, 28, True),
                                                  (29, 29, False), (30, 29, False)])
def test_overflow_is_exact_around_the_limit(cat, limit, rows, overflow):
    result = tap.search(cat, CONE, limit, 10)
    assert (len(result.rows), result.overflow) == (rows, overflow)


def test_top_larger_than_maxrec_is_cut_and_reported(cat):
    # DaCHS answers TOP 500 with MAXREC=101 by 102 rows + OVERFLOW: we keep 100, overflow.
    result = tap.search(cat, adql("SELECT TOP 500 id FROM tapstudy.cat ORDER BY id"), 100, 10)
    assert [r["id"] for r in result.rows] == [str(i) for i in range(1, 101)]
    assert result.overflow


def test_complete_result_equal_to_the_limit_is_not_overflow(cat):
    result = tap.search(cat, adql("SELECT id FROM tapstudy.cat"), 5000, 20)
    assert len(result.rows) == 5000 and not result.overflow


def test_constraints(cat):
    bright = tap.search(cat, SearchQuery(QueryKind.CONSTRAINTS, constraints=(
        Constraint("magnitude", "gt", 19.9),)), 1000, 10)
    assert len(bright.rows) == 49 and all(r["fields"]["mag"] > 19.9 for r in bright.rows)
    mixed = tap.search(cat, SearchQuery(QueryKind.CONSTRAINTS, cone=CONE.cone, constraints=(
        Constraint("name", "like", "SRC-0004%"), Constraint("id", "between", (4000, 4999)))),
        1000, 10)
    assert {r["id"] for r in mixed.rows} == {r["id"] for r in tap.search(cat, CONE, 1000, 10)
                                             .rows if r["id"].startswith("4")}
    assert "4571" in {r["id"] for r in mixed.rows}


def test_injection_attempt_stays_a_literal(cat):
    result = tap.search(cat, SearchQuery(QueryKind.CONSTRAINTS, constraints=(
        Constraint("name", "eq", "M51' OR '1'='1"),)), 1000, 10)
    assert result.rows == [] and not result.overflow
    assert "name = 'M51'' OR ''1''=''1'" in result.query_text


def test_unmapped_parameter_is_not_applicable(cat):
    with pytest.raises(NotApplicable):
        tap.search(cat, SearchQuery(QueryKind.CONSTRAINTS, constraints=(
            Constraint("t_min", "gt", 1.0),)), 10, 10)


def test_raw_adql(cat):
    result = tap.search(cat, adql("SELECT TOP 3 id, name, flag FROM tapstudy.cat ORDER BY id"),
                        10, 10)
    assert [r["fields"] for r in result.rows] == [
        {"id": 1, "name": "SRC-0000001", "flag": 1}, {"id": 2, "name": "SRC-0000002", "flag": 2},
        {"id": 3, "name": "SRC-0000003", "flag": 3}]
    nulls = tap.search(cat, adql("SELECT COUNT(*) AS n FROM tapstudy.cat WHERE flag IS NULL"),
                       10, 10)
    assert nulls.rows[0]["fields"]["n"] == 51


@pytest.mark.parametrize("text, words", [
    ("SELECT FROM WHERE tapstudy.cat", "Could not parse"),
    ("SELECT nosuchcolumn FROM tapstudy.cat", "nosuchcolumn"),
    ("SELECT * FROM tapstudy.nosuchtable", "nosuchtable"),
    ("SELECT * FROM tapstudy.cat WHERE ra <> 3", "Could not parse"),
])
def test_archive_rejections_are_bad_queries(cat, text, words):
    with pytest.raises(BadQuery, match=words) as caught:
        tap.search(cat, adql(text), 10, 10)
    assert caught.value.field == "adql"


def test_local_syntax_check_runs_before_sending(cat):
    with pytest.raises(BadQuery, match="one statement"):
        tap.search(cat, adql("SELECT * FROM tapstudy.cat; SELECT 1"), 10, 10)


def test_misconfigured_mapping_is_a_bad_query(dachs, make_dataset):
    dataset = make_dataset(resource="tapstudy.cat", parameter_mapping={"magnitude": "vmag"})
    with pytest.raises(BadQuery, match="vmag") as caught:
        tap.search(dataset, SearchQuery(QueryKind.CONSTRAINTS, constraints=(
            Constraint("magnitude", "lt", 11.0),)), 10, 10)
    assert caught.value.field is None


@pytest.mark.parametrize("options, limit", [({"mode": "async"}, 1000),
                                            ({"async_threshold": 5}, 10)])
def test_async_mode(dachs, make_dataset, options, limit):
    dataset = make_dataset(resource="tapstudy.cat", options=options)
    result = tap.search(dataset, CONE, limit, 20)
    assert result.timings.get("mode_async") == 1.0
    expected = tap.search(make_dataset(resource="tapstudy.cat", options={"mode": "sync"}),
                          CONE, limit, 20)
    assert [r["id"] for r in result.rows] == [r["id"] for r in expected.rows]
    assert result.overflow == expected.overflow == (limit < 29)


def test_submit_poll_fetch_deletes_the_job(cat):
    job = tap.submit(cat, CONE, 1000, 10)
    assert job.startswith(DACHS + "/")
    phases = [tap.poll(cat, job, 10)]
    while phases[-1] in ("queued", "running") and len(phases) < 20:
        phases.append(tap.poll(cat, job, 10))  # long-polls (UWS WAIT) up to 5 s
    assert phases[-1] == "completed", phases
    result = tap.fetch(cat, job, 1000, 10)
    assert len(result.rows) == 29 and "CIRCLE" in result.query_text
    assert requests.get(job, timeout=5).status_code == 404


def test_cancel_aborts_and_deletes(cat):
    job = tap.submit(cat, adql("SELECT COUNT(*) FROM tapstudy.big AS a JOIN tapstudy.big AS b "
                               "ON a.id = b.id"), 10, 10)
    tap.cancel(cat, job, 5)
    assert requests.get(job, timeout=5).status_code == 404


def test_job_refs_of_other_hosts_are_refused(cat):
    with pytest.raises(BadQuery, match="does not belong"):
        tap.poll(cat, "http://169.254.169.254/latest/meta-data", 5)


def test_describe_lists_the_schema_of_the_dataset(cat):
    described = tap.describe(cat, 10)
    tables = {t["name"]: t for t in described["tables"]}
    assert described["schema"] == "tapstudy" and not described["truncated"]
    assert {"tapstudy.cat", "tapstudy.big", "tapstudy.obscore"} <= set(tables)
    assert all(name.startswith("tapstudy.") for name in tables)
    columns = {c["name"]: c for c in tables["tapstudy.cat"]["columns"]}
    assert set(columns) == {"id", "ra", "dec", "mag", "name", "flag"}
    assert columns["ra"]["unit"] == "deg" and columns["ra"]["ucd"] == "pos.eq.ra;meta.main"
    assert columns["mag"]["description"] == "Synthetic V magnitude"


def test_describe_without_a_table_lists_all_schemas(dachs, make_dataset):
    described = tap.describe(make_dataset(resource=""), 10)
    names = {t["name"] for t in described["tables"]}
    assert {"tapstudy.cat", "tap_schema.tables"} <= names


def test_health(cat):
    report = tap.health(cat, 5)
    assert report.ok and 0 < report.latency_ms < 5000


def test_obscore_rows(dachs, make_dataset):
    dataset = make_dataset(resource="tapstudy.obscore")
    result = tap.search(dataset, SearchQuery(QueryKind.CONE, cone=ConeQuery(155.0, 0.0, 0.1)),
                        100, 10)
    images = [r for r in result.rows if r["dataproduct_type"] == "image"]
    assert images, result.rows
    image = images[0]
    assert image["id"].startswith("ivo://") and image["format"] == "image/fits"
    assert image["access_url"].endswith(".fits") and image["size"] > 1000
    assert abs(image["ra"] - 155.0) < 0.2 and image["title"]
