"""DID patterns (``scope:name`` with ``*`` wildcards) and metadata filters, checked before
anything is sent; Rucio gets them only as URL query parameters (never spliced into a path
or a filter expression)."""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass
from typing import Any

from query.connectors import BadQuery, DidQuery, NotApplicable, QueryKind, SearchQuery

SCOPE_RE = re.compile(r"^[A-Za-z0-9_.*-]{1,25}$")
NAME_RE = re.compile(r"^[/A-Za-z0-9.\-_*]{1,250}$")
EXACT_SCOPE_RE = re.compile(r"^[A-Za-z0-9_.-]{1,25}$")
RESERVED_KEYS = {"type", "limit", "long", "recursive", "filters", "name", "created_after",
                 "created_before", "did_type", "scope"}
SUFFIX = {"eq": "", "ne": ".ne", "lt": ".lt", "le": ".lte", "gt": ".gt", "ge": ".gte"}


@dataclass(frozen=True)
class DidPattern:
    scope: str   # may hold *
    name: str    # may hold *

    @property
    def scope_is_pattern(self) -> bool:
        return "*" in self.scope


def parse_pattern(text: str, field: str = "did.pattern") -> DidPattern:
    text = text.strip()
    scope, sep, name = text.partition(":")
    if not sep:
        scope, name = "*", text
    if not SCOPE_RE.match(scope):
        raise BadQuery("The scope may hold letters, digits, '.', '_', '-' and the wildcard "
                       "'*' (at most 25 characters).", field=field)
    if not NAME_RE.match(name) or ":" in name:
        raise BadQuery("The name may hold letters, digits, '/', '.', '_', '-' and the "
                       "wildcard '*' (at most 250 characters); '?' and '%' are not "
                       "supported.", field=field)
    return DidPattern(scope, name)


def did_query_of(query: SearchQuery) -> DidQuery:
    if query.kind == QueryKind.DID and query.did is not None:
        return query.did
    if query.kind == QueryKind.KEYWORD and query.keyword:
        words = query.keyword.split()
        if len(words) == 1 and NAME_RE.match(words[0].strip("*")):
            return DidQuery(pattern=f"*:*{words[0].strip('*')}*")
        raise NotApplicable("Data lake searches take one word or a scope:name pattern.")
    raise NotApplicable("Data lakes are searched by data identifier (scope:name pattern), "
                        "not by position or ADQL.")


def check(did: DidQuery) -> DidPattern:
    pattern = parse_pattern(did.pattern)
    for index, item in enumerate(did.metadata):
        if item.key in RESERVED_KEYS:
            raise BadQuery(f"'{item.key}' is not a metadata key; use the type and "
                           "date fields.", field=f"did.metadata[{index}].key")
        if item.op not in SUFFIX:
            raise BadQuery("Unknown operator.", field=f"did.metadata[{index}].op")
        if isinstance(item.value, str) and "*" in item.value and item.op not in ("eq", "ne"):
            raise BadQuery("Wildcards only work with eq and ne.",
                           field=f"did.metadata[{index}].value")
    return pattern


def search_params(did: DidQuery, pattern: DidPattern, limit: int | None) -> dict[str, Any]:
    params: dict[str, Any] = {"type": did.did_type, "long": "true", "name": pattern.name}
    if limit is not None:
        params["limit"] = limit
    for item in did.metadata:
        value = item.value
        if isinstance(value, bool):
            value = "true" if value else "false"
        params[f"{item.key}{SUFFIX[item.op]}"] = value
    if did.created_after:
        params["created_after"] = did.created_after
    if did.created_before:
        params["created_before"] = did.created_before
    return params


def matching_scopes(pattern: DidPattern, scopes: list[str], max_scopes: int) -> list[str]:
    """The scopes to ask, alphabetically: the one named, or those the wildcard matches."""
    if not pattern.scope_is_pattern:
        return [pattern.scope] if pattern.scope in scopes else []
    found = sorted(s for s in scopes if fnmatch.fnmatchcase(s, pattern.scope))
    if len(found) > max_scopes:
        raise BadQuery(f"The scope pattern matches {len(found)} scopes; at most {max_scopes} "
                       "can be searched at once. Narrow it down.", field="did.pattern")
    return found


def parse_did(text: str, field: str = "did") -> tuple[str, str]:
    """An exact ``scope:name``."""
    scope, sep, name = text.partition(":")
    if not sep or not EXACT_SCOPE_RE.match(scope) or not NAME_RE.match(name) or "*" in name:
        raise BadQuery("A data identifier is scope:name (no wildcards).", field=field)
    return scope, name
