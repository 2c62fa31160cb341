#!/usr/bin/env bash
# Run every ESAP benchmark (called by `make bench`). Each one starts and stops its own ESAP
# server (and proxy) and prints ratios against a baseline measured in the same run.
#
#   bash bench/run.sh            # full run (~6-8 min on 2 cores)
#   bash bench/run.sh --quick    # shorter run (~3 min)
#   BENCHMARKS="overhead export" bash bench/run.sh --quick
#   BENCHMARKS=rucio bash bench/run.sh      # = make bench-rucio (needs only the local Rucio)
#
# Exit status: 0 when every benchmark ran (targets met or not: look for "TARGET MISSED"),
# 1 when a benchmark could not run (e.g. DaCHS or Rucio down, server did not start).
set -uo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
BENCHMARKS=${BENCHMARKS:-"fanout overhead export basket rucio"}
PER_BENCH_LIMIT=${PER_BENCH_LIMIT:-1200}   # seconds; each script also bounds itself
OUT=bench/results
mkdir -p "$OUT"

[ -x "$PY" ] || { echo "no $PY: run 'make venv' first"; exit 1; }
needs_dachs=0; needs_rucio=0
for name in $BENCHMARKS; do
  case $name in rucio) needs_rucio=1 ;; *) needs_dachs=1 ;; esac
done
if [ "$needs_dachs" = 1 ] && ! curl -fsS --max-time 5 http://127.0.0.1:28080/tap/availability \
    2>/dev/null | grep -q '<avl:available>true'; then
  echo "DaCHS is not available on http://127.0.0.1:28080 (make services-up)"; exit 1
fi
if [ "$needs_rucio" = 1 ] && ! curl -fsS --max-time 5 http://127.0.0.1:28180/ping >/dev/null 2>&1; then
  echo "Rucio is not available on http://127.0.0.1:28180 (bash tests/services/setup-rucio.sh)"; exit 1
fi

echo "ESAP benchmarks: $BENCHMARKS ${*:-} ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
failed=()
for name in $BENCHMARKS; do
  echo
  echo "=== $name ==="
  # timeout sends TERM first (the script stops the servers it started); --foreground keeps
  # Ctrl-C reaching the script.
  timeout --foreground --kill-after=30 "$PER_BENCH_LIMIT" "$PY" "bench/$name.py" "$@" 2> "$OUT/$name.log" \
    | tee "$OUT/$name.txt"
  rc=${PIPESTATUS[0]}
  if [ "$rc" -ne 0 ]; then
    failed+=("$name (exit $rc)")
    echo "--- $name failed (exit $rc); last lines of $OUT/$name.log:"
    tail -20 "$OUT/$name.log"
  fi
done

echo
echo "=== summary ==="
for name in $BENCHMARKS; do
  [ -f "$OUT/$name.txt" ] && grep -E "target met|TARGET MISSED|BENCHMARK FAILED" "$OUT/$name.txt" \
    | sed "s/^/$name: /"
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "could not run: ${failed[*]}"
  exit 1
fi
exit 0
