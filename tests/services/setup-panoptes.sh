#!/usr/bin/env bash
# setup-panoptes.sh -- serve recorded Zooniverse (Panoptes) responses on 127.0.0.1 for the
# `zooniverse` dataset of config/local-archives.json (make run-local, e2e):
# tests/support/panoptes_server.py replaying tests/data/zooniverse/*.json.
#
#   bash tests/services/setup-panoptes.sh       # PANOPTES_PORT=28190 (default)
#
# Idempotent: a live server from an earlier run (pid file) is kept. Sign-in works with the
# client id `esap-test-client` (ESAP_ZOONIVERSE_CLIENT_ID) and the fixture accounts
# owner/owner-pw, collaborator/collab-pw, volunteer/volunteer-pw. Stop with stop-panoptes.sh.
set -euo pipefail

PORT="${PANOPTES_PORT:-28190}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
PY="${PYTHON:-$ROOT/.venv/bin/python}"
[ -x "$PY" ] || PY=python3
STATE="${PANOPTES_STATE_DIR:-$ROOT/var}"
PIDFILE="$STATE/panoptes.pid"
LOG="$STATE/panoptes.log"
URL="http://127.0.0.1:${PORT}/api/projects?page_size=1"

log() { printf '[setup-panoptes] %s\n' "$*"; }
die() { printf '[setup-panoptes] ERROR: %s\n' "$*" >&2; exit 1; }
[[ "$PORT" =~ ^[0-9]+$ ]] || die "PANOPTES_PORT must be a number"
mkdir -p "$STATE"

answers() {
    curl -fsS -o /dev/null -H 'Accept: application/vnd.api+json; version=1' "$URL" 2>/dev/null
}

pid=$(cat "$PIDFILE" 2>/dev/null || true)
if [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null && answers; then
    log "already running (pid $pid) on http://127.0.0.1:${PORT}/api"
    exit 0
fi
if answers; then
    die "port $PORT is taken by another process"
fi

nohup "$PY" "$ROOT/tests/support/panoptes_server.py" --port "$PORT" >"$LOG" 2>&1 </dev/null &
echo $! >"$PIDFILE"
for _ in $(seq 1 100); do     # up to 10 s
    if answers; then
        log "serving http://127.0.0.1:${PORT}/api (pid $(cat "$PIDFILE"), log $LOG)"
        exit 0
    fi
    kill -0 "$(cat "$PIDFILE")" 2>/dev/null || { cat "$LOG" >&2; die "server exited"; }
    sleep 0.1
done
die "server did not answer on port $PORT within 10 s (log: $LOG)"
