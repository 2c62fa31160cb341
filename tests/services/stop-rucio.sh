#!/usr/bin/env bash
# stop-rucio.sh -- stop what setup-rucio.sh started, by PID only: daemons (daemons.sh), the static
# file server and memcached ($BASE/run/*.pid), gunicorn (its --pid file), then the PRIVATE
# PostgreSQL cluster via pg_ctl.
# The system PostgreSQL 15/main, Redis, RabbitMQ are never touched.  Exit 0 when all stopped.
set -euo pipefail
BASE=${RUCIO_BASE:-/var/lib/esap-services/rucio}
PGBIN=/usr/lib/postgresql/15/bin
log() { printf '[stop-rucio] %s\n' "$*"; }
[ "$(id -u)" = 0 ] || { echo "stop-rucio.sh: must run as root" >&2; exit 1; }
alive() { kill -0 "$1" 2>/dev/null && [[ "$(ps -o stat= -p "$1" 2>/dev/null)" != Z* ]]; }

rc=0
stop_pidfile() {
    local f=$1 p n
    n=$(basename "$f" .pid)
    p=$(cat "$f" 2>/dev/null || true)
    if [[ "$p" =~ ^[0-9]+$ ]] && alive "$p"; then
        log "stop $n (pid $p)"
        kill -TERM "$p" 2>/dev/null || true
        for _ in $(seq 1 150); do alive "$p" || break; sleep 0.1; done
        if alive "$p"; then log "$n did not stop in 15 s, SIGKILL"; kill -KILL "$p" 2>/dev/null || true; sleep 0.5; fi
        alive "$p" && { log "$n (pid $p) still alive"; rc=1; return; }
    fi
    rm -f "$f"
}
shopt -s nullglob
for f in "$BASE"/run/d-*.pid; do stop_pidfile "$f"; done
[ -f "$BASE/run/http.pid" ] && stop_pidfile "$BASE/run/http.pid"
[ -f "$BASE/run/gunicorn.pid" ] && stop_pidfile "$BASE/run/gunicorn.pid"
[ -f "$BASE/run/memcached.pid" ] && stop_pidfile "$BASE/run/memcached.pid"
if [ -f "$BASE/pg/data/postmaster.pid" ] && [ -x $PGBIN/pg_ctl ]; then
    if su postgres -s /bin/sh -c "$PGBIN/pg_ctl -D $BASE/pg/data status" >/dev/null 2>&1; then
        log "pg_ctl stop $BASE/pg/data"
        su postgres -s /bin/sh -c "$PGBIN/pg_ctl -D $BASE/pg/data -m fast -w -t 60 stop" >/dev/null || rc=1
    fi
fi
[ $rc = 0 ] && log "all stopped" || log "some processes did not stop"
exit $rc
