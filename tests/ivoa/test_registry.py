"""Registry search over the miniature RegTAP on the local DaCHS, and the IVOA API."""

from __future__ import annotations

import pytest

from ivoa_connector import regtap
from query.connectors import (
    BadQuery,
    ConeQuery,
    NotApplicable,
    QueryKind,
    SearchQuery,
    get_connector,
)
from query.models import Dataset
from tests.conftest import error_of
from tests.ivoa.conftest import DACHS, SCS, TAP
from tests.support.fault_server import closed_port_url

pytestmark = [pytest.mark.dachs, pytest.mark.django_db]

URL = "/api/v1/ivoa/registry/"
IMPORT_URL = "/api/v1/ivoa/registry/import/"
CONE_SERVICES = {"ivo://synthetic.test/2mass-like/scs", "ivo://synthetic.test/xmm-like/scs",
                 "ivo://tapstudy.test/tapstudy/q/cone", "ivo://tapstudy.test/tapstudy/q/bigcone"}


@pytest.fixture
def registry(dachs, make_dataset):
    return make_dataset("ivoa-registry", TAP, slug="test-registry", row_limit=500)


def test_keyword_search(registry):
    page = regtap.search(registry, keyword="cone")
    assert {r["id"] for r in page.rows} == CONE_SERVICES and page.count == 4
    local = next(r for r in page.rows if r["id"] == "ivo://tapstudy.test/tapstudy/q/cone")
    assert local["access_url"] == SCS and local["title"].startswith("tapstudy cone search")
    fields = local["fields"]
    assert fields["service_type"] == "scs" and fields["publisher"] == "ESAP test suite"
    assert fields["waveband"] == ["optical"] and fields["short_name"] == "tapstudy cone"
    assert "5000 optical sources" in fields["description"]


def test_every_keyword_must_match_and_subjects_count(registry):
    assert {r["id"] for r in regtap.search(registry, keyword="cone million").rows} == {
        "ivo://tapstudy.test/tapstudy/q/bigcone"}
    pulsars = regtap.search(registry, keyword="pulsars").rows
    assert [r["id"] for r in pulsars] == ["ivo://synthetic.test/pulsars"]


def test_servicetype_and_waveband(registry):
    radio_images = regtap.search(registry, servicetype="sia", waveband="radio")
    assert [r["id"] for r in radio_images.rows] == ["ivo://synthetic.test/apertif-like/sia"]
    taps = regtap.search(registry, servicetype="tap").rows
    assert "ivo://tapstudy.test/tap" in {r["id"] for r in taps}
    assert all(r["fields"]["service_type"] == "tap" for r in taps)
    local_tap = next(r for r in taps if r["id"] == "ivo://tapstudy.test/tap")
    assert local_tap["access_url"] == TAP


def test_paging_is_ordered_and_complete(registry):
    everything = regtap.search(registry, page_size=100)
    pages = [regtap.search(registry, page=n, page_size=5) for n in (1, 2, 3)]
    assert [p.count for p in pages] == [13, 13, 13] and everything.count == 13
    ids = [r["id"] for p in pages for r in p.rows]
    assert ids == sorted(ids) == [r["id"] for r in everything.rows]
    assert [len(p.rows) for p in pages] == [5, 5, 3]


def test_keyword_quotes_stay_literal(registry):
    assert regtap.search(registry, keyword="x' OR '1'='1").rows == []


@pytest.mark.parametrize("kwargs, field", [({"servicetype": "ftp"}, "servicetype"),
                                           ({"waveband": "blue"}, "waveband"),
                                           ({"keyword": "a b c d e f g h i"}, "keyword")])
def test_invalid_filters(registry, kwargs, field):
    with pytest.raises(BadQuery) as caught:
        regtap.search(registry, **kwargs)
    assert caught.value.field == field


def test_registry_connector_in_a_federated_keyword_search(registry):
    connector = get_connector("ivoa-registry")
    result = connector.search(registry, SearchQuery(QueryKind.KEYWORD, keyword="cone"), 3, 10)
    assert len(result.rows) == 3 and result.overflow
    assert {c.name for c in result.columns} >= {"ivoid", "service_type", "access_url"}
    with pytest.raises(NotApplicable):
        connector.search(registry, SearchQuery(QueryKind.ADQL, adql="SELECT * FROM x"), 3, 10)
    assert connector.health(registry, 5).ok


def test_api_search(api, registry):
    answer = api.get(URL, {"keyword": "cone", "servicetype": "scs", "page_size": 2})
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["registry"] == "test-registry" and body["count"] == 4
    assert body["page"] == 1 and body["page_size"] == 2 and len(body["results"]) == 2
    first = body["results"][0]
    assert first["ivoid"] == "ivo://synthetic.test/2mass-like/scs"
    assert first["service_type"] == "scs" and first["services"][0]["access_url"].startswith(
        DACHS)


def test_api_errors(api, registry, make_dataset):
    assert error_of(api.get(URL, {"waveband": "blue"}))["field"] == "waveband"
    missing = api.get(URL, {"registry": "nope"})
    assert missing.status_code == 404 and error_of(missing)["code"] == "not_found"
    make_dataset("ivoa-registry", closed_port_url() + "/tap", slug="dead-registry")
    dead = api.get(URL, {"registry": "dead-registry"})
    assert dead.status_code == 502 and error_of(dead)["code"] == "archive_unreachable"


def test_api_import_is_staff_only_and_creates_a_dataset(api, staff_api, registry):
    payload = {"ivoid": "ivo://tapstudy.test/tapstudy/q/cone", "access_url": SCS,
               "service_type": "scs", "title": "tapstudy cone search"}
    assert api.post(IMPORT_URL, payload, format="json").status_code == 403
    created = staff_api.post(IMPORT_URL, payload, format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    dataset = Dataset.objects.get(slug=body["slug"])
    assert body["connector_type"] == dataset.connector_type == "ivoa-scs"
    assert dataset.service_url == SCS and dataset.archive.slug == "ivoa-registry-imports"
    assert dataset.options["ivoid"] == payload["ivoid"]
    result = get_connector("ivoa-scs").search(
        dataset, SearchQuery(QueryKind.CONE, cone=ConeQuery(155.0, 0.0, 0.5)), 1000, 10)
    assert len(result.rows) == 29
    again = staff_api.post(IMPORT_URL, payload, format="json")
    assert again.status_code == 409 and error_of(again)["code"] == "conflict"


@pytest.mark.parametrize("change, field", [({"service_type": "ssa"}, "service_type"),
                                           ({"ivoid": "http://x"}, "ivoid"),
                                           ({"access_url": "ftp://x.org/a"}, "access_url"),
                                           ({"archive": "no-such-archive"}, "archive")])
def test_api_import_validation(staff_api, change, field):
    payload = {"ivoid": "ivo://x/y", "access_url": "http://127.0.0.1:1/tap",
               "service_type": "tap", "title": "x", **change}
    answer = staff_api.post(IMPORT_URL, payload, format="json")
    assert answer.status_code in (400, 404) and error_of(answer)["field"] == field
