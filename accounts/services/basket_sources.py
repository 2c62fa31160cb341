"""Where basket items come from: explicit items (validated against the datasets) and stored
search results (read through the query app, which enforces the search's visibility)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any

from accounts.models import ItemType
from accounts.services.basket import AddResult, Basket, ItemSpec, add_items
from esap.errors import Conflict, InvalidInput
from query.models import Dataset, DatasetRun, ResultRow, Search
from query.services.searches import get_search

ROW_VALUES = ("identifier", "title", "ra", "dec", "access_url", "format", "size",
              "dataproduct_type", "thumbnail", "fields")
MAX_UNKNOWN_LISTED = 20
RUCIO = "rucio"  # the connector type whose rows are data identifiers (ItemType.RUCIO_DID)
ZOONIVERSE = "zooniverse"  # rows are projects (ItemType.ZOONIVERSE_PROJECT)
ZOONIVERSE_TYPES = {ItemType.ZOONIVERSE_PROJECT, ItemType.ZOONIVERSE_WORKFLOW,
                    ItemType.ZOONIVERSE_SUBJECT_SET, ItemType.ZOONIVERSE_SUBJECT}


def specs_for_items(raw_items: Sequence[dict[str, Any]], *, field_prefix: str = ""
                    ) -> list[ItemSpec]:
    """Item specs for validated input items; every dataset must exist (one query)."""
    slugs = {item["dataset"] for item in raw_items}
    datasets = {d.slug: d for d in Dataset.objects.select_related("archive")
                .filter(slug__in=slugs, archive__visible=True)}
    specs = []
    for index, item in enumerate(raw_items):
        dataset = datasets.get(item["dataset"])
        if dataset is None:
            where = f"{field_prefix}[{index}].dataset" if field_prefix else "dataset"
            raise InvalidInput(f"Unknown dataset '{item['dataset']}'.", field=where)
        if (item["item_type"] == ItemType.RUCIO_DID) != (dataset.connector_type == RUCIO):
            where = f"{field_prefix}[{index}].item_type" if field_prefix else "item_type"
            raise InvalidInput("Data lake (Rucio) datasets hold items of type rucio_did, and "
                               "only they do.", field=where)
        _check_zooniverse(item, dataset, f"{field_prefix}[{index}]" if field_prefix else "")
        specs.append(ItemSpec(
            item_type=item["item_type"], dataset_slug=dataset.slug, dataset_id=dataset.pk,
            archive_slug=dataset.archive.slug, connector_type=dataset.connector_type,
            identifier=item["identifier"], title=item.get("title") or "",
            metadata=item.get("metadata") or {}, notes=item.get("notes") or ""))
    return specs


def _check_zooniverse(item: dict[str, Any], dataset: Dataset, where: str) -> None:
    """Zooniverse item types belong to Zooniverse datasets; their identifier is a Panoptes id
    (a positive integer)."""
    if item["item_type"] not in ZOONIVERSE_TYPES:
        return
    prefix = f"{where}." if where else ""
    if dataset.connector_type != ZOONIVERSE:
        raise InvalidInput("Zooniverse item types belong to Zooniverse datasets.",
                           field=f"{prefix}item_type")
    identifier = item["identifier"]
    if not identifier.isdigit() or len(identifier) > 16 or int(identifier) == 0:
        raise InvalidInput("A Panoptes id (a positive whole number) is required.",
                           field=f"{prefix}identifier")


def add_from_search(basket: Basket, user: Any, *, search_id: Any, dataset: str,
                    rows: Sequence[str] | None = None, all_rows: bool = False,
                    as_query: bool = False) -> AddResult:
    """Add rows of one dataset's stored result (some, or all), or that dataset's query."""
    search = get_search(search_id, user)
    run = next((r for r in search.runs.all() if r.dataset.slug == dataset), None)
    if run is None:
        raise InvalidInput(f"Dataset '{dataset}' is not part of this search.", field="dataset")
    if as_query:
        return add_items(basket, [_query_spec(search, run)], return_items=False)
    if all_rows and not run.finished:
        raise Conflict("This dataset's search is still running; add all rows once it has "
                       "finished.", code="search_running")
    values = ResultRow.objects.filter(run=run).order_by("position")
    if rows is not None:
        wanted = list(dict.fromkeys(rows))
        wanted_set = set(wanted)
        if len(wanted) <= 500:
            values = values.filter(identifier__in=wanted)
        picked = {row["identifier"]: row for row in values.values(*ROW_VALUES)
                  if row["identifier"] in wanted_set}
        unknown = [identifier for identifier in wanted if identifier not in picked]
        if unknown:
            raise InvalidInput(
                f"{len(unknown)} row id(s) are not in this dataset's result.", field="rows",
                details={"unknown": unknown[:MAX_UNKNOWN_LISTED]})
        found = [picked[identifier] for identifier in wanted]
    else:
        found = list(values.values(*ROW_VALUES))
    return add_items(basket, [_row_spec(search, run, row) for row in found],
                     return_items=False)


def _dataset_fields(run: DatasetRun) -> dict[str, Any]:
    dataset = run.dataset
    return {"dataset_slug": dataset.slug, "dataset_id": dataset.pk,
            "archive_slug": dataset.archive.slug, "connector_type": dataset.connector_type}


def _row_spec(search: Search, run: DatasetRun, row: dict[str, Any]) -> ItemSpec:
    if run.dataset.connector_type == RUCIO:
        return _did_spec(search, run, row)
    if run.dataset.connector_type == ZOONIVERSE:
        return _project_spec(search, run, row)
    item_type = ItemType.DATA_PRODUCT if row["access_url"] else ItemType.CATALOGUE_ROW
    metadata = {key: row[key] for key in ROW_VALUES if key not in ("identifier", "title")}
    metadata["search"] = str(search.pk)
    return ItemSpec(item_type=item_type, identifier=row["identifier"],
                    title=(row["title"] or row["identifier"])[:500], metadata=metadata,
                    **_dataset_fields(run))


def _did_spec(search: Search, run: DatasetRun, row: dict[str, Any]) -> ItemSpec:
    """A data lake row is a data identifier (stageable), not a catalogue row."""
    fields = row.get("fields") or {}
    metadata = {"did_type": fields.get("did_type") or row.get("dataproduct_type"),
                "bytes": fields.get("bytes", row.get("size")), "length": fields.get("length"),
                "search": str(search.pk)}
    return ItemSpec(item_type=ItemType.RUCIO_DID, identifier=row["identifier"],
                    title=row["identifier"][:500], metadata=metadata, **_dataset_fields(run))


def _project_spec(search: Search, run: DatasetRun, row: dict[str, Any]) -> ItemSpec:
    """A Zooniverse row is a project: the item's identifier is the Panoptes project id."""
    fields = row.get("fields") or {}
    identifier = str(fields.get("project_id") or row["identifier"].removeprefix("project:"))
    metadata = {"project_id": fields.get("project_id"), "slug": fields.get("slug"),
                "description": fields.get("description"), "thumbnail": row.get("thumbnail"),
                "access_url": row.get("access_url"), "state": fields.get("state"),
                "subjects_count": fields.get("subjects_count"),
                "classifications_count": fields.get("classifications_count"),
                "search": str(search.pk)}
    return ItemSpec(item_type=ItemType.ZOONIVERSE_PROJECT, identifier=identifier,
                    title=(row["title"] or identifier)[:500], metadata=metadata,
                    **_dataset_fields(run))


def _query_spec(search: Search, run: DatasetRun) -> ItemSpec:
    """One ``query`` item: the same query on the same dataset is the same item."""
    canonical = json.dumps({"query": search.query, "row_limit": search.row_limit},
                           sort_keys=True)
    identifier = "query-" + hashlib.sha256(canonical.encode()).hexdigest()[:24]
    metadata = {"search": str(search.pk), "query": search.query, "query_text": run.query_text,
                "row_limit": search.row_limit, "row_count": run.row_count,
                "status": run.status}
    title = search.name or describe_query(search.query)
    return ItemSpec(item_type=ItemType.QUERY, identifier=identifier,
                    title=f"{title} — {run.dataset.name}"[:500], metadata=metadata,
                    **_dataset_fields(run))


def describe_query(query: dict[str, Any]) -> str:
    kind = query.get("kind")
    cone = query.get("cone")
    if kind == "adql":
        text = " ".join(str(query.get("adql") or "").split())
        return f"ADQL: {text[:120]}"
    if kind == "keyword":
        return f"Keyword '{query.get('keyword')}'"
    if kind == "did":
        did = query.get("did") or {}
        return f"Data identifiers {did.get('pattern')} ({did.get('type') or 'all'})"
    parts = []
    if cone:
        parts.append(f"cone ({cone['ra']:g}, {cone['dec']:g}, r = {cone['radius']:g}°)")
    if query.get("constraints"):
        parts.append(f"{len(query['constraints'])} constraint(s)")
    return ("Search: " + ", ".join(parts)) if parts else "Search"
