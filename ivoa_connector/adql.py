"""ADQL from typed values only, and a local check of user-written ADQL.

Identifiers come from the admin's configuration (``Dataset.resource``, ``parameter_mapping``,
``options``) and are checked to be plain or quoted ADQL identifiers; values come from the typed
query and are formatted as numeric literals (finite floats) or quoted string literals. Nothing a
user types is ever pasted into ADQL as text, except raw ADQL for one dataset, which is checked by
:func:`validate_adql` and sent as the user's own query.

Why no ADQL grammar library: ``queryparser-python3`` 0.8.0 (the maintained ADQL parser on
PyPI) accepts ``SELECT …; DROP …`` (only the first statement is parsed), rejects ``WITH``
(which DaCHS runs) and needs 15 to 17 s for a 7.7 kB query on its ANTLR Python runtime, a
denial-of-service risk at the 20 kB limit. The archive parses the query anyway; this lexical
check only keeps obviously broken or multi-statement text from being sent.

(``# noqa: S608`` in this package marks ADQL assembled from checked identifiers and literals
made by :func:`number` / :func:`string`.)
"""

from __future__ import annotations

import math
import re
from typing import Any

from django.conf import settings

from query.connectors import BadQuery, ConeQuery, NotApplicable
from query.connectors.base import COMMON_PARAMETERS, Constraint

_REGULAR = r"[A-Za-z][A-Za-z0-9_]*"
_DELIMITED = r'"(?:[^"\x00-\x1f]|"")+"'
_PART = f"(?:{_REGULAR}|{_DELIMITED})"
_COLUMN_RE = re.compile(rf"{_PART}(?:\.{_PART}){{0,3}}")
_TABLE_RE = re.compile(rf"{_PART}(?:\.{_PART}){{0,2}}")
MAX_STRING_LITERAL = 1000

OPERATORS = {"eq": "=", "ne": "!=", "lt": "<", "le": "<=", "gt": ">", "ge": ">="}


def identifier(text: Any, what: str, *, table: bool = False) -> str:
    """Return ``text`` if it is a (qualified) ADQL identifier, else raise BadQuery."""
    pattern = _TABLE_RE if table else _COLUMN_RE
    if not isinstance(text, str) or not pattern.fullmatch(text):
        raise BadQuery(f"The dataset is misconfigured: {what} {text!r} is not a valid ADQL "
                       f"identifier (letters, digits and _ or a double-quoted name).")
    return text


def number(value: Any, what: str) -> str:
    """Format a finite number as an ADQL numeric literal."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise BadQuery(f"{what} must be a number.", field=what)
    as_float = float(value)
    if not math.isfinite(as_float):
        raise BadQuery(f"{what} must be a finite number.", field=what)
    if isinstance(value, int) and abs(value) < 2**53:
        return str(int(value))
    return repr(as_float)


def string(value: Any, what: str) -> str:
    """Format text as an ADQL string literal ('' doubles a quote)."""
    if not isinstance(value, str):
        raise BadQuery(f"{what} must be text.", field=what)
    if len(value) > MAX_STRING_LITERAL:
        raise BadQuery(f"{what} is longer than {MAX_STRING_LITERAL} characters.", field=what)
    if any(ord(ch) < 32 and ch not in "\t" for ch in value):
        raise BadQuery(f"{what} contains control characters.", field=what)
    return "'" + value.replace("'", "''") + "'"


def check_cone(cone: ConeQuery) -> None:
    for name, value, low, high, low_open in (("ra", cone.ra, 0.0, 360.0, False),
                                             ("dec", cone.dec, -90.0, 90.0, False),
                                             ("radius", cone.radius, 0.0, 180.0, True)):
        if isinstance(value, bool) or not isinstance(value, int | float) \
                or not math.isfinite(value):
            raise BadQuery(f"Cone {name} must be a finite number.", field=f"cone.{name}")
        too_low = value <= low if low_open else value < low
        too_high = value >= high if name == "ra" else value > high
        if too_low or too_high:
            raise BadQuery(f"Cone {name} must be within {low:g}..{high:g} degrees.",
                           field=f"cone.{name}")


def position_columns(dataset: Any) -> tuple[str, str]:
    mapping = dataset.parameter_mapping or {}
    obscore = (dataset.resource or "").lower().endswith("obscore") or \
        bool((dataset.options or {}).get("obscore"))
    ra = mapping.get("ra") or ("s_ra" if obscore else "ra")
    dec = mapping.get("dec") or ("s_dec" if obscore else "dec")
    return identifier(ra, "the RA column"), identifier(dec, "the Dec column")


def cone_condition(dataset: Any, cone: ConeQuery) -> str:
    check_cone(cone)
    ra_col, dec_col = position_columns(dataset)
    return (f"CONTAINS(POINT('ICRS', {ra_col}, {dec_col}), "
            f"CIRCLE('ICRS', {number(cone.ra, 'cone.ra')}, {number(cone.dec, 'cone.dec')}, "
            f"{number(cone.radius, 'cone.radius')})) = 1")


def _literal(kind: str, value: Any, what: str) -> str:
    # Text parameters (id, name, ...) may meet numeric columns: a typed number stays a number.
    if kind == "number" or (isinstance(value, int | float) and not isinstance(value, bool)):
        return number(value, what)
    return string(value, what)


def constraint_condition(dataset: Any, constraint: Constraint) -> str:
    param, op, value = constraint.param, constraint.op, constraint.value
    kind = COMMON_PARAMETERS.get(param)
    if kind is None:
        raise BadQuery(f"Unknown parameter '{param}'.", field="constraints")
    column = (dataset.parameter_mapping or {}).get(param)
    if not column:
        raise NotApplicable(f"This dataset has no column for '{param}'.")
    column = identifier(column, f"the column for '{param}'")
    what = f"constraints.{param}"
    if op in OPERATORS:
        return f"{column} {OPERATORS[op]} {_literal(kind, value, what)}"
    if op == "between":
        if not isinstance(value, tuple | list) or len(value) != 2:
            raise BadQuery(f"'{param}' between needs two values.", field=what)
        low, high = (_literal(kind, v, what) for v in value)
        return f"{column} BETWEEN {low} AND {high}"
    if op == "like":
        if kind != "string":
            raise BadQuery(f"'like' applies to text parameters, not '{param}'.", field=what)
        return f"{column} LIKE {string(value, what)}"
    raise BadQuery(f"Unknown operator '{op}'.", field="constraints")


def build_query(dataset: Any, cone: ConeQuery | None,
                constraints: tuple[Constraint, ...] = ()) -> str:
    """SELECT over ``dataset.resource`` with a cone and/or constraints (no TOP: MAXREC bounds)."""
    if not dataset.resource:
        raise NotApplicable("No table is configured for this TAP dataset; use an ADQL query.")
    table = identifier(dataset.resource, "the table", table=True)
    options = dataset.options or {}
    select = options.get("columns") or ["*"]
    if not isinstance(select, list) or not select:
        raise BadQuery("The dataset is misconfigured: options.columns must be a list.")
    select_sql = ", ".join(c if c == "*" else identifier(c, "a selected column") for c in select)
    conditions = [cone_condition(dataset, cone)] if cone is not None else []
    conditions += [constraint_condition(dataset, c) for c in constraints]
    text = f"SELECT {select_sql} FROM {table}"  # noqa: S608
    if conditions:
        text += " WHERE " + " AND ".join(conditions)
    order = options.get("order_by")
    if order:
        text += f" ORDER BY {identifier(order, 'the order_by column')}"
    return text


# --- user-written ADQL --------------------------------------------------------------------

_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _where(text: str, index: int) -> str:
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return f"line {line}, column {column}"


def _fail(message: str) -> None:
    raise BadQuery(message, field="adql")


def validate_adql(text: Any) -> None:
    """Check raw ADQL locally before it is sent: one SELECT statement, balanced quotes and
    parentheses, no ``;``, within ``ESAP_MAX_ADQL_LENGTH``. Raises ``BadQuery(field="adql")``."""
    if not isinstance(text, str) or not text.strip():
        _fail("The ADQL query is empty.")
    limit = settings.ESAP_MAX_ADQL_LENGTH
    if len(text) > limit:
        _fail(f"The ADQL query is longer than {limit} characters.")
    words: list[str] = []
    depth = 0
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in "'\"":
            end = i + 1
            while True:
                end = text.find(ch, end)
                if end < 0:
                    kind = "string" if ch == "'" else "quoted identifier"
                    _fail(f"Unterminated {kind} starting at {_where(text, i)}.")
                if end + 1 < n and text[end + 1] == ch:
                    end += 2
                    continue
                break
            i = end + 1
            continue
        if ch == "-" and text.startswith("--", i):
            newline = text.find("\n", i)
            i = n if newline < 0 else newline + 1
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth < 0:
                _fail(f"Unbalanced parenthesis: ')' at {_where(text, i)} has no matching '('.")
        elif ch == ";":
            _fail(f"Only one statement is allowed: remove the ';' at {_where(text, i)}.")
        elif ord(ch) < 32 and ch not in "\t\r\n":
            _fail(f"The ADQL query contains a control character at {_where(text, i)}.")
        elif ch.isalpha() or ch == "_":
            match = _WORD.match(text, i)
            if match:
                words.append(match.group().upper())
                i = match.end()
                continue
        i += 1
    if depth > 0:
        _fail(f"Unbalanced parentheses: {depth} '(' not closed.")
    if not words or words[0] not in ("SELECT", "WITH"):
        _fail("The ADQL query must be a single SELECT statement.")
    if "FROM" not in words:
        _fail("The ADQL query has no FROM clause.")
