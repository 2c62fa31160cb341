"""TAP asynchronous jobs (UWS 1.1): create with an execution duration, run, wait (long-poll
with WAIT), fetch, and always delete; abort when our time is up.

A job reference is the job's URL; it must be on the same origin as the dataset's service, so
a forged reference cannot make the gateway call other hosts.
"""

from __future__ import annotations

import logging
import math
import time
import xml.etree.ElementTree as ET
from typing import Any
from urllib.parse import urljoin, urlsplit

from ivoa_connector.http import TimeoutSession, check_status, read_body, send
from ivoa_connector.results import classify_error, finish_tap
from ivoa_connector.votable import VOTableErrorDocument, read_table
from query.connectors import (
    ArchiveError,
    ArchiveTimeout,
    BadQuery,
    ConnectorError,
    SearchResult,
)

logger = logging.getLogger(__name__)

CLEANUP_TIMEOUT = 3.0
MAX_WAIT = 30            # seconds per long-poll
_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
PHASES = {"PENDING": "queued", "QUEUED": "queued", "HELD": "queued", "EXECUTING": "running",
          "SUSPENDED": "running", "UNKNOWN": "running", "COMPLETED": "completed",
          "ERROR": "error", "ABORTED": "aborted", "ARCHIVED": "error"}
FINAL = {"COMPLETED", "ERROR", "ABORTED", "ARCHIVED"}


def query_params(adql: str, maxrec: int, fmt: str | None = None) -> dict[str, str]:
    params = {"REQUEST": "doQuery", "LANG": "ADQL", "QUERY": adql, "MAXREC": str(maxrec)}
    if fmt:
        params["FORMAT"] = fmt
    return params


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


class JobDoc:
    """The bits of a UWS job document we need."""

    def __init__(self, body: bytes) -> None:
        try:
            root = ET.fromstring(body)  # noqa: S314 - size-bounded body, expat limits entities
        except ET.ParseError as exc:
            raise ArchiveError("The archive's job document could not be read.") from exc
        self.phase = "UNKNOWN"
        self.job_id = ""
        self.error = ""
        self.query = ""
        self.results: dict[str, str] = {}
        for element in root.iter():
            name = _local(element.tag)
            if name == "phase":
                self.phase = (element.text or "UNKNOWN").strip().upper()
            elif name == "jobId":
                self.job_id = (element.text or "").strip()
            elif name == "message":
                self.error = (element.text or "").strip()
            elif name == "parameter" and element.get("id", "").lower() == "query":
                self.query = (element.text or "").strip()
            elif name == "result":
                href = element.get(_XLINK_HREF) or element.get("href")
                if href:
                    self.results[element.get("id", "")] = href


def check_ref(base: str, job_ref: str) -> str:
    if not isinstance(job_ref, str):
        raise BadQuery("Invalid job reference.")
    base_parts, ref_parts = urlsplit(base), urlsplit(job_ref)
    if (ref_parts.scheme, ref_parts.netloc) != (base_parts.scheme, base_parts.netloc) \
            or not ref_parts.path:
        raise BadQuery("The job reference does not belong to this dataset's service.")
    return job_ref


def _get_job(session: TimeoutSession, job_url: str, params: dict[str, str] | None = None,
             ) -> JobDoc:
    response = send(session, "GET", job_url, params=params or {})
    body = read_body(response, session, max_bytes=4 * 1024 * 1024)
    check_status(response, body)
    return JobDoc(body)


def submit(dataset: Any, base: str, adql: str, limit: int, timeout: float) -> str:
    """Create and start a job asking for limit + 1 rows; return its URL."""
    session = TimeoutSession(timeout)
    return _create_and_run(session, dataset, base, adql, limit + 1,
                           dataset.timeout or timeout)


def execution_duration(dataset: Any, budget: float) -> int:
    """Seconds the archive may run the job: options.execution_duration, else the budget."""
    value = (dataset.options or {}).get("execution_duration")
    if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
        value = budget
    return max(1, math.ceil(value))


def _create_and_run(session: TimeoutSession, dataset: Any, base: str, adql: str,
                    maxrec: int, budget: float) -> str:
    response = send(session, "POST", f"{base}/async", data=query_params(adql, maxrec),
                    allow_redirects=False)
    body = read_body(response, session, max_bytes=4 * 1024 * 1024)
    if response.is_redirect and response.headers.get("Location"):
        job_url = urljoin(response.url, response.headers["Location"])
    else:
        check_status(response, body)
        job = JobDoc(body)
        if not job.job_id:
            raise ArchiveError("The archive did not create an asynchronous job.")
        job_url = f"{base}/async/{job.job_id}"
    job_url = check_ref(base, job_url)
    duration = execution_duration(dataset, budget)
    try:
        for path, data in (("executionduration", {"EXECUTIONDURATION": str(duration)}),
                           ("phase", {"PHASE": "RUN"})):
            step = send(session, "POST", f"{job_url}/{path}", data=data, allow_redirects=False)
            step_body = read_body(step, session, max_bytes=4 * 1024 * 1024)
            check_status(step, step_body)
    except ConnectorError:
        _cleanup(job_url, abort=False)
        raise
    return job_url


def _wait(session: TimeoutSession, job_url: str) -> JobDoc:
    job = _get_job(session, job_url)
    interval = 0.25
    while job.phase not in FINAL:
        remaining = session.remaining()
        if remaining <= 0.5:
            raise ArchiveTimeout(f"The archive's job did not finish within {session.budget:g} s.")
        wait = int(min(remaining - 0.5, MAX_WAIT))
        asked = time.monotonic()
        params = {"WAIT": str(wait), "PHASE": job.phase} if wait >= 1 else {}
        previous = job.phase
        job = _get_job(session, job_url, params)
        if job.phase == previous and time.monotonic() - asked < 0.2:
            # The server does not long-poll (UWS 1.0): back off instead.
            time.sleep(min(interval, max(session.remaining() - 0.5, 0)))
            interval = min(interval * 1.5, 2.0)
    return job


def _job_error(session: TimeoutSession, job_url: str, job: JobDoc,
               field: str | None) -> ConnectorError:
    if job.phase == "ABORTED":
        return ArchiveError("The archive aborted the query job.")
    message = job.error
    if not message:
        try:
            response = send(session, "GET", f"{job_url}/error")
            body = read_body(response, session, max_bytes=1024 * 1024)
            read_table(body, response.headers.get("Content-Type", ""), max_rows=0)
        except VOTableErrorDocument as exc:
            message = exc.message
        except ConnectorError:
            message = ""
    return classify_error(message or "the query job failed", protocol="tap", field=field)


def _result(session: TimeoutSession, dataset: Any, base: str, job_url: str, job: JobDoc,
            limit: int, adql: str, field: str | None, started: float) -> SearchResult:
    if job.phase != "COMPLETED":
        raise _job_error(session, job_url, job, field)
    href = job.results.get("result") or next(iter(job.results.values()), None)
    result_url = check_ref(base, urljoin(job_url, href)) if href else f"{job_url}/results/result"
    response = send(session, "GET", result_url)
    body = read_body(response, session)
    timings = {"archive_ms": round((time.perf_counter() - started) * 1000, 2)}
    return finish_tap(dataset, adql, response, body, limit, timings, field)


def _cleanup(job_url: str, abort: bool) -> None:
    session = TimeoutSession(CLEANUP_TIMEOUT)
    try:
        if abort:
            send(session, "POST", f"{job_url}/phase", data={"PHASE": "ABORT"},
                 allow_redirects=False).close()
        send(session, "DELETE", job_url, allow_redirects=False).close()
    except ConnectorError as exc:
        logger.info("could not clean up UWS job %s: %s", job_url, exc.message)


def run_async(dataset: Any, base: str, adql: str, limit: int, timeout: float,
              field: str | None) -> SearchResult:
    session = TimeoutSession(timeout)
    started = time.perf_counter()
    job_url = _create_and_run(session, dataset, base, adql, limit + 1, timeout)
    finished = False
    try:
        job = _wait(session, job_url)
        finished = True
        result = _result(session, dataset, base, job_url, job, limit, adql, field, started)
    finally:
        _cleanup(job_url, abort=not finished)
    result.timings["mode_async"] = 1.0
    return result


def poll(base: str, job_ref: str, timeout: float) -> str:
    """The job's phase. While the job is active this long-polls (UWS 1.1 WAIT) for up to
    min(timeout / 2, 5) s, so callers can loop on poll() without sleeping."""
    job_url = check_ref(base, job_ref)
    session = TimeoutSession(timeout)
    job = _get_job(session, job_url)
    wait = int(min(timeout / 2, 5))
    if job.phase not in FINAL and wait >= 1:
        job = _get_job(session, job_url, {"WAIT": str(wait), "PHASE": job.phase})
    return PHASES.get(job.phase, "running")


def fetch(dataset: Any, base: str, job_ref: str, limit: int, timeout: float) -> SearchResult:
    job_url = check_ref(base, job_ref)
    session = TimeoutSession(timeout)
    started = time.perf_counter()
    job = _get_job(session, job_url)
    if job.phase not in FINAL:
        raise ArchiveError("The query job has not finished yet.")
    try:
        return _result(session, dataset, base, job_url, job, limit, job.query, None, started)
    finally:
        _cleanup(job_url, abort=False)


def cancel(base: str, job_ref: str, timeout: float) -> None:
    job_url = check_ref(base, job_ref)
    session = TimeoutSession(min(timeout, CLEANUP_TIMEOUT * 2))
    send(session, "POST", f"{job_url}/phase", data={"PHASE": "ABORT"},
         allow_redirects=False).close()
    response = send(session, "DELETE", job_url, allow_redirects=False)
    response.close()
    if response.status_code >= 400 and response.status_code != 404:
        check_status(response)
