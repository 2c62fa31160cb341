"""Streaming exports from the local DaCHS: the archive's bytes unchanged, memory flat,
overflow visible."""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

import pytest
import requests
from django.test import override_settings

from ivoa_connector.export import CsvRowCutter
from query.connectors import BadQuery, ConeQuery, QueryKind, SearchQuery, get_connector
from tests.ivoa.conftest import TAP

pytestmark = [pytest.mark.dachs, pytest.mark.django_db]

tap = get_connector("ivoa-tap")
BIG = "SELECT * FROM tapstudy.big"


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


class Digest:
    """Size, sha256 and an order-independent digest of the lines (PostgreSQL may start a
    concurrent sequential scan mid-table, so two simultaneous downloads differ in order)."""

    def __init__(self, lines: bool) -> None:
        self.sha, self.size, self.by_lines = hashlib.sha256(), 0, lines
        self.lines, self.line_sum, self.rest = 0, 0, b""

    def feed(self, chunk: bytes) -> None:
        self.sha.update(chunk)
        self.size += len(chunk)
        if self.by_lines:
            lines = (self.rest + chunk).split(b"\n")
            self.rest = lines.pop()
            self.lines += len(lines)
            self.line_sum += sum(int.from_bytes(hashlib.blake2b(line, digest_size=8).digest(),
                                                "big") for line in lines)

    def result(self) -> tuple:
        if self.by_lines:
            return self.line_sum % 2**64, self.lines, self.rest, self.size
        return self.sha.hexdigest(), self.size


def direct_download(query: str, fmt: str, maxrec: int, out: Digest) -> None:
    with requests.post(f"{TAP}/sync", data={"REQUEST": "doQuery", "LANG": "ADQL", "QUERY": query,
                                            "FORMAT": fmt, "MAXREC": str(maxrec)},
                       stream=True, timeout=(5, 60)) as answer:
        for chunk in answer.iter_content(65536):
            out.feed(chunk)


@pytest.mark.parametrize("fmt", ["votable", "csv"])
def test_million_rows_stream_with_flat_memory(dachs, make_dataset, settings, fmt):
    """1,000,000 rows against a direct download running alongside: the same size (and for CSV
    the same lines, as a multiset), with flat memory. Byte identity is checked on cat below."""
    dataset = make_dataset(resource="tapstudy.big", slug="big")
    csv = fmt == "csv"
    direct, exported, tail = Digest(lines=csv), Digest(lines=csv), b""
    maxrec = settings.ESAP_EXPORT_MAX_ROWS + (1 if csv else 0)
    thread = threading.Thread(target=direct_download, args=(BIG, fmt, maxrec, direct))
    thread.start()
    before = peak = rss_mb()
    stream = tap.export(dataset, SearchQuery(QueryKind.ADQL, adql=BIG), fmt, 30)
    try:
        for chunk in stream.chunks:
            exported.feed(chunk)
            tail = (tail + chunk)[-200:]
            peak = max(peak, rss_mb())
    finally:
        stream.close()
    thread.join(60)
    assert stream.filename == f"big.{'csv' if csv else 'xml'}"
    assert exported.size > 40_000_000 and exported.size == direct.size
    assert peak - before < 60, f"RSS grew by {peak - before:.0f} MB"
    if csv:
        assert exported.result() == direct.result()
        assert exported.lines == 1_000_001 and b"OVERFLOW" not in tail
        assert stream.content_type.startswith("text/csv")
    else:
        assert tail.rstrip().endswith(b"</VOTABLE>") and b"OVERFLOW" not in tail
        assert stream.content_type.startswith("application/x-votable+xml")


@pytest.mark.parametrize("fmt", ["votable", "csv"])
def test_export_bytes_are_the_archives_bytes(dachs, make_dataset, settings, fmt):
    query = "SELECT * FROM tapstudy.cat ORDER BY id"
    direct, exported = Digest(lines=False), Digest(lines=False)
    maxrec = settings.ESAP_EXPORT_MAX_ROWS + (1 if fmt == "csv" else 0)
    direct_download(query, fmt, maxrec, direct)
    stream = tap.export(make_dataset(resource="tapstudy.cat"),
                        SearchQuery(QueryKind.ADQL, adql=query), fmt, 10)
    for chunk in stream.chunks:
        exported.feed(chunk)
    assert exported.size > 100_000 and exported.result() == direct.result()


def export_cat(make_dataset, fmt: str) -> bytes:
    dataset = make_dataset(resource="tapstudy.cat")
    stream = tap.export(dataset, SearchQuery(QueryKind.ADQL, adql="SELECT * FROM tapstudy.cat"),
                        fmt, 10)
    try:
        return b"".join(stream.chunks)
    finally:
        stream.close()


@override_settings(ESAP_EXPORT_MAX_ROWS=1000)
def test_csv_overflow_marker_at_the_export_cap(dachs, make_dataset):
    lines = export_cat(make_dataset, "csv").split(b"\n")
    assert lines[0].startswith(b"id,ra,dec,mag,name,flag")
    assert lines[-2] == b"# OVERFLOW: result truncated at 1000 rows (export limit)"
    assert len([line for line in lines[1:-2] if line.strip()]) == 1000


@override_settings(ESAP_EXPORT_MAX_ROWS=5000)
def test_csv_complete_at_exactly_the_cap_has_no_marker(dachs, make_dataset):
    body = export_cat(make_dataset, "csv")
    assert body.count(b"\n") == 5001 and b"OVERFLOW" not in body


@override_settings(ESAP_EXPORT_MAX_ROWS=1000)
def test_votable_overflow_info_passes_through(dachs, make_dataset):
    body = export_cat(make_dataset, "votable")
    assert b'name="QUERY_STATUS" value="OVERFLOW"' in body
    assert body.rstrip().endswith(b"</VOTABLE>")


def test_cone_export_and_errors_before_streaming(dachs, make_dataset):
    dataset = make_dataset(resource="tapstudy.cat")
    stream = tap.export(dataset, SearchQuery(QueryKind.CONE, cone=ConeQuery(155, 0, 0.5)),
                        "csv", 10)
    assert b"".join(stream.chunks).count(b"\n") == 30
    with pytest.raises(BadQuery, match="nosuchcolumn"):
        tap.export(dataset, SearchQuery(QueryKind.ADQL, adql="SELECT nosuchcolumn FROM "
                                        "tapstudy.cat"), "csv", 10)


@pytest.mark.parametrize("size", [1, 3, 7, 64])
def test_csv_cutter_counts_records_not_quoted_newlines(size):
    body = b'id,text\r\n1,"a\nb"\r\n2,"say ""hi""\n"\r\n3,plain\r\n4,x\r\n'
    cutter = CsvRowCutter(3)
    out = b"".join(cutter.feed(body[i:i + size]) for i in range(0, len(body), size))
    assert out == b'id,text\r\n1,"a\nb"\r\n2,"say ""hi""\n"\r\n3,plain\r\n'
    assert cutter.cut and cutter.rows() == 3
