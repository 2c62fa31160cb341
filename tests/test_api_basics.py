"""Platform basics that need no archive: schema, docs, health, registry API, input errors."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT, error_of

pytestmark = pytest.mark.django_db


def test_openapi_schema_documents_every_endpoint_and_the_error_body(api):
    response = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    for path in ["/api/v1/searches/", "/api/v1/searches/{id}/results/",
                 "/api/v1/searches/{id}/export/", "/api/v1/archives/", "/api/v1/datasets/",
                 "/api/v1/datasets/{slug}/tables/", "/api/health/"]:
        assert path in schema["paths"], path
    create = schema["paths"]["/api/v1/searches/"]["post"]["responses"]
    assert create["400"]["content"]["application/json"]["schema"]["$ref"].endswith("/Error")
    assert "Error" in schema["components"]["schemas"]


def test_browsable_docs_page(api):
    response = api.get("/api/docs/")
    assert response.status_code == 200
    assert b"swagger" in response.content.lower()


def test_health_reports_database_and_no_broker_in_embedded_default(api):
    body = api.get("/api/health/").json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True
    assert body["broker"]["ok"] is None
    assert body["task_runner"] == "threads"


def test_unknown_api_path_is_a_json_404(api):
    response = api.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


def test_public_reads_archives_and_datasets_with_filters(api, local_archives):
    archives = api.get("/api/v1/archives/").json()
    assert {a["slug"] for a in archives["results"]} == {
        "local-dachs", "local-registry", "broken-archive", "escape-datalake",
        "zooniverse"}
    datasets = api.get("/api/v1/datasets/", {"archive": "local-dachs",
                                             "connector_type": "ivoa-tap"}).json()
    assert {d["slug"] for d in datasets["results"]} == {"dachs-cat", "dachs-big", "dachs-obscore"}
    cat = api.get("/api/v1/datasets/dachs-cat/").json()
    assert "cone" in cat["capabilities"]["query_kinds"]
    assert set(cat["health"]) == {"ok", "checked_at", "latency_ms", "error"}


def test_anonymous_cannot_change_the_registry(api, local_archives):
    response = api.post("/api/v1/archives/", {"slug": "x", "name": "X"}, format="json")
    assert response.status_code in (401, 403)
    error_of(response)
    response = api.delete("/api/v1/datasets/dachs-cat/")
    assert response.status_code in (401, 403)


def test_staff_create_and_edit_datasets_with_validation(staff_api, local_archives):
    body = {"archive": "local-dachs", "slug": "new-ds", "name": "New", "connector_type": "ivoa-tap",
            "service_url": "http://127.0.0.1:28080/tap", "resource": "tapstudy.cat"}
    assert staff_api.post("/api/v1/datasets/", body, format="json").status_code == 201
    response = staff_api.patch("/api/v1/datasets/new-ds/", {"connector_type": "nope"},
                               format="json")
    assert response.status_code == 400
    assert error_of(response)["field"] == "connector_type"
    response = staff_api.patch("/api/v1/datasets/new-ds/", {"timeout": 0}, format="json")
    assert error_of(response)["field"] == "timeout"


@pytest.mark.parametrize(("body", "field"), [
    ({"cone": {"ra": 400, "dec": 0, "radius": 1}}, "cone.ra"),
    ({"cone": {"ra": "12h", "dec": 0, "radius": 1}}, "cone.ra"),
    ({"cone": {"ra": 10, "dec": -91, "radius": 1}}, "cone.dec"),
    ({"cone": {"ra": 10, "dec": 0, "radius": 0}}, "cone.radius"),
    ({"cone": {"ra": 10, "dec": 0, "radius": 200}}, "cone.radius"),
    ({"cone": {"ra": "NaN", "dec": 0, "radius": 1}}, "cone.ra"),
    ({"cone": {"ra": 10, "dec": 0}}, "cone.radius"),
    ({}, "cone"),
    ({"datasets": ["no-such-dataset"], "cone": {"ra": 1, "dec": 1, "radius": 1}}, "datasets"),
    ({"adql": "SELECT TOP 1 * FROM tapstudy.cat"}, "datasets"),
    ({"datasets": ["dachs-cat", "dachs-big"], "adql": "SELECT 1 FROM tapstudy.cat"}, "datasets"),
    ({"datasets": ["dachs-cat"], "adql": "SELECT " + "x," * 20000 + "y FROM t"}, "adql"),
    ({"cone": {"ra": 1, "dec": 1, "radius": 1}, "row_limit": 0}, "row_limit"),
    ({"cone": {"ra": 1, "dec": 1, "radius": 1}, "timeout": -1}, "timeout"),
    ({"cone": {"ra": 1, "dec": 1, "radius": 1}, "wait": 10_000}, "wait"),
    ({"constraints": [{"param": "nope", "op": "eq", "value": 1}]}, "constraints[0].param"),
    ({"constraints": [{"param": "magnitude", "op": "between", "value": 3}]},
     "constraints[0].value"),
])
def test_bad_search_input_is_a_400_naming_the_field(api, local_archives, body, field):
    response = api.post("/api/v1/searches/", body, format="json")
    assert response.status_code == 400, response.content
    error = error_of(response)
    assert error["field"] == field
    assert "Traceback" not in error["message"] and "/work" not in error["message"]


def test_malformed_json_body_is_a_400(api, local_archives):
    response = api.post("/api/v1/searches/", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert error_of(response)["code"] == "parse_error"


def test_production_profile_requires_a_secret_and_turns_debug_off():
    env = {**os.environ, "ESAP_ENV": "production"}
    env.pop("SECRET_KEY", None)
    env.pop("DEBUG", None)
    code = "import django; from django.conf import settings; django.setup(); print(settings.DEBUG)"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr
    env["SECRET_KEY"] = "x" * 50
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stdout.strip() == "False"
