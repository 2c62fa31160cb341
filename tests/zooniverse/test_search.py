"""Keyword search of Zooniverse projects, alone and federated with the local DaCHS."""

from __future__ import annotations

import pytest

from query.connectors import NotApplicable, QueryKind, SearchQuery, get_connector
from tests.zooniverse.conftest import DATASET

GALAXY_APPROVED = {"1001", "1002", "1003", "1006", "1008"}  # 1004 is not launch-approved


def search(api, **body) -> dict:
    body.setdefault("wait", 30)
    response = api.post("/api/v1/searches/", body, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def rows_of(api, search_id: str, dataset: str) -> list[dict]:
    rows, page = [], 1
    while True:
        body = api.get(f"/api/v1/searches/{search_id}/results/",
                       {"dataset": dataset, "page": page, "page_size": 2}).json()
        rows.extend(body["results"])
        if not body["next"]:
            return rows
        page += 1


@pytest.mark.dachs
@pytest.mark.django_db(transaction=True)
def test_federated_keyword_search_finds_projects_next_to_dachs(api, zoo, panoptes):
    body = search(api, keyword="galaxy")
    runs = {run["dataset"]: run for run in body["runs"]}
    assert runs[DATASET]["status"] == "ok", runs[DATASET]
    assert runs[DATASET]["row_count"] == len(GALAXY_APPROVED)
    assert runs["dachs-cat"]["status"] == "not_applicable"
    assert runs["dachs-registry"]["status"] in ("ok", "overflow")  # RegTAP answers keywords
    rows = rows_of(api, body["id"], DATASET)
    assert {row["id"] for row in rows} == {f"project:{i}" for i in GALAXY_APPROVED}
    galaxy_zoo = next(row for row in rows if row["id"] == "project:1001")
    assert galaxy_zoo["title"] == "Galaxy Zoo"
    assert galaxy_zoo["access_url"] == "https://www.zooniverse.org/projects/zookeeper/galaxy-zoo"
    assert galaxy_zoo["dataproduct_type"] == "project"
    assert galaxy_zoo["thumbnail"] == f"{panoptes.base}/media/project_avatar/1001-avatar.jpeg"
    fields = galaxy_zoo["fields"]
    assert fields["project_id"] == 1001 and fields["slug"] == "zookeeper/galaxy-zoo"
    assert fields["state"] == "live" and fields["launch_approved"] is True
    assert fields["classifications_count"] == 98234511 and fields["completeness"] == 0.62
    sent = panoptes.api_requests("projects")
    assert sent and all(p["search"] == ["galaxy"] and p["cards"] == ["true"]
                        and p["launch_approved"] == ["true"] for p in sent)
    assert "search=galaxy" in runs[DATASET]["query_text"]


@pytest.mark.dachs
@pytest.mark.django_db(transaction=True)
def test_a_cone_is_not_applicable_to_zooniverse(api, zoo, panoptes):
    body = search(api, cone={"ra": 155.0, "dec": 0.0, "radius": 0.5},
                  datasets=[DATASET, "dachs-cat"])
    runs = {run["dataset"]: run for run in body["runs"]}
    assert runs[DATASET]["status"] == "not_applicable"
    assert runs["dachs-cat"]["status"] == "ok" and runs["dachs-cat"]["row_count"] == 29
    assert panoptes.api_requests("projects") == []


@pytest.mark.django_db
def test_search_follows_pages_without_duplicates_and_stops_at_the_limit(zoo, panoptes):
    zoo.options = {**zoo.options, "page_size": 2}
    connector = get_connector("zooniverse")
    query = SearchQuery(QueryKind.KEYWORD, keyword="galaxy")
    result = connector.search(zoo, query, 100, 10)
    ids = [row["id"] for row in result.rows]
    assert len(ids) == len(set(ids)) == 5 and result.overflow is False
    pages = panoptes.api_requests("projects")
    assert [p["page"] for p in pages] == [["1"], ["2"], ["3"]]
    assert all(p["page_size"] == ["2"] for p in pages)
    limited = connector.search(zoo, query, 3, 10)
    assert len(limited.rows) == 3 and limited.overflow is True


@pytest.mark.django_db
def test_unapproved_projects_only_when_the_dataset_allows(zoo, panoptes):
    zoo.options = {**zoo.options, "launch_approved_only": False}
    rows = get_connector("zooniverse").search(
        zoo, SearchQuery(QueryKind.KEYWORD, keyword="galaxy"), 100, 10).rows
    assert "project:1004" in {row["id"] for row in rows}
    assert "launch_approved" not in panoptes.api_requests("projects")[-1]


@pytest.mark.django_db
def test_other_query_kinds_are_not_applicable(zoo):
    with pytest.raises(NotApplicable):
        get_connector("zooniverse").search(
            zoo, SearchQuery(QueryKind.ADQL, adql="SELECT 1"), 10, 5)


@pytest.mark.django_db
def test_health_and_dataset_validation(staff_api, zoo, panoptes):
    response = staff_api.post(f"/api/v1/datasets/{DATASET}/health/")
    assert response.status_code == 200, response.content
    assert response.json()["health"]["ok"] is True, response.json()["health"]
    panoptes.inject("projects", status=503)
    failing = staff_api.post(f"/api/v1/datasets/{DATASET}/health/").json()["health"]
    assert failing["ok"] is False and "503" in failing["error"]
    bad = staff_api.patch(f"/api/v1/datasets/{DATASET}/", {"options": {"page_size": 500}},
                          format="json")
    assert bad.status_code == 400
    assert bad.json()["error"]["field"] == "options.page_size"


@pytest.mark.django_db
def test_no_matching_project_is_an_empty_result(zoo, panoptes):
    result = get_connector("zooniverse").search(
        zoo, SearchQuery(QueryKind.KEYWORD, keyword="quasar microlensing"), 10, 5)
    assert result.rows == [] and result.overflow is False
    assert len(panoptes.api_requests("projects")) == 1


def test_tag_words_filter_projects_by_tag(api, zoo):
    response = api.post("/api/v1/searches/", {"datasets": ["zooniverse"], "wait": 20,
                                              "keyword": "tag:radio galaxy",
                                              "include_results": 50}, format="json")
    body = response.json()
    assert body["runs"][0]["status"] == "ok"
    assert [row["title"] for row in body["results"]] == ["Radio Galaxy Zoo: LOFAR"]
    only_tags = api.post("/api/v1/searches/", {"datasets": ["zooniverse"], "wait": 20,
                                               "keyword": "tag:exoplanets",
                                               "include_results": 50}, format="json").json()
    assert [row["title"] for row in only_tags["results"]] == ["Planet Hunters TESS"]
    bad = api.post("/api/v1/searches/", {"datasets": ["zooniverse"], "keyword": "tag:a%b"},
                   format="json")
    assert bad.status_code == 400
