"""The ``zooniverse`` connector: keyword project search in federated searches, health."""

from __future__ import annotations

import re
import time
from typing import Any
from urllib.parse import urlencode

from query.connectors import (
    BadQuery,
    Capabilities,
    HealthReport,
    NotApplicable,
    QueryKind,
    SearchQuery,
    SearchResult,
)
from query.connectors.base import Connector
from zooniverse_connector.client import PanoptesClient
from zooniverse_connector.config import config_of
from zooniverse_connector.rows import COLUMNS, project_row

MAX_KEYWORD = 200
TAG_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,49}$")


def search_params(query: SearchQuery, launch_approved_only: bool) -> dict[str, Any]:
    """Panoptes project search: free text, and ``tag:<name>`` words as tag filters
    (``tags=a,b``: projects carrying all of them)."""
    words = (query.keyword or "").split()
    tags = [w[4:].lower() for w in words if w.lower().startswith("tag:")]
    text = " ".join(w for w in words if not w.lower().startswith("tag:"))
    if not text and not tags:
        raise BadQuery("Give a keyword.", field="keyword")
    if len(" ".join(words)) > MAX_KEYWORD:
        raise BadQuery(f"At most {MAX_KEYWORD} characters.", field="keyword")
    if any(not TAG_RE.match(tag) for tag in tags):
        raise BadQuery("A tag is letters, digits, '-' and '_' (e.g. tag:astronomy).",
                       field="keyword")
    params: dict[str, Any] = {"cards": "true"}
    if text:
        params["search"] = text
    if tags:
        params["tags"] = ",".join(tags)
    if launch_approved_only:
        params["launch_approved"] = "true"
    return params


class ZooniverseConnector(Connector):
    connector_type = "zooniverse"
    label = "Zooniverse (Panoptes)"

    def capabilities(self, dataset: Any) -> Capabilities:
        return Capabilities(query_kinds=frozenset({QueryKind.KEYWORD}))

    def query_form(self, dataset: Any) -> dict[str, Any]:
        return {"query_kinds": ["keyword"], "parameters": []}

    def validate_dataset(self, dataset: Any) -> None:
        config_of(dataset)

    def validate_query(self, dataset: Any, query: SearchQuery) -> None:
        if query.kind == QueryKind.KEYWORD:
            search_params(query, True)

    def search(self, dataset: Any, query: SearchQuery, limit: int, timeout: float, *,
               user: Any = None) -> SearchResult:
        if query.kind != QueryKind.KEYWORD:
            raise NotApplicable("Zooniverse projects are found by keyword only.")
        config = config_of(dataset)
        params = search_params(query, config.launch_approved_only)
        started = time.perf_counter()
        client = PanoptesClient(config, timeout)  # public projects: anonymous
        try:
            found = list(client.iterate("projects", params, limit + 1))
        finally:
            client.close()
        rows = [project_row(p, config) for p in found[:limit]]
        return SearchResult(
            rows=rows, columns=list(COLUMNS), overflow=len(found) > limit,
            query_text=f"GET projects?{urlencode(params)}",
            timings={"archive_ms": round((time.perf_counter() - started) * 1000, 1)})

    def health(self, dataset: Any, timeout: float) -> HealthReport:
        config = config_of(dataset)
        started = time.perf_counter()
        client = PanoptesClient(config, timeout)
        try:
            page = client.page("projects", {"page_size": 1, "cards": "true"})
        finally:
            client.close()
        return HealthReport(ok=True, latency_ms=round((time.perf_counter() - started) * 1000, 1),
                            message=f"Panoptes: {page.meta.get('count', '?')} projects")
