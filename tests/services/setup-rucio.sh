#!/usr/bin/env bash
# setup-rucio.sh -- install, configure, start and seed a real Rucio 41.5.1 server on loopback:
# own venv (pip), a PRIVATE PostgreSQL 15 cluster (port 5433, not the shared 15/main), memcached,
# gunicorn serving the REST API on http://127.0.0.1:28180, and deterministic test data.
#
#   sudo tests/services/setup-rucio.sh            # root, non-interactive, idempotent
#   tests/services/rucio/drive_transfers.py       # push REPLICATING rules to OK (mock transfers)
#   tests/services/rucio/daemons.sh start|stop    # continuous judge/conveyor daemons (mock tool)
#   sudo tests/services/stop-rucio.sh             # stop everything this script started, by PID
#
# Env: RUCIO_PORT=28180 RUCIO_PGPORT=5433 RUCIO_MCPORT=11211 RUCIO_BASE=/var/lib/esap-services/rucio
#      RUCIO_WORKERS=2 RUCIO_DAEMONS=0 (1: also run judge/conveyor daemons continuously, mock tool)
#      RUCIO_HTTP_PORT=28181 (read-only static file server for the RSEs' http protocol)
#      RUCIO_OIDC_ISSUER=http://127.0.0.1:9400 (OpenID Provider whose JWTs Rucio accepts; see README)
# Permissions: policy package tests/services/rucio/policy/esap_test_policy (generic + a rule's owner may
# delete it), copied to $RUCIO_BASE/policy and loaded via a .pth in the venv.
# State (venv, configs, pg data, logs, RSE dirs, pid files) lives under $RUCIO_BASE only.
# Recipe and gotchas: /work/shared/services/rucio.md.  Seeded data: tests/services/rucio/README.md.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/apt.sh"

RUCIO_VERSION=41.5.1
GUNICORN_VERSION=${RUCIO_GUNICORN_VERSION:-27.0.1}
BASE=${RUCIO_BASE:-/var/lib/esap-services/rucio}
PGPORT=${RUCIO_PGPORT:-5433}
MCPORT=${RUCIO_MCPORT:-11211}
PORT=${RUCIO_PORT:-28180}
WORKERS=${RUCIO_WORKERS:-2}; THREADS=${RUCIO_THREADS:-4}
DAEMONS=${RUCIO_DAEMONS:-0}
HTTP_PORT=${RUCIO_HTTP_PORT:-28181}
OIDC_ISSUER=${RUCIO_OIDC_ISSUER:-http://127.0.0.1:9400}
ROOT_USER=ddmlab; ROOT_PASS=secret
PGBIN=/usr/lib/postgresql/15/bin
URL=http://127.0.0.1:$PORT
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SRC="$HERE/rucio"
APT=(apt_get -y -qq --no-install-recommends)
export DEBIAN_FRONTEND=noninteractive

T0=${EPOCHREALTIME/./}
elapsed() { local us=$(( ${EPOCHREALTIME/./} - T0 )); printf '%d.%d' $((us / 1000000)) $((us / 100000 % 10)); }
log() { printf '[setup-rucio %6ss] %s\n' "$(elapsed)" "$*"; }
die() { printf '[setup-rucio %6ss] ERROR: %s\n' "$(elapsed)" "$*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "must run as root"
for f in rucio.cfg.in alembic.ini.in client.cfg.in idpsecrets.json.in seed.py drive_transfers.py daemons.sh \
         policy/esap_test_policy/__init__.py policy/esap_test_policy/permission.py policy/esap_test_policy/schema.py; do
    [ -f "$SRC/$f" ] || die "missing $SRC/$f"
done

alive() { kill -0 "$1" 2>/dev/null && [[ "$(ps -o stat= -p "$1" 2>/dev/null)" != Z* ]]; }
pid_alive() { local p; p=$(cat "$1" 2>/dev/null || true); [[ "$p" =~ ^[0-9]+$ ]] && alive "$p"; }
listening() { ss -ltn "sport = :$1" | grep -q LISTEN; }
pkg_ok() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "ok installed"; }
pg_pins() {   # never let apt upgrade the shared PostgreSQL 15 server
    local p
    for p in postgresql-15 postgresql-client-15; do
        pkg_ok "$p" && printf '%s=%s\n' "$p" "$(dpkg-query -W -f='${Version}' "$p")"
    done
    return 0
}

# ---------------------------------------------------------------- 1. OS packages
need=()
[ -x $PGBIN/initdb ] && [ -x $PGBIN/pg_ctl ] || need+=(postgresql-15)
command -v psql >/dev/null || need+=(postgresql-client-15)
command -v memcached >/dev/null || need+=(memcached)
command -v curl >/dev/null || need+=(curl)
python3 -c 'import venv, ensurepip' 2>/dev/null || need+=(python3-venv)
if [ ${#need[@]} -gt 0 ]; then
    log "apt-get install ${need[*]}"
    mapfile -t pins < <(pg_pins)
    pinned=()
    for n in "${need[@]}"; do [[ "$n" == postgresql-15 || "$n" == postgresql-client-15 ]] && pkg_ok "$n" || pinned+=("$n"); done
    "${APT[@]}" update >/dev/null
    "${APT[@]}" install "${pinned[@]}" "${pins[@]}" >/dev/null
fi
getent passwd postgres >/dev/null || die "no postgres user"
MCUSER=memcache; getent passwd memcache >/dev/null || MCUSER=nobody

# ---------------------------------------------------------------- 2. venv
mkdir -p "$BASE"/{etc,log,run,rse,tmp}
chmod 755 "$BASE"; d=$BASE; while [ "$d" != / ]; do d=$(dirname "$d"); chmod o+x "$d" 2>/dev/null || true; done
PY=$BASE/venv/bin/python
installed=$("$PY" -c 'from rucio.version import version_string as v; import gunicorn; print(v())' 2>/dev/null || true)
if [ "$installed" != "$RUCIO_VERSION" ]; then
    log "venv + pip install rucio[postgresql]==$RUCIO_VERSION"
    [ -x "$PY" ] || python3 -m venv "$BASE/venv"
    "$PY" -m pip install -q --disable-pip-version-check \
        "rucio[postgresql]==$RUCIO_VERSION" "rucio-clients==$RUCIO_VERSION" "gunicorn==$GUNICORN_VERSION" \
        >"$BASE/log/pip.log" 2>&1 || { tail -20 "$BASE/log/pip.log" >&2; die "pip install failed"; }
else
    log "venv ok (rucio $installed)"
fi
SP=$("$PY" -c 'import rucio, os; print(os.path.dirname(os.path.dirname(rucio.__file__)))')

# test policy package (rucio.cfg [policy] package = esap_test_policy): generic permissions, except that a
# rule's owner may delete it / change its lifetime.  Copied to $BASE/policy (state independent of the
# checkout) and put on sys.path of every venv python (gunicorn, daemons, bootstrap, drive_transfers.py)
# by a .pth file.  Its content is part of cfgsum below: a change restarts gunicorn (+ daemons).
mkdir -p "$BASE/policy/esap_test_policy"
for f in "$SRC"/policy/esap_test_policy/*.py; do
    cmp -s "$f" "$BASE/policy/esap_test_policy/${f##*/}" || cp "$f" "$BASE/policy/esap_test_policy/"
done
for f in "$BASE"/policy/esap_test_policy/*.py; do [ -f "$SRC/policy/esap_test_policy/${f##*/}" ] || rm -f "$f"; done
[ "$(cat "$SP/esap_test_policy.pth" 2>/dev/null || true)" = "$BASE/policy" ] || echo "$BASE/policy" > "$SP/esap_test_policy.pth"

# ---------------------------------------------------------------- 3. config files
DB=postgresql+psycopg://rucio:rucio@127.0.0.1:$PGPORT/rucio
render() {
    sed -e "s|@BASE@|$BASE|g" -e "s|@DB@|$DB|g" -e "s|@MCPORT@|$MCPORT|g" -e "s|@SP@|$SP|g" \
        -e "s|@URL@|$URL|g" -e "s|@ROOT_USER@|$ROOT_USER|g" -e "s|@ROOT_PASS@|$ROOT_PASS|g" \
        -e "s|@OIDC_ISSUER@|$OIDC_ISSUER|g" -e "s|@HTTP_PORT@|$HTTP_PORT|g" "$1" > "$2.tmp"
    cmp -s "$2.tmp" "$2" && rm -f "$2.tmp" || mv "$2.tmp" "$2"
}
render "$SRC/rucio.cfg.in" "$BASE/etc/rucio.cfg"
render "$SRC/alembic.ini.in" "$BASE/etc/alembic.ini"
render "$SRC/client.cfg.in" "$BASE/etc/client.cfg"
render "$SRC/idpsecrets.json.in" "$BASE/etc/idpsecrets.json"
chmod 600 "$BASE/etc/idpsecrets.json"
# the REST server reads its config at start: a changed config restarts it (step 7)
cfgsum=$(cat "$BASE/etc/rucio.cfg" "$BASE/etc/idpsecrets.json" "$BASE"/policy/esap_test_policy/*.py | sha256sum | cut -c1-16)

# ---------------------------------------------------------------- 4. private PostgreSQL cluster
PGDATA=$BASE/pg/data
if [ ! -f "$PGDATA/PG_VERSION" ]; then
    log "initdb $PGDATA"
    mkdir -p "$BASE/pg"; chown postgres:postgres "$BASE/pg"
    su postgres -s /bin/sh -c "$PGBIN/initdb -D $PGDATA -U postgres -A trust -E UTF8 --locale=C.UTF-8" >"$BASE/log/initdb.log" 2>&1 \
        || { cat "$BASE/log/initdb.log" >&2; die "initdb failed"; }
fi
if ! su postgres -s /bin/sh -c "$PGBIN/pg_ctl -D $PGDATA status" >/dev/null 2>&1; then
    listening "$PGPORT" && die "port $PGPORT is taken by another process (set RUCIO_PGPORT)"
    log "start private PostgreSQL on 127.0.0.1:$PGPORT"
    su postgres -s /bin/sh -c "$PGBIN/pg_ctl -D $PGDATA -l $BASE/pg/pg.log -w -t 60 start \
        -o '-p $PGPORT -c listen_addresses=127.0.0.1 -k $BASE/pg -c fsync=off -c synchronous_commit=off -c full_page_writes=off'" \
        </dev/null >/dev/null 2>&1 || { tail -20 "$BASE/pg/pg.log" >&2; die "pg_ctl start failed"; }
fi
PSQL=(psql -h 127.0.0.1 -p "$PGPORT" -U postgres -v ON_ERROR_STOP=1 -q -X)
"${PSQL[@]}" -tAc "select 1 from pg_roles where rolname='rucio'" | grep -q 1 || "${PSQL[@]}" -c "CREATE ROLE rucio LOGIN PASSWORD 'rucio'"
"${PSQL[@]}" -tAc "select 1 from pg_database where datname='rucio'" | grep -q 1 || "${PSQL[@]}" -c "CREATE DATABASE rucio OWNER rucio"

# ---------------------------------------------------------------- 5. memcached
if ! pid_alive "$BASE/run/memcached.pid"; then
    listening "$MCPORT" && die "port $MCPORT is taken by another process (set RUCIO_MCPORT)"
    log "start memcached on 127.0.0.1:$MCPORT"
    setsid memcached -u "$MCUSER" -l 127.0.0.1 -p "$MCPORT" -U 0 -m 128 </dev/null >>"$BASE/log/memcached.log" 2>&1 &
    echo $! > "$BASE/run/memcached.pid"
    for _ in $(seq 1 50); do listening "$MCPORT" && break; sleep 0.1; done
    listening "$MCPORT" || die "memcached did not start (see $BASE/log/memcached.log)"
fi

# ---------------------------------------------------------------- 6. schema + root account
export RUCIO_CONFIG=$BASE/etc/rucio.cfg
if ! "${PSQL[@]}" -d rucio -tAc "select 1 from information_schema.tables where table_name='alembic_version'" | grep -q 1; then
    log "bootstrap schema + root account"
    (cd "$BASE" && "$PY" "$BASE/venv/rucio/tools/bootstrap.py") >"$BASE/log/bootstrap.log" 2>&1 \
        || { tail -30 "$BASE/log/bootstrap.log" >&2; die "bootstrap failed"; }
fi

# ---------------------------------------------------------------- 7. REST server
ping_ok() { curl -sf -m 2 "$URL/ping" 2>/dev/null | grep -q "\"version\": *\"$RUCIO_VERSION\""; }
if ping_ok && pid_alive "$BASE/run/gunicorn.pid" && [ "$(cat "$BASE/run/gunicorn.cfgsum" 2>/dev/null || true)" != "$cfgsum" ]; then
    log "server config changed: restart gunicorn"
    p=$(cat "$BASE/run/gunicorn.pid"); kill -TERM "$p"
    for _ in $(seq 1 150); do alive "$p" || break; sleep 0.1; done
    alive "$p" && { kill -KILL "$p"; sleep 0.5; }
    for _ in $(seq 1 50); do listening "$PORT" || break; sleep 0.1; done
    # daemons read the config at start too
    if ls "$BASE"/run/d-*.pid >/dev/null 2>&1; then RUCIO_BASE=$BASE bash "$SRC/daemons.sh" stop; restart_daemons=1; fi
fi
if ! ping_ok; then
    if pid_alive "$BASE/run/gunicorn.pid"; then die "our gunicorn (pid $(cat "$BASE/run/gunicorn.pid")) runs but $URL/ping fails; run stop-rucio.sh"; fi
    listening "$PORT" && die "port $PORT is taken by another process (set RUCIO_PORT)"
    log "start gunicorn on $URL ($WORKERS workers)"
    rm -f "$BASE/run/gunicorn.pid"
    (cd "$BASE" && exec setsid "$BASE/venv/bin/gunicorn" --bind "127.0.0.1:$PORT" --workers "$WORKERS" --threads "$THREADS" \
        --timeout 120 --no-control-socket --pid "$BASE/run/gunicorn.pid" \
        --access-logfile "$BASE/log/access.log" --error-logfile "$BASE/log/gunicorn.log" \
        rucio.web.rest.flaskapi.v1.main:application </dev/null >>"$BASE/log/gunicorn.out" 2>&1) &
    for _ in $(seq 1 300); do ping_ok && break; sleep 0.1; done
    ping_ok || { tail -30 "$BASE/log/gunicorn.log" >&2; die "Rucio did not answer $URL/ping within 30 s"; }
    echo "$cfgsum" > "$BASE/run/gunicorn.cfgsum"
fi
log "ping: $(curl -sf "$URL/ping")"

# ---------------------------------------------------------------- 8. static file server (http protocol)
# Read-only door onto the RSE directories: http://127.0.0.1:$HTTP_PORT/<RSE>/<path> = $BASE/rse/<RSE>/<path>
# (the RSEs' http protocol, seed.py).  Runs as nobody; serves $BASE/rse only.
http_ok() { curl -s -o /dev/null -m 2 -w '%{http_code}' "http://127.0.0.1:$HTTP_PORT/" 2>/dev/null | grep -q '^200$'; }
if ! pid_alive "$BASE/run/http.pid" || ! http_ok; then
    pid_alive "$BASE/run/http.pid" && die "our file server (pid $(cat "$BASE/run/http.pid")) runs but does not answer; run stop-rucio.sh"
    listening "$HTTP_PORT" && die "port $HTTP_PORT is taken by another process (set RUCIO_HTTP_PORT)"
    log "start static file server on http://127.0.0.1:$HTTP_PORT/ ($BASE/rse)"
    rm -f "$BASE/run/http.pid"
    # sh writes its own PID and execs the server, so the PID file is right even if setsid forks
    # as nobody with Debian's python (a pyenv python3 under /root is not reachable for nobody)
    if [ -x /usr/bin/python3 ] && getent group nogroup >/dev/null; then
        as_nobody=(setpriv --reuid=nobody --regid=nogroup --clear-groups /usr/bin/python3)
    else
        as_nobody=(python3)
    fi
    (cd / && exec setsid sh -c 'echo $$ > "$0"; exec "$@"' "$BASE/run/http.pid" \
        "${as_nobody[@]}" -m http.server --bind 127.0.0.1 --directory "$BASE/rse" "$HTTP_PORT" \
        </dev/null >>"$BASE/log/http.log" 2>&1) &
    for _ in $(seq 1 50); do http_ok && break; sleep 0.1; done
    http_ok || { tail -10 "$BASE/log/http.log" >&2; die "file server did not answer on port $HTTP_PORT"; }
fi

# ---------------------------------------------------------------- 9. seed
stamp=$( (cat "$SRC/seed.py"; echo "$OIDC_ISSUER $HTTP_PORT") | sha256sum | cut -c1-16)
if [ "$(cat "$BASE/.seeded" 2>/dev/null || true)" != "$stamp" ] \
   || ! "${PSQL[@]}" -d rucio -tAc "select 1 from dids where scope='calib' and name='master_calib_2024'" | grep -q 1; then
    log "seed test data"
    RUCIO_CONFIG=$BASE/etc/client.cfg TMPDIR=$BASE/tmp URL=$URL BASE=$BASE ROOT_USER=$ROOT_USER ROOT_PASS=$ROOT_PASS \
        OIDC_ISSUER=$OIDC_ISSUER HTTP_PORT=$HTTP_PORT \
        "$PY" "$SRC/seed.py" 2>"$BASE/log/seed.log" || { tail -30 "$BASE/log/seed.log" >&2; die "seeding failed"; }
    echo "$stamp" > "$BASE/.seeded"
    # Rucio caches RSE info (protocols, attributes) in memcached for 15 min: drop what the server
    # cached before this seed (e.g. an RSE without its http protocol)
    ( exec 3<>"/dev/tcp/127.0.0.1/$MCPORT" && printf 'flush_all\r\n' >&3 && read -r -t 2 r <&3 && [[ $r == OK* ]] ) 2>/dev/null \
        || log "warning: could not flush memcached"
else
    log "seed data present"
fi

# ---------------------------------------------------------------- 10. optional continuous daemons
if [ "$DAEMONS" = 1 ] || [ "${restart_daemons:-0}" = 1 ]; then
    RUCIO_BASE=$BASE bash "$SRC/daemons.sh" start
fi
log "ready: $URL  (client config $BASE/etc/client.cfg, server config $BASE/etc/rucio.cfg)"
