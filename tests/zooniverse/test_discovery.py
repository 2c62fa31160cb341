"""Project pages through the API: a project, workflows, subject sets, subjects (paged)."""

from __future__ import annotations

import json

import pytest
import requests

from tests.conftest import error_of
from tests.support.panoptes_server import ACCEPT, DATA
from tests.zooniverse.conftest import DATASET

pytestmark = pytest.mark.django_db
BASE = f"/api/v1/zooniverse/{DATASET}"


def test_project_detail(api, zoo, panoptes):
    response = api.get(f"{BASE}/projects/1001/")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["id"] == 1001 and body["display_name"] == "Galaxy Zoo"
    assert body["slug"] == "zookeeper/galaxy-zoo"
    assert body["project_url"] == "https://www.zooniverse.org/projects/zookeeper/galaxy-zoo"
    assert body["introduction"].startswith("Galaxy Zoo needs your help")
    assert body["avatar"] == f"{panoptes.base}/media/project_avatar/1001-avatar.jpeg"
    assert (body["subjects_count"], body["classifiers_count"]) == (30, 412398)
    assert body["state"] == "live" and body["launch_approved"] is True
    assert body["owner"] is False  # anonymous
    sent = panoptes.requests[-1]
    assert sent[3]["Accept"] == "application/vnd.api+json; version=1"
    assert "Authorization" not in sent[3]


def test_workflows_and_subject_sets(api, zoo):
    workflows = api.get(f"{BASE}/projects/1001/workflows/").json()
    assert workflows["count"] == 3 and workflows["next_page"] is None
    assert workflows["results"][0] == {
        "id": 3001, "display_name": "Galaxy morphology (DECaLS)", "active": True,
        "subjects_count": 20, "classifications_count": 51234, "completeness": 0.7}
    assert [w["active"] for w in workflows["results"]] == [True, True, False]
    sets = api.get(f"{BASE}/projects/1001/subject-sets/").json()
    assert [(s["id"], s["set_member_subjects_count"]) for s in sets["results"]] == [
        (2001, 25), (2002, 5)]
    paged = api.get(f"{BASE}/projects/1001/workflows/", {"page_size": 2}).json()
    assert (paged["page_count"], paged["next_page"], len(paged["results"])) == (2, 2, 2)


def test_subjects_are_paged_by_id_without_duplicates_or_gaps(api, zoo, panoptes):
    seen, page = [], 1
    while page:
        body = api.get(f"{BASE}/subjects/", {"project": 1001, "page": page,
                                             "page_size": 7}).json()
        assert body["count"] == 30 and body["page_size"] == 7
        seen.extend(s["id"] for s in body["results"])
        page = body["next_page"]
    assert seen == list(range(80001, 80031))  # every subject once, in id order
    assert all(p["sort"] == ["id"] for p in panoptes.api_requests("subjects"))
    first = api.get(f"{BASE}/subjects/", {"project": 1001}).json()
    assert first["page_size"] == 20 and first["page_count"] == 2 and first["next_page"] == 2
    subject = first["results"][0]
    assert subject["locations"] == [
        {"type": "image/jpeg", "url": f"{panoptes.base}/media/subject_location/80001-a.jpeg"},
        {"type": "image/png", "url": f"{panoptes.base}/media/subject_location/80001-b.png"}]
    assert subject["thumbnail"] == subject["locations"][0]["url"]
    assert subject["metadata"]["#survey"] == "DECaLS"
    assert subject["talk_url"] == "https://www.zooniverse.org/talk/subjects/80001"
    last = api.get(f"{BASE}/subjects/", {"project": 1001, "page": 2}).json()
    assert len(last["results"]) == 10 and last["next_page"] is None


def test_subjects_of_a_subject_set(api, zoo, panoptes):
    body = api.get(f"{BASE}/subjects/", {"subject_set": 2002}).json()
    assert [s["id"] for s in body["results"]] == [80026, 80027, 80028, 80029, 80030]
    assert panoptes.api_requests("subjects")[-1]["subject_set_id"] == ["2002"]


def test_panoptes_clamps_page_size_and_we_refuse_more_than_100(api, zoo):
    response = api.get(f"{BASE}/subjects/", {"project": 1001, "page_size": 101})
    assert response.status_code == 400 and error_of(response)["field"] == "page_size"
    body = api.get(f"{BASE}/subjects/", {"project": 1001, "page_size": 100}).json()
    assert len(body["results"]) == 30 and body["next_page"] is None


@pytest.mark.parametrize(("url", "params", "field"), [
    ("projects/abc/", {}, "project_id"),
    ("projects/0/", {}, "project_id"),
    ("projects/-3/workflows/", {}, "project_id"),
    ("projects/12345678901234567890/", {}, "project_id"),
    ("subjects/", {"project": "1 OR 1"}, "project"),
    ("subjects/", {"subject_set": "x"}, "subject_set"),
    ("subjects/", {}, "project"),
    ("subjects/", {"project": 1001, "subject_set": 2001}, "project"),
    ("subjects/", {"project": 1001, "page": 0}, "page"),
    ("projects/1001/subject-sets/", {"page": "two"}, "page"),
])
def test_malformed_ids_and_pages_are_400_naming_the_field(api, zoo, panoptes, url, params,
                                                          field):
    response = api.get(f"{BASE}/{url}", params)
    assert response.status_code == 400, response.content
    error = error_of(response)
    assert (error["code"], error["field"]) == ("invalid", field)
    assert panoptes.requests == []  # nothing was sent


def test_unknown_project_and_subject_set_are_404(api, zoo):
    for url, params in [("projects/999999/", {}), ("projects/999999/workflows/", {}),
                        ("projects/999999/subject-sets/", {}),
                        ("subjects/", {"subject_set": 2999}),
                        ("subjects/", {"project": 999999})]:
        response = api.get(f"{BASE}/{url}", params)
        assert response.status_code == 404, (url, response.content)
        assert error_of(response)["code"] == "not_found"


def test_non_zooniverse_or_unknown_datasets(api, zoo):
    assert api.get("/api/v1/zooniverse/no-such/projects/1/").status_code == 404
    response = api.get("/api/v1/zooniverse/dachs-cat/projects/1/")
    assert response.status_code == 400 and error_of(response)["code"] == "not_zooniverse"


def test_the_fixture_server_answers_like_the_recorded_pages(panoptes):
    """The server's pages have the recorded documents' shape (resources, links, meta)."""
    for name, page in (("subjects_page1.json", 1), ("subjects_page2.json", 2)):
        recorded = json.loads((DATA / name).read_text())
        served = requests.get(f"{panoptes.api_url}/subjects", timeout=5, headers={
            "Accept": ACCEPT}, params={"project_id": 1001, "sort": "id", "page": page}).json()
        assert set(served) >= {"subjects", "links", "meta"}
        assert set(served["meta"]["subjects"]) == set(recorded["meta"]["subjects"])
        for key in ("page", "page_size", "count", "page_count", "previous_page", "next_page"):
            assert served["meta"]["subjects"][key] == recorded["meta"]["subjects"][key], key
        assert [s["id"] for s in served["subjects"]] == [s["id"] for s in recorded["subjects"]]
    last = served["meta"]["subjects"]
    assert last["next_href"] is None and last["previous_href"].startswith("/subjects?")


def test_past_the_last_page_is_empty(api, zoo):
    body = api.get(f"{BASE}/subjects/", {"project": 1001, "page": 9}).json()
    assert body["results"] == [] and body["next_page"] is None and body["count"] == 30
