"""Run background work either in a bounded in-process thread pool (embedded default: no broker
needed) or on Celery workers (scaled profile). Tasks are Celery tasks in each app's tasks.py;
in thread mode they are called directly in a pool thread."""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor, wait
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import connections
from django.db.models import Q
from django.utils import timezone

logger = logging.getLogger(__name__)

_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()
_pending: set[Future] = set()  # submitted, not yet finished (for wait_idle)


def _get_pool() -> ThreadPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(
                max_workers=settings.ESAP_THREAD_POOL_SIZE, thread_name_prefix="esap-task"
            )
        return _pool


def uses_celery() -> bool:
    return settings.ESAP_TASK_RUNNER == "celery"


def _run_in_thread(task: Any, args: tuple) -> None:
    try:
        task(*args)
    except Exception:  # a task must never kill the pool thread silently
        logger.exception("background task %s failed", getattr(task, "name", task))
    finally:
        # Idle pool threads must not hold server connections (PostgreSQL counts them). SQLite's
        # are file handles: kept, since reopening one (and its PRAGMAs) on every run of a
        # fan-out delays the start of the last runs.
        for connection in connections.all(initialized_only=True):
            if connection.vendor == "sqlite":
                connection.close_if_unusable_or_obsolete()
            else:
                connection.close()



def dispatch(task: Any, *args: Any) -> Future | None:
    """Start ``task(*args)`` in the background. Returns a Future in thread mode."""
    if uses_celery():
        task.delay(*args)
        return None
    future = _get_pool().submit(_run_in_thread, task, args)
    with _pool_lock:
        _pending.add(future)
    future.add_done_callback(_forget)
    return future


def dispatch_if_stale(obj: Any, *, checked_at: Any, seconds: float, task: Any) -> bool:
    """Start ``task(str(obj.pk))`` in the background when ``obj`` was last checked
    (``checked_at``) more than ``seconds`` ago, at most one in flight: the model's
    ``refresh_dispatched_at`` column is claimed with a conditional UPDATE, which holds across
    processes. Returns whether a task was started."""
    now = timezone.now()
    stale = now - timedelta(seconds=seconds)
    if checked_at and checked_at > stale:
        return False
    claimed = type(obj).objects.filter(pk=obj.pk).filter(
        Q(refresh_dispatched_at__isnull=True) | Q(refresh_dispatched_at__lt=stale)
    ).update(refresh_dispatched_at=now)
    if claimed:
        dispatch(task, str(obj.pk))
    return bool(claimed)


def _forget(future: Future) -> None:
    with _pool_lock:
        _pending.discard(future)


def wait_idle(timeout: float) -> bool:
    """Wait until in-process background work has finished (tests, shutdown). True if idle."""
    with _pool_lock:
        pending = list(_pending)
    return not pending or not wait(pending, timeout=timeout).not_done
