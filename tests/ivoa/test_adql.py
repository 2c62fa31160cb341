"""ADQL built from typed values; the local check of user-written ADQL (no server needed)."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from django.test import override_settings

from ivoa_connector.adql import build_query, identifier, number, string, validate_adql
from query.connectors import BadQuery, ConeQuery, NotApplicable
from query.connectors.base import Constraint


def dataset(**fields):
    base = {"resource": "tapstudy.cat", "parameter_mapping": {"name": "name", "magnitude": "mag"},
            "options": {}}
    return SimpleNamespace(**{**base, **fields})


def test_cone_query_uses_mapped_columns_and_numeric_literals():
    text = build_query(dataset(parameter_mapping={"ra": "raj2000", "dec": '"DEJ2000"'}),
                       ConeQuery(155, -0.5, 0.25))
    assert text == ("SELECT * FROM tapstudy.cat WHERE CONTAINS(POINT('ICRS', raj2000, "
                    "\"DEJ2000\"), CIRCLE('ICRS', 155, -0.5, 0.25)) = 1")


def test_obscore_tables_default_to_s_ra_s_dec():
    text = build_query(dataset(resource="ivoa.obscore", parameter_mapping={}),
                       ConeQuery(10.0, 20.0, 1.0))
    assert "POINT('ICRS', s_ra, s_dec)" in text


def test_injection_attempt_stays_a_string_literal():
    attempt = "M51' OR '1'='1"
    text = build_query(dataset(), None, (Constraint("name", "eq", attempt),))
    assert text == "SELECT * FROM tapstudy.cat WHERE name = 'M51'' OR ''1''=''1'"


def test_constraint_operators():
    text = build_query(dataset(), None, (
        Constraint("magnitude", "between", (12.5, 14.0)), Constraint("magnitude", "ne", 13),
        Constraint("name", "like", "SRC-00%"), Constraint("magnitude", "ge", 1e-5)))
    assert text.endswith("WHERE mag BETWEEN 12.5 AND 14.0 AND mag != 13 AND name LIKE "
                         "'SRC-00%' AND mag >= 1e-05")


@pytest.mark.parametrize("constraint, message", [
    (Constraint("magnitude", "eq", float("nan")), "finite"),
    (Constraint("magnitude", "eq", float("inf")), "finite"),
    (Constraint("magnitude", "eq", "12 OR 1=1"), "number"),
    (Constraint("magnitude", "eq", True), "number"),
    (Constraint("name", "eq", None), "text"),
    (Constraint("magnitude", "like", "1%"), "text parameters"),
    (Constraint("magnitude", "between", (1.0,)), "two values"),
    (Constraint("magnitude", "drop", 1.0), "Unknown operator"),
    (Constraint("mag; DROP", "eq", 1.0), "Unknown parameter"),
    (Constraint("name", "eq", "a\x00b"), "control"),
])
def test_bad_constraint_values_are_refused(constraint, message):
    with pytest.raises(BadQuery, match=message):
        build_query(dataset(), None, (constraint,))


def test_numbers_for_text_parameters_stay_numbers():
    text = build_query(dataset(parameter_mapping={"id": "id"}), None,
                       (Constraint("id", "between", (4000, 4999)),))
    assert text.endswith("WHERE id BETWEEN 4000 AND 4999")


def test_unmapped_parameter_is_not_applicable():
    with pytest.raises(NotApplicable, match="no column for 't_min'"):
        build_query(dataset(), None, (Constraint("t_min", "gt", 60000.0),))


@pytest.mark.parametrize("cone, field", [
    (ConeQuery(360.0, 0, 1), "cone.ra"), (ConeQuery(-1, 0, 1), "cone.ra"),
    (ConeQuery(10, 91, 1), "cone.dec"), (ConeQuery(10, 0, 0), "cone.radius"),
    (ConeQuery(10, 0, 181), "cone.radius"), (ConeQuery(float("nan"), 0, 1), "cone.ra"),
])
def test_cone_bounds(cone, field):
    with pytest.raises(BadQuery) as caught:
        build_query(dataset(), cone)
    assert caught.value.field == field


@pytest.mark.parametrize("name", ["ra", "s_ra", "tab.col", '"Weird Name"', '"a""b"', "x_1"])
def test_valid_identifiers(name):
    assert identifier(name, "column") == name


@pytest.mark.parametrize("name", ["", "1ra", "ra dec", "ra;--", "ra)", "'ra'", '"open',
                                  "a.b.c.d.e", None, 3])
def test_invalid_identifiers(name):
    with pytest.raises(BadQuery, match="not a valid ADQL identifier"):
        identifier(name, "column")


def test_misconfigured_table_and_mapping_are_refused():
    with pytest.raises(BadQuery, match="not a valid ADQL identifier"):
        build_query(dataset(resource="cat; DROP TABLE x"), ConeQuery(1, 1, 1))
    with pytest.raises(BadQuery, match="not a valid ADQL identifier"):
        build_query(dataset(parameter_mapping={"ra": "ra) OR (1=1"}), ConeQuery(1, 1, 1))
    with pytest.raises(NotApplicable, match="No table"):
        build_query(dataset(resource=""), ConeQuery(1, 1, 1))


def test_literals():
    assert number(3, "x") == "3"
    assert number(-0.5, "x") == "-0.5"
    assert string("it's", "x") == "'it''s'"


@pytest.mark.parametrize("text", [
    "SELECT TOP 10 * FROM tapstudy.cat WHERE CONTAINS(POINT('ICRS', ra, dec), "
    "CIRCLE('ICRS', 155, 0, 0.5)) = 1",
    "select id from tapstudy.cat where name = 'a;b' -- a comment; with ( and '\n",
    'SELECT "weird;name" FROM t WHERE x = \'it\'\'s\'',
    "WITH c AS (SELECT * FROM tapstudy.cat) SELECT * FROM c",
])
def test_valid_adql_passes(text):
    validate_adql(text)


@pytest.mark.parametrize("text, message", [
    ("", "empty"),
    ("   ", "empty"),
    (None, "empty"),
    ("SELECT * FROM t; DROP TABLE t", "remove the ';' at line 1, column 16"),
    ("SELECT * FROM t WHERE (a = 1", "not closed"),
    ("SELECT * FROM t WHERE a = 1)", "no matching '('"),
    ("SELECT * FROM t WHERE name = 'open", "Unterminated string starting at line 1, column 30"),
    ('SELECT "open FROM t', "Unterminated quoted identifier"),
    ("DELETE FROM t", "single SELECT"),
    ("SELECT 1", "no FROM"),
    ("SELECT * FROM t WHERE a = 1\x00", "control character"),
])
def test_invalid_adql_is_refused_with_field(text, message):
    with pytest.raises(BadQuery, match=re.escape(message)) as caught:
        validate_adql(text)
    assert caught.value.field == "adql"


@override_settings(ESAP_MAX_ADQL_LENGTH=50)
def test_adql_length_limit():
    validate_adql("SELECT * FROM tapstudy.cat")
    with pytest.raises(BadQuery, match="longer than 50"):
        validate_adql("SELECT * FROM tapstudy.cat WHERE " + "a = 1 AND " * 5 + "b = 2")
