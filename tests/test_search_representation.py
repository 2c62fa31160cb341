"""The search answer is built by hand on the hot path (SearchSerializer/RunSerializer
to_representation); it must say exactly what DRF's declared fields (the published schema)
would say, for finished, failed and pending runs alike."""

from __future__ import annotations

import pytest
from rest_framework import serializers

from query.api.search_answers import RunSerializer, SearchSerializer
from query.models import Dataset, DatasetRun, Search

pytestmark = [pytest.mark.dachs, pytest.mark.django_db(transaction=True)]
CONE = {"ra": 155.0, "dec": 0.0, "radius": 0.5}


def declared_representation(serializer: serializers.ModelSerializer, instance: object) -> dict:
    """What DRF makes of the declared fields, bypassing the hand-built override."""
    return dict(serializers.ModelSerializer.to_representation(serializer, instance))


def test_search_answers_match_the_declared_fields(api, local_archives):
    response = api.post("/api/v1/searches/", {"datasets": ["dachs-cat", "broken-refused"],
                                               "cone": CONE, "wait": 30, "timeout": 10},
                        format="json")
    assert response.status_code == 201, response.content
    finished = Search.objects.get(pk=response.json()["id"])
    pending = Search.objects.create(query={"kind": "cone", "cone": CONE}, row_limit=5,
                                    timeout=2.5)
    DatasetRun.objects.create(search=pending, dataset=Dataset.objects.get(slug="dachs-scs"))

    compared_runs = 0
    for search in (finished, pending):
        serializer = SearchSerializer(search)
        built = serializer.data
        declared = declared_representation(SearchSerializer(search), search)
        assert built == declared
        for run in search.runs.all():
            assert RunSerializer().to_representation(run) == \
                declared_representation(RunSerializer(run), run)
            compared_runs += 1
    statuses = {run["status"] for run in SearchSerializer(finished).data["runs"]}
    assert statuses == {"ok", "error"}  # a run with columns and timings, one with an error
    assert compared_runs == 3
