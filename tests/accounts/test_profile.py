"""Profile (identity, groups, preferences) and the admin-configured analysis choices."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from rest_framework.test import APIClient

from accounts.models import UserIdentity
from analysis.models import ComputeFacility, SoftwareRepository
from tests.conftest import error_of

pytestmark = pytest.mark.django_db

PROFILE = "/api/v1/profile/"


@pytest.fixture
def choices(db) -> None:
    ComputeFacility.objects.create(slug="hub", name="Science hub", kind="jupyterhub",
                                   url="https://hub.example.org", ordering=2)
    ComputeFacility.objects.create(slug="binder", name="Binder", kind="binderhub",
                                   url="https://mybinder.org", ordering=1)
    ComputeFacility.objects.create(slug="old", name="Old", kind="batch",
                                   url="https://old.example.org", enabled=False)
    SoftwareRepository.objects.create(slug="ossr", name="OSSR", kind="zenodo",
                                      url="https://zenodo.org/communities/escape2020")


def test_profile_describes_the_account(alice, alice_api):
    alice.groups.add(Group.objects.create(name="lofar"), Group.objects.create(name="cta"))
    assert alice_api.get(PROFILE).json() == {
        "username": "alice", "name": "Alice Liddell", "email": "alice@example.org",
        "identity_provider": "local", "groups": ["cta", "lofar"], "preferred_facilities": [],
        "preferred_repositories": [], "default_staging_destination": ""}


def test_preferences_are_validated_against_enabled_choices(alice_api, choices):
    response = alice_api.patch(PROFILE, {"preferred_facilities": ["hub", "binder"],
                                         "preferred_repositories": ["ossr"],
                                         "default_staging_destination": " rucio:LOFAR_DISK "},
                               format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["preferred_facilities"] == ["binder", "hub"]  # admin ordering
    assert body["preferred_repositories"] == ["ossr"]
    assert body["default_staging_destination"] == "rucio:LOFAR_DISK"
    for field, value in (("preferred_facilities", ["old"]),
                         ("preferred_facilities", ["nope"]),
                         ("preferred_repositories", ["hub"])):
        bad = alice_api.patch(PROFILE, {field: value}, format="json")
        assert bad.status_code == 400 and error_of(bad)["field"] == field
    # A facility disabled later disappears from the profile.
    ComputeFacility.objects.filter(slug="hub").update(enabled=False)
    assert alice_api.get(PROFILE).json()["preferred_facilities"] == ["binder"]
    assert alice_api.patch(PROFILE, {"preferred_facilities": []},
                           format="json").json()["preferred_facilities"] == []


def test_local_accounts_change_name_and_email(alice_api):
    body = alice_api.patch(PROFILE, {"name": "Alice P. Liddell", "email": "a@example.net"},
                           format="json").json()
    assert (body["name"], body["email"]) == ("Alice P. Liddell", "a@example.net")
    bad = alice_api.patch(PROFILE, {"email": "not an address"}, format="json")
    assert bad.status_code == 400 and error_of(bad)["field"] == "email"


def test_external_identities_keep_name_and_email_from_their_provider(alice, alice_api):
    UserIdentity.objects.create(user=alice, issuer="https://iam.example.org/",
                                subject="abc-123", provider="ESCAPE IAM")
    assert alice_api.get(PROFILE).json()["identity_provider"] == "ESCAPE IAM"
    response = alice_api.patch(PROFILE, {"name": "Someone else"}, format="json")
    assert response.status_code == 400 and error_of(response)["field"] == "name"
    assert alice_api.patch(PROFILE, {"default_staging_destination": "x"},
                           format="json").status_code == 200


def test_analysis_choices_list_enabled_ones_in_admin_order(choices):
    client = APIClient()
    facilities = client.get("/api/v1/analysis/facilities/").json()
    assert [f["slug"] for f in facilities["results"]] == ["binder", "hub"]
    assert facilities["results"][0] == {"slug": "binder", "name": "Binder", "kind": "binderhub",
                                        "url": "https://mybinder.org", "description": ""}
    assert client.get("/api/v1/analysis/facilities/old/").status_code == 404
    assert client.get("/api/v1/analysis/facilities/hub/").json()["kind"] == "jupyterhub"
    repositories = client.get("/api/v1/analysis/repositories/").json()
    assert [r["slug"] for r in repositories["results"]] == ["ossr"]
    assert client.post("/api/v1/analysis/facilities/", {}, format="json").status_code in (
        401, 403, 405)
