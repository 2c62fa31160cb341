"""Add up the suites' machine-readable reports and print the closing line CI reads.

Usage: summarize.py RESULTS_DIR [failed-step ...]. Exits 1 when anything failed, a suite
left no report, or no test ran at all.
"""

from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

EXPECTED = {
    "backend (pytest)": "pytest-backend.xml",
    "search on PostgreSQL (pytest)": "pytest-postgres.xml",
    "scaled profile, Redis (pytest)": "pytest-scaled.xml",
    "scaled profile, RabbitMQ": "pytest-scaled-rabbitmq.xml",
    "frontend unit (vitest)": "vitest.json",
    "browser e2e (playwright)": "e2e.json",
}


def junit_counts(path: Path) -> tuple[int, int, int]:
    root = ET.parse(path).getroot()
    suites = [root] if root.tag == "testsuite" else list(root.iter("testsuite"))
    tests = sum(int(s.get("tests", 0)) for s in suites)
    failed = sum(int(s.get("failures", 0)) + int(s.get("errors", 0)) for s in suites)
    skipped = sum(int(s.get("skipped", 0)) for s in suites)
    return tests - failed - skipped, failed, skipped


def vitest_counts(path: Path) -> tuple[int, int, int]:
    data = json.loads(path.read_text())
    failed = data.get("numFailedTests", 0) + data.get("numRuntimeErrorTestSuites", 0)
    if data.get("numFailedTestSuites", 0) and not failed:
        failed = data["numFailedTestSuites"]
    return data.get("numPassedTests", 0), failed, data.get("numPendingTests", 0)


def playwright_counts(path: Path) -> tuple[int, int, int]:
    stats = json.loads(path.read_text()).get("stats", {})
    failed = stats.get("unexpected", 0) + stats.get("flaky", 0)
    errors = json.loads(path.read_text()).get("errors", [])
    return stats.get("expected", 0), failed + len(errors), stats.get("skipped", 0)


def main() -> int:
    out = Path(sys.argv[1])
    failed_steps = sys.argv[2:]
    readers = {".xml": junit_counts}
    passed = failed = skipped = 0
    for suite, name in EXPECTED.items():
        path = out / name
        if not path.exists():
            print(f"  {suite:32} NO REPORT (the suite did not run)")
            failed_steps.append(suite)
            continue
        if name.endswith(".xml"):
            counts = readers[".xml"](path)
        elif name == "vitest.json":
            counts = vitest_counts(path)
        else:
            counts = playwright_counts(path)
        p, f, s = counts
        print(f"  {suite:32} {p} passed, {f} failed, {s} skipped")
        passed, failed, skipped = passed + p, failed + f, skipped + s
    for step in failed_steps:
        print(f"  step failed: {step}")
    ok = failed == 0 and not failed_steps and passed > 0
    print(f"{passed} passed, {failed + len(failed_steps)} failed, {skipped} skipped")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
