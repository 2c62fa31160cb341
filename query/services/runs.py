"""Executing one dataset run: call the connector, store the outcome as soon as it arrives."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from query.connectors import ConnectorError, SearchQuery, get_connector
from query.models import DatasetRun, ResultRow, RunStatus, Search

logger = logging.getLogger(__name__)

# A run still "running" this long after its timeout is reported as timed out (covers a
# worker that died or a connector that overran its bound).
STALE_GRACE_SECONDS = 5.0
QUEUE_GRACE_SECONDS = 120.0
MAX_TEXT = {"identifier": 500, "title": 500, "format": 100, "dataproduct_type": 50}


def effective_limit(run: DatasetRun) -> int:
    requested = run.search.row_limit
    return min(requested, run.dataset.row_limit) if requested else run.dataset.row_limit


def effective_timeout(run: DatasetRun) -> float:
    requested = run.search.timeout
    return min(requested, run.dataset.timeout) if requested else run.dataset.timeout


@dataclass
class Outcome:
    """What a run ended with, before it is stored: the final run fields and the rows."""

    values: dict[str, Any]
    rows: list[dict[str, Any]] = field(default_factory=list)


def execute_run(run_id: int) -> None:
    """Run one dataset of a search (a background task). Never raises for archive problems:
    they become the status."""
    execute_loaded_run(DatasetRun.objects.select_related("search", "dataset").get(pk=run_id))


def execute_loaded_run(run: DatasetRun) -> None:
    """``execute_run`` for a run whose search and dataset are loaded (thread mode hands over
    the objects it has just created instead of an id to read back)."""
    run_id = run.pk
    claimed = DatasetRun.objects.filter(pk=run_id, status=RunStatus.PENDING).update(
        status=RunStatus.RUNNING, started_at=timezone.now()
    )
    if not claimed:  # already taken (re-delivered Celery task) or cancelled
        return
    outcome = call_archive(run)
    with transaction.atomic():
        still_running = DatasetRun.objects.select_for_update().filter(
            pk=run.pk, status=RunStatus.RUNNING).exists()
        if not still_running:  # reported as timed out meanwhile: keep that outcome
            return
        insert_rows(normalized_rows(run.pk, outcome.rows))
        DatasetRun.objects.filter(pk=run.pk).update(**outcome.values)


def call_archive(run: DatasetRun) -> Outcome:
    """Ask the archive (no database access): the run needs its search and dataset loaded."""
    query = SearchQuery.from_json(run.search.query)
    limit = effective_limit(run)
    started = time.perf_counter()
    try:
        connector = get_connector(run.dataset.connector_type)
        result = connector.search(run.dataset, query, limit, effective_timeout(run),
                                  user=_owner(run.search))
    except ConnectorError as exc:
        return Outcome(_final(started, status=exc.status, error_code=exc.code,
                              error_message=exc.message[:2000]))
    except Exception:  # a connector bug must not leave the run hanging
        logger.exception("connector %s failed on dataset %s", run.dataset.connector_type,
                         run.dataset.slug)
        return Outcome(_final(started, status=RunStatus.ERROR, error_code="connector_failure",
                              error_message="The connector failed unexpectedly; the error has "
                                            "been logged."))
    rows = result.rows[:limit]
    overflow = result.overflow or len(result.rows) > limit
    return Outcome(_final(started, status=RunStatus.OVERFLOW if overflow else RunStatus.OK,
                          row_count=len(rows), overflow=overflow, query_text=result.query_text,
                          columns=[c.to_json() for c in result.columns],
                          timings=result.timings), rows)


def _owner(search: Search) -> Any:
    """The search's owner, loaded only if a connector looks at it (most never do)."""
    if search.owner_id is None:
        return None
    return SimpleLazyObject(lambda: search.owner)


def _final(started: float, **values: Any) -> dict[str, Any]:
    return {"finished_at": timezone.now(),
            "elapsed_ms": round((time.perf_counter() - started) * 1000, 1), **values}


def _text(value: Any, key: str) -> str:
    if value is None:
        return ""
    text = str(value)
    return text[: MAX_TEXT.get(key, 2000)]


def _number(value: Any, kind: type) -> Any:
    if value is None:
        return None
    try:
        return kind(value)
    except (TypeError, ValueError, OverflowError):
        return None


ROW_COLUMNS = ("run_id", "position", "identifier", "title", "ra", "dec", "access_url",
               "format", "size", "dataproduct_type", "thumbnail", "fields")
INSERT_BATCH = 1000


def normalized_rows(run_id: int | None, rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """A connector's rows as the values of ``ResultRow`` (keys: ROW_COLUMNS), typed and cut
    to the column sizes."""
    return [{
        "run_id": run_id, "position": position,
        "identifier": _text(row.get("id"), "identifier") or str(position),
        "title": _text(row.get("title"), "title"),
        "ra": _number(row.get("ra"), float), "dec": _number(row.get("dec"), float),
        "access_url": _text(row.get("access_url"), "access_url"),
        "format": _text(row.get("format"), "format"),
        "size": _number(row.get("size"), int),
        "dataproduct_type": _text(row.get("dataproduct_type"), "dataproduct_type"),
        "thumbnail": _text(row.get("thumbnail"), "thumbnail"),
        "fields": row.get("fields") or {},
    } for position, row in enumerate(rows)]


def insert_rows(values: list[dict[str, Any]]) -> None:
    """Store normalized rows with one prepared INSERT per batch (executemany): bulk_create
    spends more time compiling SQL for each row than the database spends storing it, and
    this is on the path of every search answer. Values are bound parameters, never text."""
    if not values:
        return
    meta = ResultRow._meta
    quote = connection.ops.quote_name
    columns = ", ".join(quote(meta.get_field(name).column) for name in ROW_COLUMNS)
    placeholders = ", ".join(["%s"] * len(ROW_COLUMNS))
    # Identifiers come from the model and are quoted; every value is a bound parameter.
    sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608
    json_field = meta.get_field("fields")
    plain = ROW_COLUMNS[:-1]  # already typed by normalized_rows; only the JSON needs adapting
    with connection.cursor() as cursor:
        for start in range(0, len(values), INSERT_BATCH):
            cursor.executemany(sql, [
                [*(row[name] for name in plain),
                 json_field.get_db_prep_save(row["fields"], connection)]
                for row in values[start:start + INSERT_BATCH]])


def expire_stale_runs(search: Search, runs: Iterable[DatasetRun]) -> bool:
    """Mark runs that overran their timeout (plus grace) as timed out, and runs no worker
    ever started as failed. ``runs`` are the search's runs (with datasets) as already loaded;
    returns whether anything changed (then the caller reloads)."""
    now = timezone.now()
    changed = False
    for run in runs:
        run.search = search
        limit = effective_timeout(run)
        if run.status == RunStatus.PENDING and \
                now > search.created + timedelta(seconds=limit + QUEUE_GRACE_SECONDS):
            changed |= bool(DatasetRun.objects.filter(pk=run.pk, status=RunStatus.PENDING).update(
                status=RunStatus.ERROR, error_code="not_started", finished_at=now,
                error_message="The query was never started: no background worker took it."))
        elif run.status == RunStatus.RUNNING and run.started_at is not None and \
                now > run.started_at + timedelta(seconds=limit + STALE_GRACE_SECONDS):
            changed |= bool(DatasetRun.objects.filter(pk=run.pk, status=RunStatus.RUNNING).update(
                status=RunStatus.TIMEOUT, error_code="archive_timeout", finished_at=now,
                elapsed_ms=(now - run.started_at).total_seconds() * 1000,
                error_message=f"No answer within {limit:g} s."))
    return changed


def store_inline_run(run: DatasetRun, rows: list[dict[str, Any]]) -> None:
    """Store a search and its one run that the request thread has already answered with:
    search, run and rows in one transaction."""
    with transaction.atomic():
        run.search.save(force_insert=True)
        run.save(force_insert=True)
        for row in rows:
            row["run_id"] = run.pk
        insert_rows(rows)
