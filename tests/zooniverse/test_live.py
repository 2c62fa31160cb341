"""The connector against the public Zooniverse API (marked ``live``: needs the internet,
excluded from CI; run on a schedule: ``pytest -m live tests/zooniverse``)."""

from __future__ import annotations

import pytest

from query.connectors import QueryKind, SearchQuery, get_connector
from query.models import Archive, Dataset

pytestmark = [pytest.mark.live, pytest.mark.django_db]


@pytest.fixture
def public_zooniverse() -> Dataset:
    archive = Archive.objects.create(slug="zooniverse-live", name="Zooniverse")
    return Dataset.objects.create(
        archive=archive, slug="zooniverse-live", name="Zooniverse projects",
        connector_type="zooniverse", service_url="https://www.zooniverse.org/api",
        options={"page_size": 10}, timeout=30, row_limit=100)


def test_anonymous_project_search_and_pages(api, public_zooniverse):
    result = get_connector("zooniverse").search(
        public_zooniverse, SearchQuery(QueryKind.KEYWORD, keyword="galaxy"), 15, 30)
    assert result.rows, "Zooniverse found no launch-approved 'galaxy' project"
    ids = [row["id"] for row in result.rows]
    assert len(ids) == len(set(ids)) and all(i.startswith("project:") for i in ids)
    assert all(row["fields"]["launch_approved"] for row in result.rows)
    first = result.rows[0]
    assert first["access_url"].startswith("https://www.zooniverse.org/projects/")
    project_id = first["fields"]["project_id"]
    detail = api.get(f"/api/v1/zooniverse/zooniverse-live/projects/{project_id}/")
    assert detail.status_code == 200, detail.content
    assert detail.json()["id"] == project_id and detail.json()["owner"] is False
    subjects = api.get("/api/v1/zooniverse/zooniverse-live/subjects/",
                       {"project": project_id, "page_size": 5})
    assert subjects.status_code == 200, subjects.content
    got = [s["id"] for s in subjects.json()["results"]]
    assert got == sorted(got)
    assert api.get("/api/v1/zooniverse/zooniverse-live/projects/999999999/").status_code == 404
