# Shared shell helpers for the test scripts: start a process by its own PID, wait for a URL,
# stop by PID. Sourced, not executed.

# start_bg NAME LOGFILE CMD...: start CMD detached (setsid, fds redirected); pid in $PIDDIR/NAME.pid
start_bg() {
  local name=$1 logfile=$2; shift 2
  mkdir -p "$PIDDIR"
  setsid "$@" </dev/null >"$logfile" 2>&1 &
  echo $! >"$PIDDIR/$name.pid"
}

# wait_url URL SECONDS [GREP]: poll until URL answers (and its body matches GREP)
wait_url() {
  local url=$1 deadline=$((SECONDS + $2)) pattern=${3:-}
  while [ $SECONDS -lt $deadline ]; do
    if body=$(curl -fsS --max-time 5 "$url" 2>/dev/null); then
      if [ -z "$pattern" ] || grep -q "$pattern" <<<"$body"; then return 0; fi
    fi
    sleep 0.2
  done
  return 1
}

# stop_bg NAME: TERM the process (and its session), wait, then KILL if needed
stop_bg() {
  local pidfile="$PIDDIR/$1.pid" pid
  [ -f "$pidfile" ] || return 0
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}

port_free() { ! ss -ltn "sport = :$1" | grep -q LISTEN; }
