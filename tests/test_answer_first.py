"""A script's single-dataset search is answered from memory and stored right after the answer
has been sent: nobody may see it missing or half-stored."""

from __future__ import annotations

import threading

import pytest
from django.core.signals import request_finished, request_started

from esap import after_response
from query.connectors import SearchQuery
from query.models import DatasetRun, ResultRow, Search
from query.services import searches

pytestmark = [pytest.mark.dachs, pytest.mark.django_db(transaction=True)]
CONE = {"ra": 155.0, "dec": 0.0, "radius": 0.5}


def test_the_answer_and_what_is_stored_agree(api, local_archives):
    response = api.post("/api/v1/searches/", {"datasets": ["dachs-cat"], "cone": CONE,
                                               "wait": 30, "include_results": 100},
                        format="json")
    assert response.status_code == 201
    answer = response.json()
    stored = api.get(f"/api/v1/searches/{answer['id']}/").json()
    assert {k: v for k, v in answer.items() if k != "results"} == stored
    page = api.get(f"/api/v1/searches/{answer['id']}/results/", {"page_size": 100}).json()
    assert page["results"] == answer["results"] and len(page["results"]) == 29


SCRIPT_SEARCH = {"datasets": ["dachs-cat"], "cone": CONE, "wait": 30, "include_results": 5}


def test_the_embedded_default_answers_before_writing(api, local_archives, settings, monkeypatch):
    settings.ESAP_ANSWER_BEFORE_STORE = True
    deferred: list = []
    monkeypatch.setattr(after_response, "defer", deferred.append)
    response = api.post("/api/v1/searches/", SCRIPT_SEARCH, format="json")
    assert response.status_code == 201 and len(deferred) == 1
    assert not Search.objects.filter(pk=response.json()["id"]).exists()
    deferred[0]()
    assert Search.objects.filter(pk=response.json()["id"]).exists()


def test_several_processes_without_celery_write_before_answering(api, local_archives, settings,
                                                                  monkeypatch):
    settings.ESAP_ANSWER_BEFORE_STORE = False
    deferred: list = []
    monkeypatch.setattr(after_response, "defer", deferred.append)
    response = api.post("/api/v1/searches/", SCRIPT_SEARCH, format="json")
    assert response.status_code == 201 and deferred == []
    assert Search.objects.filter(pk=response.json()["id"]).exists()
    monkeypatch.setattr(DatasetRun, "save", broken_save)  # a write that fails: 503, not 201
    failed = api.post("/api/v1/searches/", SCRIPT_SEARCH, format="json")
    assert failed.status_code == 503 and failed.json()["error"]["code"] == "unavailable"


def test_a_reader_racing_the_store_waits_for_it(local_archives):
    started = start_inline()
    assert not Search.objects.filter(pk=started.search.pk).exists()  # answered, not stored
    seen: list[Search] = []
    reader = threading.Thread(target=lambda: seen.append(
        searches.get_search(started.search.pk, None)))
    reader.start()
    reader.join(0.3)
    assert reader.is_alive()  # waiting rather than answering "no such search"
    started.store()
    reader.join(10)
    assert seen and [run.row_count for run in seen[0].runs.all()] == [29]
    assert ResultRow.objects.filter(run__search=started.search.pk).count() == 29


def test_a_store_that_fails_releases_readers(local_archives, monkeypatch, caplog):
    started = start_inline()
    monkeypatch.setattr(DatasetRun, "save", broken_save)
    started.store()
    assert "could not be stored" in caplog.text
    with pytest.raises(searches.NotFound):
        searches.get_search(started.search.pk, None)  # at once, no 10 s wait
    assert not Search.objects.filter(pk=started.search.pk).exists()  # nothing half-stored


def test_deferred_work_runs_when_the_request_finishes_or_at_the_next_one():
    calls: list[str] = []
    after_response.defer(lambda: calls.append("first"))
    assert calls == []
    request_finished.send(sender=None)
    assert calls == ["first"]
    after_response.defer(lambda: calls.append("left over"))
    request_started.send(sender=None, environ={})
    assert calls == ["first", "left over"]


def start_inline() -> searches.StartedSearch:
    query = SearchQuery.from_json({"kind": "cone", "cone": CONE})
    datasets = searches.select_datasets(["dachs-cat"], query)
    started = searches.start_search(datasets=datasets, query=query, wait=60)
    assert started.store is not None and started.finished
    return started


def broken_save(*args: object, **kwargs: object) -> None:
    from django.db import OperationalError
    raise OperationalError("database is locked")
