"""Misbehaving archives (tests/support/fault_server.py): every failure becomes the right
ConnectorError, within the dataset's timeout."""

from __future__ import annotations

import time

import pytest
from django.test import override_settings

from query.connectors import (
    ArchiveError,
    ArchiveTimeout,
    ArchiveUnreachable,
    BadQuery,
    ConeQuery,
    QueryKind,
    SearchQuery,
    get_connector,
)
from tests.support.fault_server import closed_port_url

CONE = SearchQuery(QueryKind.CONE, cone=ConeQuery(155.0, 0.0, 0.5))
ADQL = SearchQuery(QueryKind.ADQL, adql="SELECT * FROM tapstudy.cat")
TIMEOUT = 1.5


def run(dataset, query=CONE, limit=10, timeout=TIMEOUT):
    started = time.monotonic()
    try:
        return get_connector(dataset.connector_type).search(dataset, query, limit, timeout)
    finally:
        run.elapsed = time.monotonic() - started


CASES = [
    # (path, expected error, words in the message)
    ("hang", ArchiveTimeout, "did not answer within 1.5 s"),
    ("slow/5", ArchiveTimeout, "did not answer within"),
    ("drip/0.2", ArchiveTimeout, "within 1.5 s"),
    ("status/500", ArchiveError, "HTTP 500"),
    ("status/503", ArchiveError, "temporarily unavailable (HTTP 503)"),
    ("status/404", ArchiveError, "HTTP 404"),
    ("ratelimit/7", ArchiveError, "Retry after 7 s"),
    ("error-votable/internal", ArchiveError, "Internal error"),
    ("error-votable/timeout", ArchiveTimeout, "timed out"),
    ("truncated", ArchiveError, "closed the connection"),
    ("unfinished", ArchiveError, "truncated"),
    ("garbage", ArchiveError, "not a VOTable (text/html)"),
    ("badvalue", ArchiveError, "could not be read"),
]


@pytest.mark.parametrize("connector_type", ["ivoa-tap", "ivoa-scs", "ivoa-sia"])
@pytest.mark.parametrize("path, error, words", CASES)
def test_failures_map_to_connector_errors(make_dataset, fault_server, connector_type, path,
                                          error, words):
    dataset = make_dataset(connector_type, fault_server.url(path), resource="tapstudy.cat")
    with pytest.raises(error) as caught:
        run(dataset)
    assert type(caught.value) is error or issubclass(type(caught.value), error)
    assert words in caught.value.message
    assert run.elapsed < TIMEOUT + 1.0
    assert ".py" not in caught.value.message and "/srv/" not in caught.value.message


def test_error_votable_for_a_tap_query_is_a_bad_query(make_dataset, fault_server):
    dataset = make_dataset("ivoa-tap", fault_server.url("error-votable", "query"))
    with pytest.raises(BadQuery, match="Could not parse your query") as caught:
        run(dataset, ADQL)
    assert caught.value.field == "adql"


def test_scs_error_info_is_an_archive_error(make_dataset, fault_server):
    dataset = make_dataset("ivoa-scs", fault_server.url("error-votable", "scs"))
    with pytest.raises(ArchiveError, match="Required parameter 'SR' missing"):
        run(dataset)


@pytest.mark.parametrize("connector_type", ["ivoa-tap", "ivoa-scs", "ivoa-sia", "ivoa-registry"])
def test_connection_refused_is_unreachable(make_dataset, connector_type):
    dataset = make_dataset(connector_type, closed_port_url() + "/tap", resource="tapstudy.cat")
    query = SearchQuery(QueryKind.KEYWORD, keyword="x") if connector_type == "ivoa-registry" \
        else CONE
    with pytest.raises(ArchiveUnreachable, match="could not be reached"):
        run(dataset, query)
    assert run.elapsed < 1.0


def test_slow_but_valid_answer_within_the_timeout(make_dataset, fault_server):
    dataset = make_dataset("ivoa-tap", fault_server.url("slow", "0.3"), resource="t")
    result = run(dataset, limit=2, timeout=3)
    assert [r["id"] for r in result.rows] == ["1", "2"] and result.overflow
    assert 0.3 <= run.elapsed < 3
    method, path, params = fault_server.requests[-1]
    assert (method, path) == ("POST", "/slow/0.3/sync")
    assert params["MAXREC"] == "3" and params["LANG"] == "ADQL"


def test_async_job_that_never_finishes_is_aborted_and_deleted(make_dataset, fault_server):
    dataset = make_dataset("ivoa-tap", fault_server.url("uws-hang"), resource="t",
                           options={"mode": "async"})
    with pytest.raises(ArchiveTimeout, match="did not finish within 2 s"):
        run(dataset, timeout=2.0)
    assert run.elapsed < 2.0 + 3.5  # + the bounded clean-up
    calls = [(m, p, params.get("PHASE")) for m, p, params in fault_server.requests]
    assert ("POST", "/uws-hang/async/job1/phase", "RUN") in calls
    assert ("POST", "/uws-hang/async/job1/phase", "ABORT") in calls
    assert ("DELETE", "/uws-hang/async/job1", None) in calls
    duration = [params for m, p, params in fault_server.requests
                if p.endswith("/executionduration")]
    assert duration == [{"EXECUTIONDURATION": "2"}]  # the search timeout


def test_health_reports_failures_without_raising(make_dataset, fault_server):
    for connector_type in ("ivoa-tap", "ivoa-scs"):
        dataset = make_dataset(connector_type, fault_server.url("status", "500"))
        report = get_connector(connector_type).health(dataset, 1.0)
        assert not report.ok and "HTTP 500" in report.message
    dataset = make_dataset("ivoa-tap", closed_port_url())
    assert not get_connector("ivoa-tap").health(dataset, 1.0).ok


@override_settings(ESAP_EXPORT_MAX_ROWS=10)
def test_csv_export_marks_the_archives_own_hard_limit(make_dataset, fault_server):
    dataset = make_dataset("ivoa-tap", fault_server.url("caps", "3"), resource="t")
    stream = get_connector("ivoa-tap").export(dataset, ADQL, "csv", 2.0)
    body = b"".join(stream.chunks)
    stream.close()
    assert body.endswith(b"3,152.5,-3.25\r\n# OVERFLOW: result truncated at 3 rows by the "
                         b"archive\n")


@pytest.mark.parametrize("path, error, words", [
    ("status/500", ArchiveError, "HTTP 500"),
    ("error-votable/query", BadQuery, "Could not parse"),
    ("garbage", ArchiveError, "not a VOTable"),
    ("hang", ArchiveTimeout, "did not answer within"),
])
def test_export_errors_are_raised_before_streaming(make_dataset, fault_server, path, error,
                                                   words):
    dataset = make_dataset("ivoa-tap", fault_server.url(path), resource="t")
    started = time.monotonic()
    with pytest.raises(error, match=words):
        get_connector("ivoa-tap").export(dataset, ADQL, "votable", 1.0)
    assert time.monotonic() - started < 2.5
