"""DID details for the DID page: the DID, its contents, files, replicas and rules.

Rucio listings have no offset: pages are cut from the stream, which is read at most up to
``LISTING_CAP`` items (``count`` then says "at least")."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice
from typing import Any
from urllib.parse import urlsplit

from query.models import Dataset
from rucio_connector.client import RucioClient
from rucio_connector.patterns import parse_did
from rucio_connector.rows import did_type, iso_time, science_metadata
from rucio_connector.services.datasets import api_call, client, config

LISTING_CAP = 10_000
DOWNLOAD_SCHEMES = {"https": "https", "http": "http", "davs": "https"}
# Rucio gives only each RSE's preferred protocol unless schemes are named: ask for the usual
# ones so that browser-downloadable PFNs show up next to root:// or file:// ones.
PFN_SCHEMES = ["https", "davs", "http", "root", "srm", "gsiftp", "s3", "file"]


def _did(text_scope: str, name: str) -> tuple[str, str]:
    return api_call(lambda: parse_did(f"{text_scope}:{name}", field="did"))


def did_detail(dataset: Dataset, user: Any, scope: str, name: str) -> dict[str, Any]:
    scope, name = _did(scope, name)
    rucio = client(dataset, user)
    info = api_call(lambda: rucio.did(scope, name))
    meta = api_call(lambda: rucio.metadata(scope, name))
    return {
        "scope": scope, "name": name, "did": f"{scope}:{name}",
        "type": did_type(info.get("type") or info.get("did_type")),
        "bytes": info.get("bytes") if info.get("bytes") is None else int(info["bytes"]),
        "length": info.get("length"), "account": info.get("account") or meta.get("account"),
        "open": info.get("open"), "created_at": iso_time(meta.get("created_at")),
        "updated_at": iso_time(meta.get("updated_at")),
        "metadata": science_metadata(meta),
        "webui_url": config(dataset).webui_link(scope, name),
    }


def _page(items: Iterator[dict[str, Any]], page: int, page_size: int,
          shape: Any) -> dict[str, Any]:
    start = (page - 1) * page_size
    results, count = [], 0
    for index, item in enumerate(islice(items, LISTING_CAP)):
        count = index + 1
        if start <= index < start + page_size:
            results.append(shape(item))
    return {"count": count, "count_capped": count >= LISTING_CAP, "page": page,
            "page_size": page_size,
            "next_page": page + 1 if count > start + page_size else None, "results": results}


def contents(dataset: Dataset, user: Any, scope: str, name: str, page: int,
             page_size: int) -> dict[str, Any]:
    scope, name = _did(scope, name)
    rucio = client(dataset, user)

    def shape(item: dict[str, Any]) -> dict[str, Any]:
        return {"scope": item["scope"], "name": item["name"],
                "did": f"{item['scope']}:{item['name']}", "type": did_type(item.get("type")),
                "bytes": item.get("bytes")}
    return api_call(lambda: _page(rucio.contents(scope, name), page, page_size, shape))


def files(dataset: Dataset, user: Any, scope: str, name: str, page: int,
          page_size: int) -> dict[str, Any]:
    scope, name = _did(scope, name)
    rucio = client(dataset, user)

    def shape(item: dict[str, Any]) -> dict[str, Any]:
        return {"scope": item["scope"], "name": item["name"],
                "did": f"{item['scope']}:{item['name']}", "bytes": item.get("bytes"),
                "adler32": item.get("adler32"), "md5": item.get("md5"),
                "events": item.get("events")}
    return api_call(lambda: _page(rucio.files(scope, name), page, page_size, shape))


def _download_url(pfns: list[str], size: Any, max_bytes: int) -> str | None:
    if size is None or int(size) > max_bytes:
        return None
    for pfn in pfns:
        parts = urlsplit(pfn)
        if parts.scheme in DOWNLOAD_SCHEMES and parts.netloc:
            return parts._replace(scheme=DOWNLOAD_SCHEMES[parts.scheme]).geturl()
    return None


def replicas(dataset: Dataset, user: Any, scope: str, name: str, page: int,
             page_size: int) -> dict[str, Any]:
    """Per file: its replicas (RSE, state, PFNs, a download link for small files over
    http(s)); per RSE: how much of the DID it holds (over the files read)."""
    scope, name = _did(scope, name)
    rucio = client(dataset, user)
    max_bytes = config(dataset).download_max_bytes
    per_rse: dict[str, dict[str, Any]] = {}
    total = {"files": 0, "bytes": 0}

    def shape(item: dict[str, Any]) -> dict[str, Any]:
        return item["_shaped"]

    def annotated() -> Iterator[dict[str, Any]]:
        for item in rucio.replicas(scope, name, PFN_SCHEMES):
            size = item.get("bytes") or 0
            total["files"] += 1
            total["bytes"] += size
            states = item.get("states") or {}
            rses = item.get("rses") or {}
            shaped = []
            for rse in sorted(set(states) | set(rses)):
                state = str(states.get(rse, "UNKNOWN"))
                summary = per_rse.setdefault(rse, {"rse": rse, "available_files": 0,
                                                   "available_bytes": 0, "files": 0})
                summary["files"] += 1
                if state == "AVAILABLE":
                    summary["available_files"] += 1
                    summary["available_bytes"] += size
                pfns = [str(p) for p in rses.get(rse) or []]
                shaped.append({"rse": rse, "state": state, "pfns": pfns,
                               "download_url": _download_url(pfns, item.get("bytes"),
                                                             max_bytes)
                               if state == "AVAILABLE" else None})
            item["_shaped"] = {"did": f"{item['scope']}:{item['name']}", "scope": item["scope"],
                               "name": item["name"], "bytes": item.get("bytes"),
                               "replicas": shaped}
            yield item

    answer = api_call(lambda: _page(annotated(), page, page_size, shape))
    answer["rses"] = [
        {**s, "state": "complete" if s["available_files"] == total["files"] else "partial",
         "total_files": total["files"], "total_bytes": total["bytes"]}
        for s in sorted(per_rse.values(), key=lambda s: s["rse"])]
    return answer


def rules(dataset: Dataset, user: Any, scope: str, name: str) -> dict[str, Any]:
    scope, name = _did(scope, name)
    rucio: RucioClient = client(dataset, user)

    def read() -> list[dict[str, Any]]:
        return [{"id": r["id"], "account": r.get("account"),
                 "rse_expression": r.get("rse_expression"), "state": r.get("state"),
                 "locks_ok": r.get("locks_ok_cnt", 0),
                 "locks_replicating": r.get("locks_replicating_cnt", 0),
                 "locks_stuck": r.get("locks_stuck_cnt", 0), "copies": r.get("copies"),
                 "grouping": r.get("grouping"), "created_at": iso_time(r.get("created_at")),
                 "expires_at": iso_time(r.get("expires_at"))}
                for r in islice(rucio.did_rules(scope, name), 1000)]
    return {"results": api_call(read)}
