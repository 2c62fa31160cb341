"""Classification exports: owners only, pending then ready, download, basket."""

from __future__ import annotations

import pytest
from django.test import override_settings

from esap import taskrunner
from tests.conftest import error_of
from tests.zooniverse.conftest import DATASET, sign_in, user_api
from zooniverse_connector.models import ZooniverseExport

pytestmark = pytest.mark.django_db
EXPORTS = "/api/v1/zooniverse/exports/"


def request_export(client, project: int = 1001, kind: str = "classifications"):
    return client.post(f"/api/v1/zooniverse/{DATASET}/projects/{project}/exports/",
                       {"kind": kind}, format="json")


@pytest.fixture
def owner(django_user_model, zoo):
    client = user_api(django_user_model, "olivia")
    assert sign_in(client, "owner", "owner-pw").status_code == 200
    return client


def test_owner_requests_an_export_that_becomes_ready(owner, panoptes):
    assert owner.get(f"/api/v1/zooniverse/{DATASET}/projects/1001/").json()["owner"] is True
    response = request_export(owner)
    assert response.status_code == 202, response.content
    export = response.json()
    assert export["state"] == "pending" and export["project_name"] == "Galaxy Zoo"
    assert export["kind"] == "classifications" and export["dataset"] == DATASET
    assert export["download_url"] == ""
    post = [r for r in panoptes.requests if r[0] == "POST" and r[1].endswith("_export")]
    assert post[0][3]["Authorization"].startswith("Bearer tok-501-")
    detail = f"{EXPORTS}{export['id']}/"
    assert owner.get(detail, {"refresh": "true"}).json()["state"] == "pending"
    assert error_of(owner.get(f"{detail}download/"))["code"] == "export_not_ready"
    panoptes.finish_export("1001")
    ready = owner.get(detail, {"refresh": "true"}).json()
    assert ready["state"] == "ready" and ready["ready_at"]
    assert ready["download_url"] == \
        f"{panoptes.base}/media/project_classifications_export/1001-export.csv"
    download = owner.get(f"{detail}download/")
    assert download.status_code == 200
    assert download["Content-Type"].startswith("text/csv")
    body = b"".join(download.streaming_content).decode()
    assert body.startswith("classification_id,user_name") and body.count("\n") == 13
    listing = owner.get(EXPORTS).json()
    assert listing["count"] == 1 and listing["results"][0]["id"] == export["id"]


def test_collaborator_may_export_and_volunteer_may_not(django_user_model, zoo, panoptes):
    collaborator = user_api(django_user_model, "carl")
    sign_in(collaborator, "collaborator", "collab-pw")
    assert collaborator.get(f"/api/v1/zooniverse/{DATASET}/projects/1001/").json()["owner"]
    assert request_export(collaborator, kind="subjects").status_code == 202
    volunteer = user_api(django_user_model, "vera")
    sign_in(volunteer, "volunteer", "volunteer-pw")
    assert volunteer.get(f"/api/v1/zooniverse/{DATASET}/projects/1001/").json()["owner"] \
        is False
    response = request_export(volunteer)
    assert response.status_code == 403
    assert error_of(response)["code"] == "permission_denied"
    assert not ZooniverseExport.objects.filter(owner=volunteer.user).exists()


def test_export_needs_a_zooniverse_sign_in(django_user_model, api, zoo):
    assert request_export(api).status_code in (401, 403)
    client = user_api(django_user_model, "nick")
    response = request_export(client)
    assert response.status_code == 401
    assert error_of(response)["code"] == "zooniverse_login_required"


def test_export_input_errors(owner):
    assert error_of(request_export(owner, kind="everything"))["field"] == "kind"
    assert error_of(owner.post(f"/api/v1/zooniverse/{DATASET}/projects/x/exports/",
                               {}, format="json"))["field"] == "project_id"
    missing = request_export(owner, project=999999)
    assert missing.status_code == 404 and error_of(missing)["code"] == "not_found"


def test_exports_are_private_to_their_owner(owner, django_user_model):
    export = request_export(owner).json()
    other = user_api(django_user_model, "mallory")
    for url in (f"{EXPORTS}{export['id']}/", f"{EXPORTS}{export['id']}/download/"):
        assert other.get(url).status_code == 404
    assert other.post(f"{EXPORTS}{export['id']}/basket/").status_code == 404
    assert other.get(EXPORTS).json()["count"] == 0


@pytest.mark.django_db(transaction=True)  # the check runs in a pool thread
@override_settings(ESAP_ZOONIVERSE_REFRESH_SECONDS=0)
def test_stale_pending_exports_are_rechecked_in_the_background(owner, panoptes):
    export = request_export(owner).json()
    panoptes.finish_export("1001")
    owner.get(f"{EXPORTS}{export['id']}/")  # stale: a background check starts
    assert taskrunner.wait_idle(timeout=20)
    stored = ZooniverseExport.objects.get(pk=export["id"])
    assert stored.state == "ready" and stored.download_url


def test_downloads_come_only_from_media_hosts(owner, panoptes, zoo):
    export = request_export(owner).json()
    panoptes.finish_export("1001")
    owner.get(f"{EXPORTS}{export['id']}/", {"refresh": "true"})
    zoo.options = {**zoo.options, "media_hosts": ["panoptes-uploads.zooniverse.org"]}
    zoo.save()
    response = owner.get(f"{EXPORTS}{export['id']}/download/")
    assert response.status_code == 502
    assert error_of(response)["code"] == "media_host_refused"
    assert error_of(owner.post(f"{EXPORTS}{export['id']}/basket/"))["code"] == \
        "media_host_refused"


def test_ready_export_goes_to_the_basket(owner, panoptes):
    export = request_export(owner).json()
    assert error_of(owner.post(f"{EXPORTS}{export['id']}/basket/"))["code"] == \
        "export_not_ready"
    panoptes.finish_export("1001")
    owner.get(f"{EXPORTS}{export['id']}/", {"refresh": "true"})
    added = owner.post(f"{EXPORTS}{export['id']}/basket/")
    assert added.status_code == 200 and added.json()["added"] == 1
    again = owner.post(f"{EXPORTS}{export['id']}/basket/").json()
    assert (again["added"], again["existing"]) == (0, 1)
    item = owner.get("/api/v1/basket/items/").json()["results"][0]
    assert item["item_type"] == "data_product" and item["dataset"] == DATASET
    assert item["metadata"]["access_url"].endswith("/1001-export.csv")
    assert item["metadata"]["project_id"] == 1001
