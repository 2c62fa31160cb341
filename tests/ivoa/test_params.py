"""What the parameter-based connectors send (checked on the fault server's request log)."""

from __future__ import annotations

import pytest

from query.connectors import (
    ArchiveUnreachable,
    ConeQuery,
    QueryKind,
    SearchQuery,
    get_connector,
)

pytestmark = pytest.mark.django_db
CONE = SearchQuery(QueryKind.CONE, cone=ConeQuery(155.0, -1.5, 0.25))


@pytest.mark.parametrize("connector_type, options, expected", [
    ("ivoa-scs", {}, {"RA": "155.0", "DEC": "-1.5", "SR": "0.25", "MAXREC": "11"}),
    ("ivoa-scs", {"verb": 3, "maxrec": False, "extra_params": {"RESPONSEFORMAT": "votable"}},
     {"RA": "155.0", "DEC": "-1.5", "SR": "0.25", "VERB": "3", "RESPONSEFORMAT": "votable"}),
    ("ivoa-sia", {}, {"POS": "155.0,-1.5", "SIZE": "0.5", "MAXREC": "11"}),
    ("ivoa-sia", {"format": "image/fits"},
     {"POS": "155.0,-1.5", "SIZE": "0.5", "FORMAT": "image/fits", "MAXREC": "11"}),
    ("ivoa-sia", {"sia_version": 2}, {"POS": "CIRCLE 155.0 -1.5 0.25", "MAXREC": "11"}),
])
def test_parameters_sent(make_dataset, fault_server, connector_type, options, expected):
    dataset = make_dataset(connector_type, fault_server.url("ok", "service"), options=options)
    result = get_connector(connector_type).search(dataset, CONE, 10, 5)
    assert len(result.rows) == 3 and not result.overflow
    method, path, params = fault_server.requests[-1]
    assert (method, path, params) == ("GET", "/ok/service", expected)
    assert result.query_text.startswith(fault_server.url("ok", "service") + "?")


def test_unknown_host_is_unreachable(make_dataset):
    dataset = make_dataset("ivoa-tap", "http://no-such-host.invalid/tap", resource="t")
    with pytest.raises(ArchiveUnreachable):
        get_connector("ivoa-tap").search(dataset, CONE, 10, 3)
