"""Registry search over a RegTAP 1.1 service (``ivoa-registry``; the dataset's service_url is
the registry's TAP endpoint): keywords (``ivo_hasword`` on title and description, subjects),
service type (standard_id prefixes) and waveband (``ivo_hashlist_has``), paged by ivoid."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from typing import Any

from ivoa_connector import schema
from ivoa_connector.adql import string
from ivoa_connector.http import TimeoutSession
from ivoa_connector.tap import tap_base
from query.connectors import (
    BadQuery,
    Capabilities,
    ColumnInfo,
    Connector,
    HealthReport,
    NotApplicable,
    QueryKind,
    SearchQuery,
    SearchResult,
)

STANDARDS = {"tap": "ivo://ivoa.net/std/tap", "scs": "ivo://ivoa.net/std/conesearch",
             "sia": "ivo://ivoa.net/std/sia", "ssa": "ivo://ivoa.net/std/ssa"}
WAVEBANDS = ("radio", "millimeter", "infrared", "optical", "uv", "euv", "x-ray", "gamma-ray",
             "neutrino", "gravitational-waves", "cosmic-ray")
MAX_KEYWORDS = 8
MAX_PAGE_SIZE = 500
_WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*", re.UNICODE)
COLUMNS = [ColumnInfo("ivoid", "char", None, "meta.ref.ivoid", "Resource identifier"),
           ColumnInfo("short_name", "char", None, "meta.id", "Short name"),
           ColumnInfo("title", "char", None, "meta.title", "Title"),
           ColumnInfo("publisher", "char", None, "meta.curation", "Publisher"),
           ColumnInfo("waveband", "char", None, "instr.bandpass", "Wavebands"),
           ColumnInfo("service_type", "char", None, "meta.code", "Service type"),
           ColumnInfo("access_url", "char", None, "meta.ref.url", "Service access URL"),
           ColumnInfo("description", "char", None, "meta.note", "Description")]


@dataclass
class RegistryPage:
    rows: list[dict[str, Any]]
    count: int
    page: int
    page_size: int
    query_text: str
    timings: dict[str, float] = field(default_factory=dict)


def service_type_of(standard_id: str | None) -> str | None:
    standard = (standard_id or "").lower()
    for kind, prefix in STANDARDS.items():
        if standard.startswith(prefix):
            return kind
    return None


def conditions(keyword: str | None, servicetype: str | None, waveband: str | None) -> list[str]:
    where: list[str] = []
    words = _WORD.findall(keyword or "")
    if len(words) > MAX_KEYWORDS:
        raise BadQuery(f"Use at most {MAX_KEYWORDS} keywords.", field="keyword")
    for word in words:
        literal = string(word, "keyword")
        pattern = string(f"%{word}%", "keyword")
        where.append(
            f"(1 = ivo_hasword(r.res_title, {literal}) "  # noqa: S608
            f"OR 1 = ivo_hasword(r.res_description, {literal}) "
            f"OR 1 = ivo_nocasematch(r.short_name, {pattern}) "
            f"OR r.ivoid IN (SELECT s.ivoid FROM rr.res_subject AS s "
            f"WHERE 1 = ivo_nocasematch(s.res_subject, {pattern})))")
    if servicetype:
        if servicetype not in STANDARDS:
            raise BadQuery(f"Unknown service type '{servicetype}'; use one of "
                           f"{', '.join(STANDARDS)}.", field="servicetype")
        where.append("r.ivoid IN (SELECT c.ivoid FROM rr.capability AS c WHERE c.standard_id "  # noqa: S608
                     f"LIKE {string(STANDARDS[servicetype] + '%', 'servicetype')})")
    if waveband:
        if waveband not in WAVEBANDS:
            raise BadQuery(f"Unknown waveband '{waveband}'; use one of {', '.join(WAVEBANDS)}.",
                           field="waveband")
        where.append(f"1 = ivo_hashlist_has(r.waveband, {string(waveband, 'waveband')})")
    return where


def _in_list(ivoids: list[str]) -> str:
    return ", ".join(string(ivoid, "ivoid") for ivoid in ivoids)


def _records(table: Any) -> list[dict[str, Any]]:
    return [dict(zip(table.names, row, strict=True)) for row in table.rows]


def search(dataset: Any, *, keyword: str | None = None, servicetype: str | None = None,
           waveband: str | None = None, page: int = 1, page_size: int = 50,
           timeout: float | None = None, count: bool = True) -> RegistryPage:
    """One page of registry resources, ordered by ivoid, one row per resource."""
    if not 1 <= page_size <= MAX_PAGE_SIZE or page < 1:
        raise BadQuery("Invalid page or page size.", field="page_size")
    base = tap_base(dataset)
    session = TimeoutSession(timeout or dataset.timeout)
    where = conditions(keyword, servicetype, waveband)
    where_sql = (" WHERE " + " AND ".join(where)) if where else ""
    started = time.perf_counter()
    adql = ("SELECT r.ivoid, r.short_name, r.res_title, r.res_description, r.waveband, "  # noqa: S608
            f"r.res_type, r.reference_url FROM rr.resource AS r{where_sql} ORDER BY r.ivoid "
            f"OFFSET {(page - 1) * page_size}")
    resources = _records(schema.sync_table(session, base, adql, page_size + 1))
    total = (page - 1) * page_size + len(resources)
    if count and (len(resources) > page_size or (page > 1 and not resources)):
        counted = schema.sync_table(
            session, base, f"SELECT COUNT(*) AS n FROM rr.resource AS r{where_sql}", 1)  # noqa: S608
        total = int(counted.rows[0][0]) if counted.rows else total
    resources = resources[:page_size]
    services: dict[str, list[dict[str, str]]] = {}
    publishers: dict[str, str] = {}
    ivoids = [r["ivoid"] for r in resources]
    if ivoids:
        for record in _records(schema.sync_table(
                session, base,
                "SELECT c.ivoid, c.standard_id, i.access_url FROM rr.capability AS c "  # noqa: S608
                "JOIN rr.interface AS i ON c.ivoid = i.ivoid AND c.cap_index = i.cap_index "
                f"WHERE c.ivoid IN ({_in_list(ivoids)}) AND i.intf_type = 'vs:paramhttp' "
                "ORDER BY c.ivoid, c.cap_index", 20 * len(ivoids))):
            kind = service_type_of(record["standard_id"])
            if kind and record["access_url"]:
                services.setdefault(record["ivoid"], []).append(
                    {"service_type": kind, "access_url": record["access_url"],
                     "standard_id": record["standard_id"]})
        for record in _records(schema.sync_table(
                session, base, "SELECT ivoid, role_name FROM rr.res_role WHERE "  # noqa: S608
                f"base_role = 'publisher' AND ivoid IN ({_in_list(ivoids)})", 5 * len(ivoids))):
            publishers.setdefault(record["ivoid"], record["role_name"])
    rows = [_row(r, services.get(r["ivoid"], []), publishers.get(r["ivoid"]), servicetype)
            for r in resources]
    timings = {"archive_ms": round((time.perf_counter() - started) * 1000, 2)}
    return RegistryPage(rows=rows, count=total, page=page, page_size=page_size,
                        query_text=adql, timings=timings)


def _row(resource: dict[str, Any], services: list[dict[str, str]], publisher: str | None,
         servicetype: str | None) -> dict[str, Any]:
    chosen = next((s for s in services if s["service_type"] == servicetype), None) \
        if servicetype else None
    chosen = chosen or (services[0] if services else None)
    wavebands = [w for w in (resource.get("waveband") or "").split("#") if w]
    access_url = chosen["access_url"] if chosen else None
    if access_url and not access_url.lower().startswith(("http://", "https://")):
        access_url = None
    fields = {"ivoid": resource["ivoid"], "short_name": resource.get("short_name"),
              "title": resource.get("res_title"), "publisher": publisher,
              "waveband": wavebands, "service_type": chosen["service_type"] if chosen else None,
              "access_url": access_url, "description": resource.get("res_description"),
              "reference_url": resource.get("reference_url"), "services": services}
    return {"id": resource["ivoid"], "title": resource.get("res_title") or resource["ivoid"],
            "ra": None, "dec": None, "access_url": access_url, "format": None, "size": None,
            "dataproduct_type": None, "thumbnail": None, "fields": fields}


class RegistryConnector(Connector):
    connector_type = "ivoa-registry"
    label = "IVOA registry (RegTAP)"

    def capabilities(self, dataset: Any) -> Capabilities:
        return Capabilities(query_kinds=frozenset({QueryKind.KEYWORD}))

    def search(self, dataset: Any, query: SearchQuery, limit: int,
               timeout: float, *, user: Any = None) -> SearchResult:
        if query.kind != QueryKind.KEYWORD:
            raise NotApplicable("Registries answer keyword searches only.")
        if not (query.keyword or "").strip():
            raise BadQuery("A keyword search needs a keyword.", field="keyword")
        options = dataset.options or {}
        page = search(dataset, keyword=query.keyword, servicetype=options.get("servicetype"),
                      waveband=options.get("waveband"), page=1,
                      page_size=min(limit, MAX_PAGE_SIZE), timeout=timeout)
        return SearchResult(rows=page.rows, columns=list(COLUMNS),
                            overflow=page.count > len(page.rows), query_text=page.query_text,
                            timings=page.timings)

    def health(self, dataset: Any, timeout: float) -> HealthReport:
        return schema.health(tap_base(dataset), timeout)
