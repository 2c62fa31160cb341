#!/usr/bin/env bash
# Stop the OpenID Provider started by start-oidc.sh STATE_DIR (by its PID only).
set -uo pipefail
STATE=${1:?usage: stop-oidc.sh STATE_DIR}
[ -f "$STATE/op.pid" ] || exit 0
pid=$(cat "$STATE/op.pid")
if kill -0 "$pid" 2>/dev/null; then
  kill -TERM "$pid"
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
fi
rm -f "$STATE/op.pid"
