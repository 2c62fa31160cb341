#!/usr/bin/env bash
# make test: install, provision and run every suite; print one closing "N passed, N failed" line.
#   1. backend + connectors (pytest; embedded SQLite profile; real DaCHS, real Rucio + mock
#      transfers, misbehaving archives)
#   2. scaled profile (PostgreSQL + Redis + Celery workers + several gunicorn processes)
#   3. frontend unit tests (vitest)
#   4. browser end-to-end (Playwright driving Debian chromium against Django + DaCHS)
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT="$ROOT/var/test-results"
rm -rf "$OUT" && mkdir -p "$OUT"
PY="$ROOT/.venv/bin/python"
FAILED_STEPS=()
T0=$SECONDS

log() { printf '\n[%(%H:%M:%S)T +%ss] %s\n' -1 "$((SECONDS - T0))" "$*"; }
fail_step() { FAILED_STEPS+=("$1"); log "FAILED: $1"; }
show_log() { echo "--- last lines of $1"; tail -n "${2:-40}" "$1"; echo "---"; }

log "Python environment"
make -s venv || { echo "could not install the Python environment"; exit 1; }

log "Lint: ruff"
.venv/bin/ruff check . || fail_step "ruff"

log "Provisioning: DaCHS (apt + data), Rucio (venv, PostgreSQL, memcached, seed) and the frontend (npm ci + build), in parallel"
bash tests/services/setup-dachs.sh >"$OUT/setup-dachs.log" 2>&1 &
DACHS_JOB=$!
bash tests/services/setup-rucio.sh >"$OUT/setup-rucio.log" 2>&1 &
RUCIO_JOB=$!
make -s frontend >"$OUT/frontend-build.log" 2>&1 &
FRONTEND_JOB=$!
wait "$FRONTEND_JOB" || { show_log "$OUT/frontend-build.log"; fail_step "frontend build"; }
wait "$DACHS_JOB" || { show_log "$OUT/setup-dachs.log" 60; echo "DaCHS provisioning failed"; exit 1; }
tail -n 3 "$OUT/setup-dachs.log"
wait "$RUCIO_JOB" || { show_log "$OUT/setup-rucio.log" 60; echo "Rucio provisioning failed"; exit 1; }
tail -n 2 "$OUT/setup-rucio.log"
/usr/bin/python3 tests/services/dachs/check_known_answers.py >"$OUT/dachs-known-answers.log" 2>&1 \
  || { show_log "$OUT/dachs-known-answers.log"; echo "DaCHS does not give the known answers"; exit 1; }
log "Provisioning: recorded Zooniverse (Panoptes) responses on 127.0.0.1:28190"
bash tests/services/setup-panoptes.sh >"$OUT/setup-panoptes.log" 2>&1 \
  || { show_log "$OUT/setup-panoptes.log"; echo "the Panoptes fixture server did not start"; exit 1; }
trap 'bash tests/services/stop-panoptes.sh >/dev/null 2>&1 || true' EXIT
export ESAP_ZOONIVERSE_CLIENT_ID=esap-test-client
log "Provisioning: the loopback OpenID Provider (npm ci in tests/services/oidc)"
bash tests/services/oidc/setup-oidc.sh >"$OUT/setup-oidc.log" 2>&1 \
  || { show_log "$OUT/setup-oidc.log"; fail_step "OpenID provider install"; }
log "Frontend: API types vs docs/openapi.json, type check, lint"
(cd frontend && npm run typecheck --silent && npm run lint --silent) \
  || fail_step "frontend typecheck/lint"

log "Provisioning: Debian chromium for the browser tests"
bash tests/services/setup-chromium.sh >"$OUT/setup-chromium.log" 2>&1 \
  || { show_log "$OUT/setup-chromium.log"; fail_step "chromium install"; }

log "1/4 backend and connector tests (SQLite embedded profile, real DaCHS)"
"$PY" -m pytest -q -p no:cacheprovider -m "not live and not system" \
  --junitxml="$OUT/pytest-backend.xml" tests || true

log "2/4 scaled profile: search suites on PostgreSQL, then PostgreSQL + Redis + Celery + gunicorn"
DATABASE_URL=postgres://postgres@127.0.0.1:5432/esap_pytest "$PY" -m pytest -q -p no:cacheprovider \
  --junitxml="$OUT/pytest-postgres.xml" tests/test_federated_search.py tests/test_search_faults.py \
  tests/test_api_basics.py tests/test_answer_first.py tests/accounts tests/rucio/test_staging.py || true
bash tests/system/run-scaled.sh "$OUT" || true
ESAP_SCALED_BROKER=amqp://guest:guest@127.0.0.1:5672// \
  bash tests/system/run-scaled.sh "$OUT" pytest-scaled-rabbitmq.xml || true

log "3/4 frontend unit tests (vitest)"
if [ -f frontend/node_modules/.installed ]; then
  (cd frontend && npx vitest run --reporter=default --reporter=json \
     --outputFile.json="$OUT/vitest.json") || true
else
  fail_step "vitest (frontend not installed)"
fi

log "4/4 browser end-to-end (Playwright + Debian chromium)"
bash tests/e2e/run-e2e.sh "$OUT" || true

log "Summary"
"$PY" tests/summarize.py "$OUT" "${FAILED_STEPS[@]}"
