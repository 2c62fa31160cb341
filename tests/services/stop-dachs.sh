#!/usr/bin/env bash
# stop-dachs.sh -- stop the DaCHS server started by setup-dachs.sh, by its pid
# file (/var/gavo/state/web.pid, via `dachs serve stop`).  Never pkill.
# PostgreSQL 15/main is shared with other databases and is left running.
# Exit 0 if DaCHS is stopped (or was not running).
set -euo pipefail

PIDFILE=/var/gavo/state/web.pid
log() { printf '[stop-dachs] %s\n' "$*"; }

[ "$(id -u)" = 0 ] || { echo "stop-dachs.sh: must run as root" >&2; exit 1; }

alive() {   # zombies count as stopped
    kill -0 "$1" 2>/dev/null && [[ "$(ps -o stat= -p "$1" 2>/dev/null)" != Z* ]]
}

pid=$(cat "$PIDFILE" 2>/dev/null || true)
if ! [[ "$pid" =~ ^[0-9]+$ ]] || ! alive "$pid"; then
    log "DaCHS not running (no live pid in $PIDFILE)"
    exit 0
fi
if ! command -v dachs >/dev/null; then
    echo "stop-dachs.sh: pid $pid alive but dachs is not installed" >&2
    exit 1
fi

log "dachs serve stop (pid $pid)"
dachs serve stop </dev/null >/dev/null 2>&1 || true
for _ in $(seq 1 200); do       # up to 20 s
    alive "$pid" || { log "stopped"; exit 0; }
    sleep 0.1
done
# last resort, still only this pid
log "pid $pid did not exit after 20 s: SIGKILL"
kill -KILL "$pid" 2>/dev/null || true
sleep 0.5
alive "$pid" && { echo "stop-dachs.sh: pid $pid survived SIGKILL" >&2; exit 1; }
log "stopped (killed)"
