"""The committed OpenAPI schema (docs/openapi.json) is what the SPA's typed client is generated
from (frontend: npm run gen:api); it must match the API as served."""

import json

import pytest
from django.core.management import call_command

from tests.conftest import ROOT


@pytest.mark.django_db
def test_committed_openapi_schema_matches_the_api(tmp_path):
    generated = tmp_path / "openapi.json"
    call_command("spectacular", "--file", str(generated), "--format", "openapi-json",
                 "--validate", "--fail-on-warn")
    committed = json.loads((ROOT / "docs" / "openapi.json").read_text())
    assert json.loads(generated.read_text()) == committed, (
        "docs/openapi.json is out of date: run `make schema` and `npm run gen:api` in frontend/")
