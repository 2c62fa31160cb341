#!/usr/bin/env bash
# stop-panoptes.sh -- stop the Panoptes fixture server started by setup-panoptes.sh, by the
# pid in its pid file (never by name). Exit 0 if it is stopped (or was not running).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
PIDFILE="${PANOPTES_STATE_DIR:-$ROOT/var}/panoptes.pid"
log() { printf '[stop-panoptes] %s\n' "$*"; }

pid=$(cat "$PIDFILE" 2>/dev/null || true)
if ! [[ "$pid" =~ ^[0-9]+$ ]] || ! kill -0 "$pid" 2>/dev/null; then
    log "not running (no live pid in $PIDFILE)"
    rm -f "$PIDFILE"
    exit 0
fi
case "$(ps -o args= -p "$pid" 2>/dev/null)" in
    *panoptes_server.py*) ;;
    *) log "pid $pid is not the fixture server; leaving it alone"; rm -f "$PIDFILE"; exit 0 ;;
esac
kill -TERM "$pid" 2>/dev/null || true
for _ in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || { rm -f "$PIDFILE"; log "stopped"; exit 0; }
    sleep 0.1
done
kill -KILL "$pid" 2>/dev/null || true
rm -f "$PIDFILE"
log "stopped (killed)"
