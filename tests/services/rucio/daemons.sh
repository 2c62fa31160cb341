#!/usr/bin/env bash
# daemons.sh start|stop|status -- continuous Rucio rule/transfer daemons for the loopback server
# started by tests/services/setup-rucio.sh (mock transfer tool: no bytes are copied).
#
#   tests/services/rucio/daemons.sh start [--no-wait]   # idempotent: starts only the daemons not
#                                            # running; waits until they are past their warm-up
#   tests/services/rucio/daemons.sh stop     # by PID file only; SIGTERM, SIGKILL after 15 s
#   tests/services/rucio/daemons.sh status   # exit 0 when all five run, 1 otherwise
#
# Daemons (all --sleep-time 1): judge-injector, judge-evaluator, conveyor-submitter,
# conveyor-poller (--older-than 0), conveyor-finisher.  A new rule goes REPLICATING -> OK in ~3-7 s
# once the daemons are warm.  Warm-up: submitter, poller and finisher sleep a hard-coded 10 s
# (partition_wait_time, no CLI flag) before their first cycle, so a rule made right after a cold
# start takes ~16 s; `start` therefore returns only WARM_SECONDS (11) after the youngest daemon
# started (--no-wait: return at once).  PID files $BASE/run/d-<name>.pid (stop-rucio.sh stops them too), logs $BASE/log/d-<name>.log.
# Env: RUCIO_BASE (default /var/lib/esap-services/rucio).  Needs no root if $BASE is writable.
# Alternative without daemons: drive_transfers.py (in-process, one call per test).
set -euo pipefail
BASE=${RUCIO_BASE:-/var/lib/esap-services/rucio}
CMD=${1:-}
WAIT=1; [ "${2:-}" = --no-wait ] && WAIT=0
WARM_SECONDS=11
DAEMONS=(judge-injector judge-evaluator conveyor-submitter conveyor-poller conveyor-finisher)
args_for() {
    case $1 in
        conveyor-poller) echo "--sleep-time 1 --older-than 0" ;;
        *) echo "--sleep-time 1" ;;
    esac
}
log() { printf '[rucio-daemons] %s\n' "$*"; }
alive() { kill -0 "$1" 2>/dev/null && [[ "$(ps -o stat= -p "$1" 2>/dev/null)" != Z* ]]; }
pid_of() { local p; p=$(cat "$BASE/run/d-$1.pid" 2>/dev/null || true); [[ "$p" =~ ^[0-9]+$ ]] && alive "$p" && echo "$p"; }
# a PID file must name our daemon, not a recycled PID
ours() { local p=$1 n=$2; tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null | grep -q "rucio-$n"; }

start() {
    [ -x "$BASE/venv/bin/rucio-judge-evaluator" ] && [ -f "$BASE/etc/rucio.cfg" ] \
        || { echo "daemons.sh: no Rucio under $BASE (run tests/services/setup-rucio.sh)" >&2; exit 1; }
    mkdir -p "$BASE/run" "$BASE/log"
    local n p started=0
    for n in "${DAEMONS[@]}"; do
        if p=$(pid_of "$n") && ours "$p" "$n"; then continue; fi
        rm -f "$BASE/run/d-$n.pid"
        # the daemon writes its own PID (sh execs it), so the file is right whether or not setsid forks
        # shellcheck disable=SC2046
        (cd "$BASE" && RUCIO_CONFIG=$BASE/etc/rucio.cfg exec setsid sh -c 'echo $$ > "$0"; exec "$@"' \
            "$BASE/run/d-$n.pid" "$BASE/venv/bin/rucio-$n" $(args_for "$n") \
            </dev/null >>"$BASE/log/d-$n.log" 2>&1) &
        started=$((started + 1))
    done
    for n in "${DAEMONS[@]}"; do    # PID file written and the process still alive after a moment
        for _ in $(seq 1 50); do [ -s "$BASE/run/d-$n.pid" ] && break; sleep 0.05; done
    done
    [ $started -gt 0 ] && sleep 0.5
    local bad=0
    for n in "${DAEMONS[@]}"; do
        pid_of "$n" >/dev/null || { log "rucio-$n did not start:"; tail -5 "$BASE/log/d-$n.log" >&2; bad=1; }
    done
    [ $bad = 0 ] || exit 1
    if [ $WAIT = 1 ]; then   # until the youngest daemon is WARM_SECONDS old
        local age youngest=999999
        for n in "${DAEMONS[@]}"; do
            age=$(ps -o etimes= -p "$(pid_of "$n")" | tr -d ' '); [ "$age" -lt "$youngest" ] && youngest=$age
        done
        if [ "$youngest" -lt $WARM_SECONDS ]; then
            log "waiting $((WARM_SECONDS - youngest)) s for the daemons' warm-up"
            sleep $((WARM_SECONDS - youngest))
            for n in "${DAEMONS[@]}"; do pid_of "$n" >/dev/null || { log "rucio-$n died:"; tail -5 "$BASE/log/d-$n.log" >&2; exit 1; }; done
        fi
    fi
    log "running: $(for n in "${DAEMONS[@]}"; do printf '%s=%s ' "$n" "$(pid_of "$n")"; done)(started $started)"
}

stop() {
    local n p pids=()
    for n in "${DAEMONS[@]}"; do
        if p=$(pid_of "$n") && ours "$p" "$n"; then kill -TERM "$p" 2>/dev/null || true; pids+=("$n:$p"); fi
    done
    local np
    for np in "${pids[@]}"; do
        n=${np%%:*}; p=${np##*:}
        for _ in $(seq 1 150); do alive "$p" || break; sleep 0.1; done
        if alive "$p"; then log "rucio-$n (pid $p) ignored SIGTERM for 15 s: SIGKILL"; kill -KILL "$p" 2>/dev/null || true; sleep 0.2; fi
        alive "$p" && { log "rucio-$n (pid $p) still alive"; exit 1; }
    done
    for n in "${DAEMONS[@]}"; do rm -f "$BASE/run/d-$n.pid"; done
    log "stopped ${#pids[@]} daemon(s)"
}

status() {
    local n p rc=0
    for n in "${DAEMONS[@]}"; do
        if p=$(pid_of "$n"); then echo "rucio-$n running (pid $p)"; else echo "rucio-$n stopped"; rc=1; fi
    done
    return $rc
}

case $CMD in
    start) start ;;
    stop) stop ;;
    status) status ;;
    *) echo "usage: $0 start [--no-wait] | stop | status" >&2; exit 2 ;;
esac
