"""Gunicorn config hooks for `overhead.py --profile`: server-side timing without editing ESAP.

Loaded with `gunicorn -c bench/timing_hooks.py ...`. After the worker has loaded the Django app
it wraps the main steps of a search (view, validation, storing, waiting, serializing, the
connector call, SQL execution, session middleware) with timers, and records each request's
time inside the worker. Medians are written as JSON to $ESAP_BENCH_TIMINGS after every request
(profile runs only; the measured benchmark runs without these hooks).
"""

from __future__ import annotations

import functools
import json
import os
import statistics
import threading
import time
from collections import defaultdict
from typing import Any

_samples: dict[str, list[float]] = defaultdict(list)
_lock = threading.Lock()
_local = threading.local()


def _add(label: str, ms: float) -> None:
    with _lock:
        _samples[label].append(ms)


def _timed(owner: Any, name: str, label: str) -> None:
    original = getattr(owner, name)

    @functools.wraps(original)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            _add(label, (time.perf_counter() - started) * 1000)

    setattr(owner, name, wrapper)


def _timed_property(owner: Any, name: str, label: str) -> None:
    original = getattr(owner, name)

    def getter(self: Any) -> Any:
        started = time.perf_counter()
        try:
            return original.fget(self)
        finally:
            _add(label, (time.perf_counter() - started) * 1000)

    setattr(owner, name, property(getter))


def _sql_timer(cursor_cls: Any) -> None:
    """Accumulate SQL time and count per thread; flushed by the enclosing timer."""
    for name in ("execute", "executemany"):
        original = getattr(cursor_cls, name)

        def make(original: Any) -> Any:
            @functools.wraps(original)
            def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
                started = time.perf_counter()
                try:
                    return original(self, *args, **kwargs)
                finally:
                    _local.sql_ms = getattr(_local, "sql_ms", 0.0) + \
                        (time.perf_counter() - started) * 1000
                    _local.sql_n = getattr(_local, "sql_n", 0) + 1
            return wrapper

        setattr(cursor_cls, name, make(original))


def post_worker_init(worker: Any) -> None:
    from django.contrib.sessions.middleware import SessionMiddleware
    from django.core.handlers.wsgi import WSGIHandler
    from django.db.backends import utils as db_utils
    from django.db.backends.base.base import BaseDatabaseWrapper
    from django.template.response import SimpleTemplateResponse

    from esap import taskrunner
    from query import tasks
    from query.api import search_answers as answers
    from query.api import search_serializers as serializers
    from query.api import views
    from query.connectors import get_connector
    from query.services import results, runs, searches

    _timed(views.SearchViewSet, "create", "view.create (POST)")
    _timed(views.SearchViewSet, "results", "view.results (GET)")
    _timed(serializers.SearchCreateSerializer, "is_valid", "post: input validation")
    _timed(searches, "select_datasets", "post: select_datasets")
    _timed(searches, "validate_for_datasets", "post: validate_for_datasets")
    _timed(searches, "start_search", "post: start_search (store + dispatch)")
    _timed(searches, "wait_for", "post: wait_for (run in pool thread)")
    _timed(searches, "get_search", "get_search (post + get)")
    _timed(runs, "expire_stale_runs", "expire_stale_runs (inside get_search)")
    _timed_property(answers.SearchSerializer, "data", "post: SearchSerializer.data")
    _timed(results, "result_rows", "get: result_rows")
    _timed(results, "serialize_rows", "get: serialize_rows")
    _timed(views.PageNumberPagination, "paginate_queryset", "get: paginate (count + page)")
    _timed(views.PageNumberPagination, "get_paginated_response", "get: paginated response")
    _timed(SessionMiddleware, "process_request", "session middleware: load")
    _timed(SessionMiddleware, "process_response", "session middleware: save")
    original_run = taskrunner._run_in_thread

    @functools.wraps(original_run)
    def run_in_thread(*args: Any, **kwargs: Any) -> Any:
        _local.sql_ms, _local.sql_n = 0.0, 0
        started = time.perf_counter()
        try:
            return original_run(*args, **kwargs)
        finally:
            _add("task: whole (incl. DB connect/close)", (time.perf_counter() - started) * 1000)
            _add("task: SQL time in pool thread", _local.sql_ms)
            _add("task: SQL statements in pool thread", _local.sql_n)

    taskrunner._run_in_thread = run_in_thread
    _timed(tasks, "execute_run", "task: execute_run")
    _timed(searches, "store_inline_run", "after answer: store_inline_run (search, run, rows)")
    _timed(runs, "call_archive", "post/task: call_archive (archive + parse + normalize)")
    _timed(type(get_connector("ivoa-tap")), "search", "task: connector.search")
    _timed(BaseDatabaseWrapper, "connect", "db: connect (incl. init PRAGMAs)")
    _timed(BaseDatabaseWrapper, "close", "db: close")
    original_call = WSGIHandler.__call__

    def handler_call(self: Any, environ: Any, start_response: Any) -> Any:
        started = time.perf_counter()
        try:
            return original_call(self, environ, start_response)
        finally:
            kind = "POST" if environ.get("REQUEST_METHOD") == "POST" else "GET"
            _add(f"django: whole {kind} in WSGIHandler (no body write)",
                 (time.perf_counter() - started) * 1000)

    WSGIHandler.__call__ = handler_call
    _timed(views.SearchViewSet, "initial", "drf: initial (auth, permissions, throttles)")
    _timed(views.SearchViewSet, "finalize_response", "drf: finalize_response")
    _timed(SimpleTemplateResponse, "render", "drf: render response (JSON)")
    _sql_timer(db_utils.CursorWrapper)


def pre_request(worker: Any, req: Any) -> None:
    _local.started = time.perf_counter()
    _local.sql_ms = 0.0
    _local.sql_n = 0


def post_request(worker: Any, req: Any, environ: Any, resp: Any) -> None:
    elapsed = (time.perf_counter() - getattr(_local, "started", time.perf_counter())) * 1000
    kind = "POST" if req.method == "POST" else "GET"
    _add(f"worker: whole {kind} request", elapsed)
    _add(f"worker: SQL time in {kind} request thread", getattr(_local, "sql_ms", 0.0))
    _add(f"worker: SQL statements in {kind} request thread", getattr(_local, "sql_n", 0))
    path = os.environ.get("ESAP_BENCH_TIMINGS")
    if not path:
        return
    with _lock:
        summary = {label: {"n": len(values), "median": statistics.median(values)}
                   for label, values in _samples.items() if values}
    tmp = f"{path}.tmp"
    with open(tmp, "w") as out:
        json.dump(summary, out, indent=1)
    os.replace(tmp, path)
