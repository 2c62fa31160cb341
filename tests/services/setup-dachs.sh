#!/usr/bin/env bash
# setup-dachs.sh -- install GAVO DaCHS 2.7 (Debian 12 gavodachs2-server), load
# deterministic synthetic test data and serve TAP / SCS / SIA / ObsCore /
# a miniature RegTAP registry on 127.0.0.1 only.
#
#   sudo tests/services/setup-dachs.sh          # root, non-interactive
#   DACHS_PORT=28080 DACHS_BIG_ROWS=1000000     # defaults
#
# Idempotent: packages, the database and loaded tables are reused.  Each data
# component (q = cat/images/spectra/obscore, big, rr) is reloaded only when its
# inputs changed (fingerprint in $RES/.esap-stamps) or its row counts in
# PostgreSQL are wrong; a re-run against a running, provisioned server takes a
# few seconds.  Stop with tests/services/stop-dachs.sh.
#
# Shared-machine rules (see /work/shared/services/dachs-tap.md):
#  * the system PostgreSQL 15/main also holds other databases: it is never
#    stopped or restarted here, started only if it is down, and apt is never
#    allowed to upgrade it (installed versions are pinned in every install);
#  * pgsphere 1.1.1 vs PostgreSQL >= 15.20: CREATE EXTENSION pg_sphere fails
#    with "commutator operator @> is already the commutator of operator <@";
#    probed in a scratch database on every run, patched only on that error.
# Files: RDs and generators in tests/services/dachs/, known answers in
# tests/services/dachs/KNOWN_ANSWERS.md.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/apt.sh"

PORT="${DACHS_PORT:-28080}"
BIG_ROWS="${DACHS_BIG_ROWS:-1000000}"
BASEURL="http://127.0.0.1:${PORT}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SRC="$HERE/dachs"
RES=/var/gavo/inputs/tapstudy          # DaCHS resource directory (RD ids tapstudy/q, tapstudy/rr)
STAMPS="$RES/.esap-stamps"
PIDFILE=/var/gavo/state/web.pid
PGS_SQL=/usr/share/postgresql/15/extension/pg_sphere--1.2.0.sql
PROBE_DB=esap_pgsphere_probe
APT=(apt_get -y -qq --no-install-recommends)
export DEBIAN_FRONTEND=noninteractive

T0=${EPOCHREALTIME/./}
elapsed() { local us=$(( ${EPOCHREALTIME/./} - T0 )); printf '%d.%d' $((us / 1000000)) $((us / 100000 % 10)); }
log() { printf '[setup-dachs %6ss] %s\n' "$(elapsed)" "$*"; }
die() { printf '[setup-dachs %6ss] ERROR: %s\n' "$(elapsed)" "$*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "must run as root"
[[ "$PORT" =~ ^[0-9]+$ ]] || die "DACHS_PORT must be a number"
[[ "$BIG_ROWS" =~ ^[0-9]+$ ]] && [ "$BIG_ROWS" -ge 1 ] || die "DACHS_BIG_ROWS must be >= 1"
for f in q.rd rr.rd gen_catalogs.py gen_products.py gen_regtap.py; do
    [ -f "$SRC/$f" ] || die "missing $SRC/$f"
done

pkg_ok() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "ok installed"; }
pkg_ver() { dpkg-query -W -f='${Version}' "$1"; }
# Installed PostgreSQL 15 server/client versions, named in every apt-get
# install so apt can never upgrade the running (shared) server.
pg_pins() {
    local p
    for p in postgresql-15 postgresql-client-15; do
        if pkg_ok "$p"; then printf '%s=%s\n' "$p" "$(pkg_ver "$p")"; fi
    done
}
psql_pg() { runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 "$@"; }
as_dachsroot() { su dachsroot -s /bin/sh -c "cd '$RES' && $*"; }

# --------------------------------------------------------------------------
# 1. Debian packages (no apt at all when everything is there)
# --------------------------------------------------------------------------
missing=()
for p in postgresql-15 postgresql-15-pgsphere postgresql-15-q3c curl iproute2; do
    pkg_ok "$p" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    log "apt-get update; install ${missing[*]}"
    apt_get update -qq
    mapfile -t pins < <(pg_pins)
    [ ${#pins[@]} -gt 0 ] && log "pinning ${pins[*]}"
    "${APT[@]}" install "${pins[@]}" "${missing[@]}" >/dev/null
fi

# --------------------------------------------------------------------------
# 2. PostgreSQL 15/main must run (the DaCHS postinst needs it); start it only
#    if it is down, never restart it.
# --------------------------------------------------------------------------
if ! pg_lsclusters -h | awk '$1=="15" && $2=="main" && $4 ~ /^online/ {f=1} END {exit !f}'; then
    log "PostgreSQL 15/main is down: starting it (stop-dachs.sh leaves it running)"
    pg_ctlcluster 15 main start
    mkdir -p /var/lib/esap-services && touch /var/lib/esap-services/dachs-started-postgresql
fi
for _ in $(seq 1 100); do
    runuser -u postgres -- pg_isready -q && break
    sleep 0.1
done
runuser -u postgres -- pg_isready -q || die "PostgreSQL 15/main does not accept connections"

# --------------------------------------------------------------------------
# 3. pg_sphere probe-and-patch (every run: a package reinstall undoes the patch)
# --------------------------------------------------------------------------
probe_pgsphere() {   # sets PROBE_OUT; returns psql's status
    local rc=0
    local quiet=(env PGOPTIONS='-c client_min_messages=warning')
    runuser -u postgres -- "${quiet[@]}" dropdb --if-exists "$PROBE_DB"
    runuser -u postgres -- createdb "$PROBE_DB"
    PROBE_OUT=$(psql_pg -d "$PROBE_DB" -c 'CREATE EXTENSION pg_sphere' 2>&1) || rc=$?
    runuser -u postgres -- "${quiet[@]}" dropdb --if-exists "$PROBE_DB"
    return $rc
}
if ! probe_pgsphere; then
    if grep -qF 'commutator operator @> is already the commutator of operator <@' <<<"$PROBE_OUT"; then
        log "pg_sphere fails on this PostgreSQL ($PROBE_OUT); patching $PGS_SQL (original kept as .esap-orig)"
        # the probe failed, so the current file is the unpatched original
        cp -p "$PGS_SQL" "$PGS_SQL.esap-orig"
        sed -i '/backwards-compatible operators for GAVO DaCHS/,/^-- debugging/{
                    /^[[:space:]]*COMMUTATOR[[:space:]]*=/d
                    /^[[:space:]]*NEGATOR[[:space:]]*=/d
                }' "$PGS_SQL"
        probe_pgsphere || die "pg_sphere still fails after patching: $PROBE_OUT"
        log "pg_sphere probe OK after patch"
    else
        die "CREATE EXTENSION pg_sphere failed with an unexpected error: $PROBE_OUT"
    fi
fi

# --------------------------------------------------------------------------
# 4. /etc/gavo.rc (before the package: its postinst runs `dachs init`)
# --------------------------------------------------------------------------
GAVO_RC=$(cat <<EOF
# written by tests/services/setup-dachs.sh -- loopback-only test DaCHS
[general]
rootDir: /var/gavo
logLevel: info

[web]
bindAddress: 127.0.0.1
serverPort: ${PORT}
serverURL: ${BASEURL}
sitename: local test DaCHS

[ivoa]
authority: tapstudy.test

[async]
defaultMAXREC: 20000
hardMAXREC: 20000000
maxTAPRunning: 2
defaultExecTimeSync: 60
EOF
)
RC_CHANGED=0
if [ "$(cat /etc/gavo.rc 2>/dev/null)" != "$GAVO_RC" ]; then
    printf '%s\n' "$GAVO_RC" > /etc/gavo.rc
    RC_CHANGED=1
    log "wrote /etc/gavo.rc (port $PORT)"
fi

# --------------------------------------------------------------------------
# 5. gavodachs2-server (postinst: createdb gavo, users, dachs init)
# --------------------------------------------------------------------------
if ! pkg_ok gavodachs2-server; then
    if dpkg-query -W -f='${Status}' gavodachs2-server 2>/dev/null \
            | grep -Eq 'half-configured|unpacked|half-installed|triggers-(awaiting|pending)'; then
        log "gavodachs2-server is half-installed: dpkg --configure gavodachs2-server"
        dpkg --configure gavodachs2-server
    else
        log "apt-get install gavodachs2-server"
        mapfile -t pins < <(pg_pins)
        [ -n "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -mmin -1440 2>/dev/null | head -1)" ] \
            || apt_get update -qq
        "${APT[@]}" install "${pins[@]}" gavodachs2-server >/dev/null
    fi
    pkg_ok gavodachs2-server || die "gavodachs2-server did not install"
fi
log "gavodachs2-server $(pkg_ver gavodachs2-server), postgresql-15 $(pkg_ver postgresql-15), pgsphere $(pkg_ver postgresql-15-pgsphere)"

# --------------------------------------------------------------------------
# 6. resource directory, fingerprints, what needs (re)loading
# --------------------------------------------------------------------------
install -d -o dachsroot -g gavo "$RES" "$RES/data" "$RES/img" "$RES/spec"
install -d -m 755 "$STAMPS"
for f in q.rd rr.rd; do
    cmp -s "$SRC/$f" "$RES/$f" || install -m 644 -o dachsroot -g gavo "$SRC/$f" "$RES/$f"
done
fingerprint() { (cd "$SRC" && cat "$@") | sha256sum | cut -c1-16; }
FP_Q=$(fingerprint q.rd gen_catalogs.py gen_products.py <(echo "$BASEURL"))
FP_BIG=$(fingerprint q.rd gen_catalogs.py <(echo "$BIG_ROWS"))
FP_RR=$(fingerprint q.rd rr.rd gen_regtap.py <(echo "$BASEURL"))

# row counts as one line, or "missing" if a table does not exist
counts() { psql_pg -d gavo -At -F' ' -c "$1" 2>/dev/null || echo missing; }
COUNT_Q_SQL="SELECT (SELECT count(*) FROM tapstudy.cat), (SELECT count(*) FROM tapstudy.images),
  (SELECT count(*) FROM tapstudy.spectra), (SELECT count(*) FROM tapstudy.obscore),
  (SELECT count(*) FROM ivoa.obscore WHERE obs_collection LIKE 'tapstudy%'),
  (SELECT count(*) FROM dc.products WHERE accref LIKE 'tapstudy/%')"
EXPECT_Q="5000 25 50 75 75 75"
COUNT_BIG_SQL="SELECT count(*) FROM tapstudy.big"
COUNT_RR_SQL="SELECT (SELECT count(*) FROM rr.resource), (SELECT count(*) FROM rr.capability),
  (SELECT count(*) FROM rr.interface), (SELECT count(*) FROM rr.table_column)"

# stamp file: "<fingerprint> <expected counts>"
stamp_ok() { [ "$(cat "$STAMPS/$1" 2>/dev/null)" = "$2 $3" ]; }
LOADED=0

need_q=1;   stamp_ok q "$FP_Q" "$EXPECT_Q" && [ "$(counts "$COUNT_Q_SQL")" = "$EXPECT_Q" ] && need_q=0
need_big=1; stamp_ok big "$FP_BIG" "$BIG_ROWS" && [ "$(counts "$COUNT_BIG_SQL")" = "$BIG_ROWS" ] && need_big=0
need_rr=1
if [ -f "$STAMPS/rr" ]; then
    expect_rr=$(cut -d' ' -f2- "$STAMPS/rr")
    stamp_ok rr "$FP_RR" "$expect_rr" && [ "$(counts "$COUNT_RR_SQL")" = "$expect_rr" ] && need_rr=0
fi
log "data: q $([ $need_q = 1 ] && echo reload || echo ok), big $([ $need_big = 1 ] && echo reload || echo ok), rr $([ $need_rr = 1 ] && echo reload || echo ok)"

# --------------------------------------------------------------------------
# 7. loads
# --------------------------------------------------------------------------
if [ $need_q = 1 ]; then
    rm -f "$STAMPS/q"
    log "generating cat.csv, 25 images, 50 spectra, obscore.csv"
    /usr/bin/python3 "$SRC/gen_catalogs.py" "$RES/data" cat
    /usr/bin/python3 "$SRC/gen_products.py" "$RES" "$BASEURL"
    chown -R dachsroot:gavo "$RES/data" "$RES/img" "$RES/spec"
    if [ "$(psql_pg -d gavo -At -c "SELECT to_regclass('ivoa._obscoresources') IS NOT NULL")" != t ]; then
        log "dachs imp //obscore (ivoa.obscore infrastructure)"
        as_dachsroot "dachs -U semistingy imp //obscore"
    fi
    log "dachs imp q import_cat import_img import_spec import_obscore"
    as_dachsroot "dachs -U semistingy imp q import_cat import_img import_spec import_obscore"
    got=$(counts "$COUNT_Q_SQL")
    [ "$got" = "$EXPECT_Q" ] || die "q tables: counts '$got', expected '$EXPECT_Q'"
    echo "$FP_Q $EXPECT_Q" > "$STAMPS/q"
    LOADED=1
fi

if [ $need_big = 1 ]; then
    rm -f "$STAMPS/big"
    log "generating big.csv ($BIG_ROWS rows)"
    /usr/bin/python3 "$SRC/gen_catalogs.py" "$RES/data" big "$BIG_ROWS"
    chown dachsroot:gavo "$RES/data/big.csv"
    # DaCHS creates table, indices and TAP_SCHEMA rows from one row
    # ("import aborted" is expected with -M 1), then COPY loads the rest.
    log "dachs imp -M 1 q import_big + COPY + CLUSTER + ANALYZE"
    as_dachsroot "dachs -U semistingy imp -M 1 q import_big" 2>&1 \
        | grep -v -i 'import limit\|import aborted' || true
    psql_pg -d gavo \
        -c 'TRUNCATE tapstudy.big' \
        -c "\\copy tapstudy.big FROM '$RES/data/big.csv' WITH (FORMAT csv, HEADER true)" \
        -c 'CLUSTER tapstudy.big' -c 'ANALYZE tapstudy.big'
    got=$(counts "$COUNT_BIG_SQL")
    [ "$got" = "$BIG_ROWS" ] || die "tapstudy.big has '$got' rows, expected $BIG_ROWS"
    echo "$FP_BIG $BIG_ROWS" > "$STAMPS/big"
    LOADED=1
fi

if [ $need_q = 1 ] || [ $need_big = 1 ]; then
    # after both: pub needs every table of q.rd to exist
    log "dachs pub q //services //tap (OAI-PMH records)"
    as_dachsroot "dachs -U semistingy pub q //services //tap"
fi

if [ $need_rr = 1 ]; then
    rm -f "$STAMPS/rr"
    log "generating and importing the RegTAP records (schema rr)"
    /usr/bin/python3 "$SRC/gen_regtap.py" "$SRC" "$RES/data/regtap.json" "$BASEURL"
    chown dachsroot:gavo "$RES/data/regtap.json"
    as_dachsroot "dachs -U semistingy imp rr"
    expect_rr=$(/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))
print(*(len(d[t]) for t in ("resource", "capability", "interface", "table_column")))' "$RES/data/regtap.json")
    got=$(counts "$COUNT_RR_SQL")
    [ "$got" = "$expect_rr" ] || die "rr tables: counts '$got', expected '$expect_rr'"
    echo "$FP_RR $expect_rr" > "$STAMPS/rr"
    LOADED=1
fi

# --------------------------------------------------------------------------
# 8. server: keep a healthy one, else (re)start and probe
# --------------------------------------------------------------------------
server_pid() {   # pid of the running DaCHS server (zombies count as stopped)
    local pid
    pid=$(cat "$PIDFILE" 2>/dev/null) || return 1
    [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
    [[ "$(ps -o stat= -p "$pid" 2>/dev/null)" != Z* ]] || return 1
    echo "$pid"
}
available() {
    curl -fsS --max-time 3 "$BASEURL/tap/availability" 2>/dev/null | grep -q '<avl:available>true'
}
show_logs() {
    local f
    for f in /var/gavo/logs/server.stderr /var/gavo/logs/dcErrors /var/gavo/logs/esap-serve.log; do
        [ -s "$f" ] && { echo "--- tail $f" >&2; tail -20 "$f" >&2; }
    done
    return 0
}

if pid=$(server_pid) && [ $LOADED = 0 ] && [ $RC_CHANGED = 0 ] && available; then
    log "DaCHS already running (pid $pid) and available"
else
    if pid=$(server_pid); then
        log "restarting DaCHS (pid $pid): data or config changed, or not available"
        "$HERE/stop-dachs.sh"
    fi
    if ss -ltn "sport = :$PORT" | grep -q LISTEN; then
        ss -ltnp "sport = :$PORT" >&2
        die "port $PORT is taken by another program (set DACHS_PORT)"
    fi
    log "dachs serve start (127.0.0.1:$PORT, drops to user gavo)"
    # setsid + redirected fds: the daemon must not hold the caller's stdout
    # (else `setup-dachs.sh | tail` never ends).  Exit code means nothing:
    # it is 0 even when the port cannot be bound -> probe below.
    setsid -w dachs serve start </dev/null >>/var/gavo/logs/esap-serve.log 2>&1 || true
    deadline=$(( ${EPOCHREALTIME/./} + 60000000 ))
    until available; do
        if [ "${EPOCHREALTIME/./}" -gt "$deadline" ]; then
            show_logs
            die "DaCHS did not become available on $BASEURL within 60 s"
        fi
        sleep 0.1
    done
    log "DaCHS up (pid $(server_pid || echo '?'))"
fi

log "ready in $(elapsed) s:  TAP $BASEURL/tap  SCS $BASEURL/tapstudy/q/cone/scs.xml  SIA $BASEURL/tapstudy/q/sia/siap.xml"
