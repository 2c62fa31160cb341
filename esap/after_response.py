"""Work a request hands over to run once its answer has been sent.

Django closes a response after the WSGI server has written its last byte (the test client
closes it at once) and then sends ``request_finished`` in the same thread: deferred work runs
there, so the client is not kept waiting for it. Work left over by a request that never
finished (no signal) runs at the start of the thread's next request.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from django.core.signals import request_finished, request_started
from django.db import connections

logger = logging.getLogger(__name__)
_local = threading.local()


def defer(work: Callable[[], object]) -> None:
    """Run ``work`` in this thread after the current request's answer has been sent."""
    if not hasattr(_local, "work"):
        _local.work = []
    _local.work.append(work)


def run_deferred(**_: Any) -> None:
    work, _local.work = getattr(_local, "work", []), []
    for item in work:
        try:
            item()
        except Exception:  # one failing piece must not keep the others from running
            logger.exception("work deferred until after the answer failed")
    if work:  # it may have reopened a connection after Django closed the request's one
        for connection in connections.all(initialized_only=True):
            if not connection.in_atomic_block:  # (a test's transaction)
                connection.close_if_unusable_or_obsolete()


request_finished.connect(run_deferred, dispatch_uid="esap-after-response")
request_started.connect(run_deferred, dispatch_uid="esap-after-response-leftover")
