"""A Rucio data lake that is down, hangs, errors or refuses ESAP's credentials: each becomes
the dataset's own status in a federated search (the healthy lake still answers) and a clear
JSON error on the DID API; nothing leaks."""

from __future__ import annotations

import pytest

from query.models import Dataset
from tests.conftest import error_of
from tests.support.fault_server import closed_port_url, fault_server  # noqa: F401 (fixture)

pytestmark = [pytest.mark.rucio, pytest.mark.django_db(transaction=True)]


def lake_at(slug: str, url: str, **auth) -> None:
    model = Dataset.objects.get(slug="rucio-lake")
    options = {**model.options, "auth": {**model.options["auth"], **auth}}
    Dataset.objects.create(archive=model.archive, slug=slug, name=slug, connector_type="rucio",
                           service_url=url, options=options, timeout=2.0)


@pytest.fixture
def broken_lakes(lake, fault_server):  # noqa: F811
    lake_at("lake-down", closed_port_url())
    lake_at("lake-hangs", fault_server.url("hang"))
    lake_at("lake-500", fault_server.url("status", "500"))
    lake_at("lake-garbage", fault_server.url("garbage"))
    lake_at("lake-wrong-password", "http://127.0.0.1:28180", password_env="ESAP_NO_SUCH_VAR")
    lake_at("lake-refused", "http://127.0.0.1:28180", username="nobody")
    return fault_server


def test_every_broken_lake_gets_its_own_status(api, broken_lakes):
    response = api.post("/api/v1/searches/", {
        "datasets": ["rucio-lake", "lake-down", "lake-hangs", "lake-500", "lake-garbage",
                     "lake-wrong-password", "lake-refused"],
        "did": {"pattern": "user.alice:*calib*", "type": "dataset"}, "wait": 20},
        format="json")
    body = response.json()
    runs = {r["dataset"]: r for r in body["runs"]}
    assert body["complete"] is True
    assert (runs["rucio-lake"]["status"], runs["rucio-lake"]["row_count"]) == ("ok", 2)
    assert runs["lake-down"]["error"]["code"] == "archive_unreachable"
    assert runs["lake-hangs"]["status"] == "timeout"
    assert runs["lake-500"]["error"]["code"] == "archive_error"
    assert runs["lake-garbage"]["error"]["code"] == "archive_error"
    assert "not configured" in runs["lake-wrong-password"]["error"]["message"]
    assert "service credentials" in runs["lake-refused"]["error"]["message"]
    text = response.content.decode()
    assert "Traceback" not in text and "esap-secret" not in text and "/var/lib" not in text


def test_did_api_errors_are_json(api, broken_lakes):
    for slug, status in (("lake-down", 502), ("lake-hangs", 504), ("lake-500", 502)):
        response = api.get(f"/api/v1/rucio/{slug}/dids/user.alice/alice_all/")
        assert response.status_code == status, (slug, response.content)
        assert error_of(response)["message"]


def test_bad_configuration_is_refused_by_the_registry(staff_api, lake):
    model = Dataset.objects.get(slug="rucio-lake")
    for options, field in (({"auth": {"mode": "magic"}}, "options.auth"),
                           ({"auth": {"mode": "userpass", "account": "esap"}},
                            "options.auth.username"),
                           ({**model.options, "destinations": [{"key": "X Y",
                                                                "rse_expression": "A"}]},
                            "options.destinations[0].key"),
                           ({**model.options, "default_lifetime_days": 90},
                            "options.default_lifetime_days")):
        response = staff_api.patch(f"/api/v1/datasets/{model.slug}/", {"options": options},
                                   format="json")
        assert response.status_code == 400, response.content
        assert error_of(response)["field"] == field
