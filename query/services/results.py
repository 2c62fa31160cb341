"""Serving stored result rows: paged, per dataset or merged, sortable by the common fields.

Pages come from the rows stored when each archive answered: an archive is never asked again
for another page. A page costs a constant number of SQL queries whatever the result size.
"""

from __future__ import annotations

from typing import Any

from django.db.models import F, QuerySet

from esap.errors import InvalidInput
from query.models import DatasetRun, ResultRow, Search

# API ordering name -> model field.
ORDERING_FIELDS = {
    "dataset": "run__dataset__slug",
    "id": "identifier",
    "title": "title",
    "ra": "ra",
    "dec": "dec",
    "size": "size",
    "format": "format",
    "dataproduct_type": "dataproduct_type",
}
ROW_VALUES = ("run_id", "identifier", "title", "ra", "dec", "access_url", "format", "size",
              "dataproduct_type", "thumbnail", "fields")


def result_rows(search: Search, dataset_slug: str | None, ordering: str | None) -> QuerySet:
    rows = ResultRow.objects.filter(run_id__in=[run.pk for run in search.runs.all()])
    if dataset_slug:
        run_ids = [run.pk for run in search.runs.all() if run.dataset.slug == dataset_slug]
        if not run_ids:
            raise InvalidInput(f"Dataset '{dataset_slug}' is not part of this search.",
                               field="dataset")
        rows = ResultRow.objects.filter(run_id__in=run_ids)
    return rows.order_by(*_order_by(ordering)).values(*ROW_VALUES)


def _order_by(ordering: str | None) -> list[Any]:
    if not ordering:  # runs were created in the order the datasets were asked
        return ["run_id", "position"]
    descending = ordering.startswith("-")
    name = ordering.lstrip("-")
    if name not in ORDERING_FIELDS:
        raise InvalidInput(
            f"Cannot sort by '{name}'; choose one of: {', '.join(sorted(ORDERING_FIELDS))}.",
            field="ordering")
    expression = F(ORDERING_FIELDS[name])
    primary = expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True)
    return [primary, "run_id", "position"]


def serialize_rows(search: Search, rows: list[dict[str, Any]],
                   runs: list[DatasetRun] | None = None) -> list[dict[str, Any]]:
    """Turn ``values()`` rows into API rows, naming each row's dataset and archive (from
    ``runs`` when given, else the search's prefetched runs)."""
    runs = search.runs.all() if runs is None else runs
    labels = {run.pk: (run.dataset.slug, run.dataset.archive.slug) for run in runs}
    out = []
    for row in rows:
        slug, archive = labels.get(row["run_id"], ("", ""))
        out.append({
            "dataset": slug,
            "archive": archive,
            "id": row["identifier"],
            "title": row["title"],
            "ra": row["ra"],
            "dec": row["dec"],
            "access_url": row["access_url"] or None,
            "format": row["format"] or None,
            "size": row["size"],
            "dataproduct_type": row["dataproduct_type"] or None,
            "thumbnail": row["thumbnail"] or None,
            "fields": row["fields"],
        })
    return out


def positions(search: Search, dataset_slug: str | None, limit: int) -> dict[str, Any]:
    """Sky positions of a search's rows (for plots): compact [ra, dec, dataset index] triples,
    at most ``limit`` of them, in a single query."""
    runs = [(run.pk, run.dataset.slug) for run in search.runs.all()]
    slugs = [slug for _, slug in runs]
    if dataset_slug and dataset_slug not in slugs:
        raise InvalidInput(f"Dataset '{dataset_slug}' is not part of this search.",
                           field="dataset")
    index = {pk: slugs.index(slug) for pk, slug in runs}
    wanted = [pk for pk, slug in runs if not dataset_slug or slug == dataset_slug]
    rows = ResultRow.objects.filter(run_id__in=wanted, ra__isnull=False, dec__isnull=False)
    picked = list(rows.order_by("run_id", "position").values_list("run_id", "ra", "dec")[
        : limit + 1])
    return {
        "datasets": slugs,
        "truncated": len(picked) > limit,
        "positions": [[ra, dec, index[run_id]] for run_id, ra, dec in picked[:limit]],
    }

