"""ivoa-scs and ivoa-sia against the local DaCHS (known answers: SCS cone (155,0,0.5) → 29
rows, nearest id 4571; SIA POS=155,0&SIZE=0.2 → field13)."""

from __future__ import annotations

import pytest

from query.connectors import ConeQuery, NotApplicable, QueryKind, SearchQuery, get_connector
from query.connectors.base import Constraint
from tests.ivoa.conftest import SCS, SIA

pytestmark = [pytest.mark.dachs, pytest.mark.django_db]

scs = get_connector("ivoa-scs")
sia = get_connector("ivoa-sia")


def cone(ra: float, dec: float, radius: float) -> SearchQuery:
    return SearchQuery(QueryKind.CONE, cone=ConeQuery(ra, dec, radius))


@pytest.fixture
def cone_service(dachs, make_dataset):
    return make_dataset("ivoa-scs", SCS)


@pytest.fixture
def image_service(dachs, make_dataset):
    return make_dataset("ivoa-sia", SIA)


def test_scs_known_answer_matches_tap(cone_service, make_dataset):
    result = scs.search(cone_service, cone(155, 0, 0.5), 1000, 10)
    assert len(result.rows) == 29 and not result.overflow
    nearest = min(result.rows, key=lambda r: r["fields"]["_r"])
    assert nearest["id"] == "4571" and nearest["title"] == "SRC-0004571"
    assert nearest["ra"] == pytest.approx(155.0315, abs=1e-3)
    via_tap = get_connector("ivoa-tap").search(make_dataset(resource="tapstudy.cat"),
                                               cone(155, 0, 0.5), 1000, 10)
    assert {r["id"] for r in result.rows} == {r["id"] for r in via_tap.rows}
    assert "RA=155.0" in result.query_text and "MAXREC=1001" in result.query_text


@pytest.mark.parametrize("limit, rows, overflow", [(5, 5, True), (29, 29, False)])
def test_scs_overflow(cone_service, limit, rows, overflow):
    result = scs.search(cone_service, cone(155, 0, 0.5), limit, 10)
    assert (len(result.rows), result.overflow) == (rows, overflow)


def test_sia_known_answer(image_service):
    result = sia.search(image_service, cone(155, 0, 0.1), 100, 10)
    assert len(result.rows) == 1 and not result.overflow
    row = result.rows[0]
    assert row["access_url"].endswith("/getproduct/tapstudy/img/field13.fits")
    assert row["id"] == row["access_url"] and row["format"] == "image/fits"
    assert row["title"] == "tapstudy field13" and row["size"] > 0
    assert row["ra"] == pytest.approx(155.0, abs=0.01)
    assert "SIZE=0.2" in result.query_text


def test_sia_overflow(image_service):
    result = sia.search(image_service, cone(155, 0, 10), 3, 10)
    assert len(result.rows) == 3 and result.overflow


def test_constraints_do_not_apply(cone_service):
    with pytest.raises(NotApplicable):
        scs.search(cone_service, SearchQuery(QueryKind.CONSTRAINTS, cone=ConeQuery(1, 1, 1),
                                             constraints=(Constraint("magnitude", "gt", 1.0),)),
                   10, 10)
    with pytest.raises(NotApplicable):
        scs.search(cone_service, SearchQuery(QueryKind.ADQL, adql="SELECT * FROM x"), 10, 10)


def test_health(cone_service, image_service):
    for connector, dataset in ((scs, cone_service), (sia, image_service)):
        report = connector.health(dataset, 5)
        assert report.ok and report.latency_ms > 0, report


def test_scs_export_passes_the_votable_through(cone_service):
    stream = scs.export(cone_service, cone(155, 0, 0.5), "votable", 10)
    body = b"".join(stream.chunks)
    stream.close()
    assert stream.content_type.startswith("application/x-votable+xml")
    assert body.rstrip().endswith(b"</VOTABLE>") and b"SCSRenderer" in body
