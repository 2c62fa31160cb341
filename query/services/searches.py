"""Starting, waiting for, re-running and expiring federated searches."""

from __future__ import annotations

import concurrent.futures
import copy
import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from esap import taskrunner
from esap.errors import Forbidden, InvalidInput, NotFound
from query.connectors import BadQuery, QueryKind, SearchQuery, get_connector
from query.connectors.errors import ConnectorError
from query.models import Dataset, DatasetRun, RunStatus, Search
from query.services import dataset_cache
from query.services.runs import (
    call_archive,
    execute_loaded_run,
    expire_stale_runs,
    normalized_rows,
    store_inline_run,
)
from query.tasks import run_dataset

logger = logging.getLogger(__name__)
_last_purge = 0.0
PURGE_INTERVAL_SECONDS = 60.0
STORE_WAIT_SECONDS = 10.0
# Searches answered but not yet stored by this process (id -> set once stored).
_storing: dict[str, threading.Event] = {}
_storing_lock = threading.Lock()


@dataclass
class StartedSearch:
    search: Search
    futures: list[concurrent.futures.Future] = field(default_factory=list)
    finished: bool = False  # every run already ran in the calling thread
    # When it ran in the calling thread: the runs and rows to answer with, and ``store``,
    # which the caller must call once the answer is on its way (see _run_in_this_thread).
    runs: list[DatasetRun] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)
    store: Callable[[], bool] | None = None  # returns whether the search was written


def select_datasets(slugs: Sequence[str] | None, query: SearchQuery) -> list[Dataset]:
    """The datasets to ask: the named ones (all must exist and be enabled) or all enabled."""
    available = dataset_cache.searchable_datasets()
    if not slugs:
        if query.kind == QueryKind.ADQL:
            raise InvalidInput("Raw ADQL goes to exactly one dataset: name it in 'datasets'.",
                               field="datasets")
        if not available:
            raise InvalidInput("No dataset is enabled.", field="datasets")
        return [copy.copy(dataset) for dataset in available.values()]
    unique = list(dict.fromkeys(slugs))
    missing = [slug for slug in unique if slug not in available]
    if missing:
        raise InvalidInput(f"Unknown or disabled dataset(s): {', '.join(missing)}.",
                           field="datasets", details={"unknown": missing})
    if query.kind == QueryKind.ADQL and len(unique) != 1:
        raise InvalidInput("Raw ADQL goes to exactly one dataset.", field="datasets")
    return [copy.copy(available[slug]) for slug in unique]


def validate_for_datasets(datasets: Sequence[Dataset], query: SearchQuery) -> None:
    """Let each connector reject a query that can never run (ADQL syntax, bad identifiers)."""
    for dataset in datasets:
        try:
            connector = get_connector(dataset.connector_type)
            if query.kind == QueryKind.ADQL and QueryKind.ADQL not in \
                    connector.capabilities(dataset).query_kinds:
                raise InvalidInput(f"Dataset '{dataset.slug}' does not accept ADQL.",
                                   field="datasets")
            connector.validate_query(dataset, query)
        except BadQuery as exc:
            raise InvalidInput(exc.message, field=exc.field or "query") from None
        except ConnectorError as exc:
            raise InvalidInput(exc.message, field="datasets") from None


def start_search(*, datasets: Sequence[Dataset], query: SearchQuery, owner: Any = None,
                 session_key: str = "", row_limit: int | None = None,
                 timeout: float | None = None, name: str = "",
                 wait: float = 0.0) -> StartedSearch:
    """Store the search and start one run per dataset, all at once. When the caller will
    wait for a single dataset anyway, and its timeout fits in ``wait``, the run happens in the
    calling thread (no hand-off to a worker)."""
    _maybe_purge_expired()
    expires = None
    if owner is None:
        expires = timezone.now() + timedelta(hours=settings.ESAP_ANONYMOUS_SEARCH_TTL_HOURS)
    bound = min(timeout, datasets[0].timeout) if timeout else datasets[0].timeout
    if len(datasets) == 1 and wait >= bound and not taskrunner.uses_celery():
        return _run_in_this_thread(datasets[0], query, owner, session_key, row_limit, timeout,
                                   name, expires)
    with transaction.atomic():
        search = Search.objects.create(
            owner=owner, session_key=session_key or "", name=name, query=query.to_json(),
            row_limit=row_limit, timeout=timeout, expires_at=expires,
        )
        runs = DatasetRun.objects.bulk_create(
            [DatasetRun(search=search, dataset=dataset) for dataset in datasets]
        )
    started = StartedSearch(search=search)
    if not runs or not runs[0].pk:  # a database that returns no ids from bulk inserts
        runs = list(search.runs.select_related("search", "dataset"))
    for run in runs:
        if taskrunner.uses_celery():
            taskrunner.dispatch(run_dataset, run.pk)
            continue
        # Same process: hand over the loaded run, nothing to read back.
        future = taskrunner.dispatch(execute_loaded_run, run)
        if future is not None:
            started.futures.append(future)
    return started


def _run_in_this_thread(dataset: Dataset, query: SearchQuery, owner: Any, session_key: str,
                        row_limit: int | None, timeout: float | None, name: str,
                        expires: Any) -> StartedSearch:
    """The caller waits for a single dataset anyway and its timeout fits in the wait: ask the
    archive in this thread and answer from memory. Search, run and rows are stored by
    ``store`` in one transaction *after* the answer has been sent (the single-search overhead
    target leaves no time for the writes before it); until then, readers of the search in this
    process wait for it (``get_search``)."""
    search = Search(owner=owner, session_key=session_key or "", name=name,
                    query=query.to_json(), row_limit=row_limit, timeout=timeout,
                    expires_at=expires)
    run = DatasetRun(search=search, dataset=dataset, status=RunStatus.RUNNING,
                     started_at=timezone.now())
    outcome = call_archive(run)
    for key, value in outcome.values.items():
        setattr(run, key, value)
    rows = normalized_rows(None, outcome.rows)
    stored = threading.Event()
    with _storing_lock:
        _storing[str(search.pk)] = stored

    def store() -> bool:
        try:
            store_inline_run(run, rows)
            return True
        except DatabaseError:
            logger.exception("search %s could not be stored", search.pk)
            return False
        finally:
            with _storing_lock:
                _storing.pop(str(search.pk), None)
            stored.set()

    return StartedSearch(search=search, finished=True, runs=[run], rows=rows,
                         store=_once(store))


def _once(function: Callable[[], bool]) -> Callable[[], bool]:
    """``function`` runs at the first call; every call returns its result."""
    lock = threading.Lock()
    result: list[bool] = []

    def call() -> bool:
        with lock:
            if not result:
                result.append(function())
            return result[0]
    return call


def wait_until_stored(search_id: Any, seconds: float = STORE_WAIT_SECONDS) -> bool:
    """If this process is storing the search (answered, not yet written), wait for it."""
    with _storing_lock:
        stored = _storing.get(str(search_id))
    return stored is not None and stored.wait(seconds)


def rerun(search: Search, *, owner: Any = None, session_key: str = "") -> StartedSearch:
    datasets = [run.dataset for run in search.runs.select_related("dataset", "dataset__archive")
                if run.dataset.enabled]
    if not datasets:
        raise InvalidInput("None of this search's datasets is enabled any more.",
                           field="datasets")
    return start_search(datasets=datasets, query=SearchQuery.from_json(search.query),
                        owner=owner, session_key=session_key, row_limit=search.row_limit,
                        timeout=search.timeout, name=search.name)


def wait_for(search: Search, seconds: float,
             futures: Sequence[concurrent.futures.Future] = ()) -> None:
    """Block until every run has finished or ``seconds`` have passed."""
    if seconds <= 0:
        return
    deadline = time.monotonic() + seconds
    if futures:  # thread mode, same process: no polling needed
        concurrent.futures.wait(futures, timeout=seconds)
        return
    interval = 0.01
    while time.monotonic() < deadline:
        current = load_search(search.pk)
        if current is None:
            return
        expire_stale_runs(current, current.runs.all())
        if all(run.finished for run in current.runs.all()):
            return
        time.sleep(min(interval, max(deadline - time.monotonic(), 0)))
        interval = min(interval * 1.5, 0.25)


def with_runs(queryset: QuerySet[Search]) -> QuerySet[Search]:
    return queryset.prefetch_related(
        Prefetch("runs", queryset=DatasetRun.objects.select_related("dataset__archive")))


def visible_searches(user: Any, session_key: str | None) -> QuerySet[Search]:
    """The caller's own searches: by owner when signed in, else by browser session."""
    if user is not None and user.is_authenticated:
        return with_runs(Search.objects.filter(owner=user))
    if session_key:
        return with_runs(Search.objects.filter(owner__isnull=True, session_key=session_key))
    return Search.objects.none()


def get_search(search_id: Any, user: Any) -> Search:
    """A search by id, with its runs loaded. Owned searches are visible to their owner only;
    anonymous searches are reachable by their unguessable id (so scripts without cookies can
    page their results)."""
    search = load_search(search_id)
    if search is None and wait_until_stored(search_id):
        search = load_search(search_id)
    if search is None:
        raise NotFound("No such search.")
    if search.owner_id is not None and (user is None or search.owner_id != user.pk):
        raise NotFound("No such search.")
    if search.expires_at is not None and search.expires_at < timezone.now():
        raise NotFound("This search has expired.")
    if expire_stale_runs(search, search.runs.all()):
        search = load_search(search_id)
    return search


def load_search(search_id: Any) -> Search | None:
    return with_runs(Search.objects.filter(pk=search_id)).first()


def check_may_change(search: Search, user: Any, session_key: str | None) -> None:
    """Owned searches are changed by their owner (get_search already hides them from others);
    anonymous ones only by the browser session that made them."""
    if search.owner_id is None and (not session_key or search.session_key != session_key):
        raise Forbidden("Only the session that made an anonymous search may change it.")


def update_search(search: Search, *, name: str | None = None, saved: bool | None = None) -> None:
    fields = []
    if name is not None:
        search.name, fields = name, [*fields, "name"]
    if saved is not None:
        search.saved, fields = saved, [*fields, "saved"]
    search.save(update_fields=fields)


def purge_expired() -> int:
    deleted, _ = Search.objects.filter(expires_at__lt=timezone.now()).delete()
    return deleted


def _maybe_purge_expired() -> None:
    global _last_purge
    now = time.monotonic()
    if now - _last_purge > PURGE_INTERVAL_SECONDS:
        _last_purge = now
        purge_expired()
