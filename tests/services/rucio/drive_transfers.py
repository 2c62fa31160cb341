#!/usr/bin/env python3
"""Push pending replication rules to OK in-process with the mock transfer tool (no daemons needed).

    tests/services/rucio/drive_transfers.py [--timeout 60] [RULE_ID ...]

Re-execs itself with the Rucio venv python and the SERVER config ($BASE/etc/rucio.cfg; it talks to
the database directly).  Each pass: judge injector + re-evaluator, conveyor submitter -> poller
(older_than=0) -> finisher, all with partition_wait_time=0.  Repeats until the given rules (default:
every rule) are no longer REPLICATING/INJECT, or the timeout.  Exit 0 when all are OK, 1 otherwise.
Mock copies no bytes: destination replicas become AVAILABLE in the catalogue only.
"""
import os
import sys

BASE = os.environ.get('RUCIO_BASE', '/var/lib/esap-services/rucio')
VENV_PY = os.path.join(BASE, 'venv', 'bin', 'python')
if os.path.realpath(sys.prefix) != os.path.realpath(os.path.join(BASE, 'venv')):
    os.environ['RUCIO_CONFIG'] = os.path.join(BASE, 'etc', 'rucio.cfg')
    os.execv(VENV_PY, [VENV_PY, os.path.abspath(__file__), *sys.argv[1:]])
os.environ.setdefault('RUCIO_CONFIG', os.path.join(BASE, 'etc', 'rucio.cfg'))

import argparse  # noqa: E402
import logging  # noqa: E402
import time  # noqa: E402

logging.basicConfig(level=logging.WARNING)
ap = argparse.ArgumentParser()
ap.add_argument('--timeout', type=float, default=60)
ap.add_argument('rules', nargs='*')
args = ap.parse_args()

t0 = time.time()
from rucio.core.rule import get_rule, list_rules  # noqa: E402
from rucio.daemons.conveyor.finisher import finisher  # noqa: E402
from rucio.daemons.conveyor.poller import poller  # noqa: E402
from rucio.daemons.conveyor.submitter import submitter  # noqa: E402
from rucio.daemons.judge.evaluator import re_evaluator  # noqa: E402
from rucio.daemons.judge.injector import rule_injector  # noqa: E402

PENDING = ('REPLICATING', 'INJECT')


def states():
    if args.rules:
        return {r: str(get_rule(r)['state']).split('.')[-1] for r in args.rules}
    return {r['id']: str(r['state']).split('.')[-1] for r in list_rules()}


passes = 0
while True:
    st = states()
    pending = [r for r, s in st.items() if s in PENDING]
    if not pending or time.time() - t0 > args.timeout:
        break
    passes += 1
    rule_injector(once=True)
    re_evaluator(once=True)
    submitter(once=True, partition_wait_time=0, transfertools=['mock'])
    poller(once=True, partition_wait_time=0, older_than=0)
    finisher(once=True, partition_wait_time=0)

bad = {r: s for r, s in st.items() if s != 'OK'}
print(f'drive_transfers: {passes} pass(es), {time.time() - t0:.1f}s, {len(st) - len(bad)}/{len(st)} rules OK'
      + (f', not OK: {bad}' if bad else ''))
sys.exit(1 if bad else 0)
