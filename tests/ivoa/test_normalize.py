"""Row normalization and JSON-safe values (no server needed)."""

from __future__ import annotations

import json
import math
from types import SimpleNamespace

import numpy as np
import pytest

from ivoa_connector.normalize import RowNormalizer
from ivoa_connector.votable import json_safe, read_table
from query.connectors import ArchiveError, ColumnInfo
from query.connectors.base import COMMON_FIELDS


def dataset(**fields):
    base = {"parameter_mapping": {}, "result_hints": {}}
    return SimpleNamespace(**{**base, **fields})


def test_json_safe_values():
    values = [np.float64("nan"), np.float32(1.5), np.int16(3), np.bool_(True), b"abc",
              np.ma.masked, float("inf"), np.array([1.0, np.nan]), (np.int64(1), "x")]
    assert [json_safe(v) for v in values] == [None, 1.5, 3, True, "abc", None, None,
                                              [1.0, None], [1, "x"]]


VOTABLE = b"""<?xml version="1.0"?>
<VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3">
<RESOURCE type="results"><INFO name="QUERY_STATUS" value="OK"/>
<TABLE>
<FIELD name="obs_publisher_did" datatype="char" arraysize="*" ucd="meta.ref.ivoid"/>
<FIELD name="obs_title" datatype="char" arraysize="*"/>
<FIELD name="s_ra" datatype="double" unit="deg"/>
<FIELD name="s_dec" datatype="double" unit="deg"/>
<FIELD name="access_url" datatype="char" arraysize="*"/>
<FIELD name="access_format" datatype="char" arraysize="*"/>
<FIELD name="access_estsize" datatype="long" unit="kbyte"/>
<FIELD name="dataproduct_type" datatype="char" arraysize="*"/>
<FIELD name="preview" datatype="char" arraysize="*"/>
<FIELD name="mag" datatype="float"><VALUES null="-1"/></FIELD>
<FIELD name="flag" datatype="short"><VALUES null="-1"/></FIELD>
<DATA><TABLEDATA>
<TR><TD>ivo://x/1</TD><TD>first</TD><TD>10.5</TD><TD>-3</TD><TD>https://a/1.fits</TD>
<TD>image/fits</TD><TD>20</TD><TD>image</TD><TD>javascript:alert(1)</TD><TD>12.75</TD>
<TD>-1</TD></TR>
<TR><TD>ivo://x/2</TD><TD></TD><TD>NaN</TD><TD></TD><TD>ftp://a/2</TD>
<TD></TD><TD></TD><TD>spectrum</TD><TD>http://a/p.png</TD><TD>NaN</TD><TD>2</TD></TR>
</TABLEDATA></DATA></TABLE>
<INFO name="QUERY_STATUS" value="OVERFLOW"/>
</RESOURCE></VOTABLE>
"""


def test_obscore_rows_are_normalized_and_json_safe():
    parsed = read_table(VOTABLE)
    assert parsed.status == "OVERFLOW"  # the INFO after </TABLE> counts
    rows = RowNormalizer(parsed.columns, dataset()).rows(parsed.rows)
    first, second = rows
    assert {k: first[k] for k in COMMON_FIELDS} == {
        "id": "ivo://x/1", "title": "first", "ra": 10.5, "dec": -3.0,
        "access_url": "https://a/1.fits", "format": "image/fits", "size": 20000,
        "dataproduct_type": "image", "thumbnail": None}  # javascript: is never a link
    assert first["fields"]["mag"] == 12.75 and first["fields"]["flag"] is None
    assert second["ra"] is None and second["access_url"] is None
    assert second["thumbnail"] == "http://a/p.png"
    assert second["fields"]["mag"] is None and second["fields"]["s_ra"] is None
    json.dumps(rows, allow_nan=False)


def test_result_hints_override_and_position_fallback():
    columns = [ColumnInfo("name"), ColumnInfo("x", ucd="pos.eq.ra;meta.main"),
               ColumnInfo("y", ucd="POS.EQ.DEC;META.MAIN"), ColumnInfo("link")]
    normalizer = RowNormalizer(columns, dataset(result_hints={"title": "name",
                                                              "access_url": "LINK"}))
    rows = normalizer.rows([("a", 1.0, 2.0, None), ("b", 3, math.inf, "https://x")])
    assert [r["id"] for r in rows] == ["1", "https://x"]
    assert rows[0]["title"] == "a" and rows[0]["ra"] == 1.0 and rows[0]["dec"] == 2.0
    assert rows[1]["dec"] is None and rows[1]["access_url"] == "https://x"


def test_ucd_id_is_used_and_stringified():
    columns = [ColumnInfo("source", ucd="meta.id;meta.main"), ColumnInfo("ra")]
    rows = RowNormalizer(columns, dataset(parameter_mapping={"ra": "ra"})).rows([(42, 1.5)])
    assert rows[0]["id"] == "42" and rows[0]["ra"] == 1.5


@pytest.mark.parametrize("body, message", [
    (b"", "empty"),
    (b"<html>nope</html>", "not a VOTable"),
    (VOTABLE[:-40], "truncated"),
    (VOTABLE.replace(b"<TD>-1</TD></TR>", b"<TD>x</TD></TR>"), "could not be read"),
])
def test_broken_documents(body, message):
    with pytest.raises(ArchiveError, match=message):
        read_table(body)
