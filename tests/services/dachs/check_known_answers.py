#!/usr/bin/env python3
"""Smoke check of the tapstudy DaCHS against KNOWN_ANSWERS.md (stdlib only).

usage: check_known_answers.py [BASEURL]     (default http://127.0.0.1:$DACHS_PORT,
                                             DACHS_PORT defaults to 28080)
Exit status 0 when every answer matches.  The answers for tapstudy.big hold for
DACHS_BIG_ROWS=1000000 only; with another value only its row count is checked.
"""
import csv
import io
import os
import sys
import time
import urllib.parse
import urllib.request

BASE = (sys.argv[1] if len(sys.argv) > 1
        else f"http://127.0.0.1:{os.environ.get('DACHS_PORT', '28080')}").rstrip("/")
BIG_ROWS = int(os.environ.get("DACHS_BIG_ROWS", "1000000"))
failures = []


def get(url, data=None):
    body = urllib.parse.urlencode(data).encode() if data else None
    with urllib.request.urlopen(url, body, timeout=60) as r:
        return r.status, r.headers.get("Content-Type", ""), r.read()


def adql(query):
    """first column of the first row (DaCHS answers errors with HTTP 200)"""
    _, ctype, body = get(BASE + "/tap/sync", {"REQUEST": "doQuery", "LANG": "ADQL",
                                              "FORMAT": "csv", "QUERY": query})
    if not ctype.startswith("text/csv"):
        raise RuntimeError(f"TAP error for {query!r}: {body[:300]!r}")
    rows = list(csv.reader(io.StringIO(body.decode())))
    return rows[1][0]


def expect(label, got, want):
    ok = str(got) == str(want)
    print(f"{'ok  ' if ok else 'FAIL'} {label}: {got}" + ("" if ok else f" (expected {want})"))
    if not ok:
        failures.append(label)


def count(table, where="", cone=None, pos=("s_ra", "s_dec")):
    cond = []
    if cone:
        cond.append(f"1=CONTAINS(POINT('ICRS',{pos[0]},{pos[1]}),CIRCLE('ICRS',{cone[0]},{cone[1]},{cone[2]}))")
    if where:
        cond.append(where)
    return adql(f"SELECT COUNT(*) FROM {table}" + (" WHERE " + " AND ".join(cond) if cond else ""))


def votable_rows(url):
    _, _, body = get(url + "&RESPONSEFORMAT=votabletd")
    return body.count(b"<TR>")


t0 = time.time()
_, _, body = get(BASE + "/tap/availability")
expect("availability", b"<avl:available>true" in body, True)

# catalogues
expect("cat rows", count("tapstudy.cat"), 5000)
expect("cat CIRCLE(155,0,0.5)", count("tapstudy.cat", cone=(155, 0, 0.5), pos=("ra", "dec")), 29)
expect("cat CIRCLE(151.2,-3.3,1)", count("tapstudy.cat", cone=(151.2, -3.3, 1), pos=("ra", "dec")), 186)
expect("cat mag > 19.9", count("tapstudy.cat", "mag > 19.9"), 49)
expect("cat flag IS NULL", count("tapstudy.cat", "flag IS NULL"), 51)
expect("big rows", count("tapstudy.big"), BIG_ROWS)
if BIG_ROWS == 1000000:
    expect("big CIRCLE(10,20,1)", count("tapstudy.big", cone=(10, 20, 1), pos=("ra", "dec")), 76)
    expect("big CIRCLE(200,-30,2)", count("tapstudy.big", cone=(200, -30, 2), pos=("ra", "dec")), 322)

# SCS / SIA
expect("SCS cone RA=155 DEC=0 SR=0.5",
       votable_rows(BASE + "/tapstudy/q/cone/scs.xml?RA=155&DEC=0&SR=0.5"), 29)
if BIG_ROWS == 1000000:
    expect("SCS bigcone RA=10 DEC=20 SR=1",
           votable_rows(BASE + "/tapstudy/q/bigcone/scs.xml?RA=10&DEC=20&SR=1"), 76)
expect("SIAP POS=155,0 SIZE=0.2",
       votable_rows(BASE + "/tapstudy/q/sia/siap.xml?POS=155,0&SIZE=0.2"), 1)

# ObsCore
for table in ("tapstudy.obscore", "ivoa.obscore"):
    expect(f"{table} rows", count(table), 75)
    for cone, want in (((155, 0, 0.5), 3), ((155, 0, 2.5), 15), ((151.2, -3.3, 1), 2),
                       ((155, 0, 5), 51), ((205, 15, 10), 10)):
        expect(f"{table} s_ra/s_dec in CIRCLE{cone}", count(table, cone=cone), want)
expect("obscore images", count("tapstudy.obscore", "dataproduct_type='image'"), 25)
expect("obscore spectra", count("tapstudy.obscore", "dataproduct_type='spectrum'"), 50)
expect("obscore INTERSECTS(s_region, CIRCLE(155,0,2.5))",
       adql("SELECT COUNT(*) FROM tapstudy.obscore WHERE "
            "1=INTERSECTS(s_region, CIRCLE('ICRS',155,0,2.5))"), 19)
for obs_id, mime in (("field13", "image/fits"), ("spec01", "application/fits")):
    url = adql(f"SELECT access_url FROM tapstudy.obscore WHERE obs_id='{obs_id}'")
    expect(f"{obs_id} access_url", url, f"{BASE}/getproduct/tapstudy/"
           f"{'img' if obs_id.startswith('field') else 'spec'}/{obs_id}.fits")
    status, ctype, body = get(url)
    expect(f"{obs_id} download", (status, ctype, body[:6]), (200, mime, b"SIMPLE"))

# RegTAP
expect("rr.resource rows", count("rr.resource"), 13)
expect("ivo_hasword(res_description,'radio')",
       count("rr.resource", "1=ivo_hasword(res_description, 'radio')"), 3)
expect("ivo_nocasematch(res_title,'%SYNTHETIC%')",
       count("rr.resource", "1=ivo_nocasematch(res_title, '%SYNTHETIC%')"), 10)
expect("ivo_hashlist_has(waveband,'radio')",
       count("rr.resource", "1=ivo_hashlist_has(waveband, 'radio')"), 4)
expect("TAP services (standard_id)",
       count("rr.capability", "standard_id='ivo://ivoa.net/std/tap'"), 4)
expect("local TAP access_url",
       adql("SELECT access_url FROM rr.interface WHERE ivoid='ivo://tapstudy.test/tap'"),
       BASE + "/tap")

print(f"{'FAILED: ' + ', '.join(failures) if failures else 'all known answers match'}"
      f" ({time.time() - t0:.1f} s)")
sys.exit(1 if failures else 0)
