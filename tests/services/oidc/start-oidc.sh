#!/usr/bin/env bash
# Start the loopback OpenID Provider (node oidc-provider) and wait until discovery answers.
#   usage: start-oidc.sh STATE_DIR    (writes STATE_DIR/op.pid and STATE_DIR/op.log)
# Env: RP_BASE (the relying party's base URL; redirect URI $RP_BASE/oidc/callback/),
#      OP_PORT (default 9400). Stop with stop-oidc.sh STATE_DIR (by PID).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
STATE=${1:?usage: start-oidc.sh STATE_DIR}
PORT=${OP_PORT:-9400}
mkdir -p "$STATE"
# One signing key per machine, not per checkout: the local Rucio (tests/services/setup-rucio.sh)
# caches the provider's keys for hours and would refuse tokens signed with a new key.
if [ -z "${OP_JWKS_FILE:-}" ]; then
  OP_JWKS_FILE=/var/lib/esap-services/oidc/jwks.json
  mkdir -p "$(dirname "$OP_JWKS_FILE")" 2>/dev/null || OP_JWKS_FILE=$HERE/jwks.json
fi
export OP_JWKS_FILE
bash "$HERE/setup-oidc.sh" >/dev/null
if ss -ltn "sport = :$PORT" | grep -q LISTEN; then echo "port $PORT is taken"; exit 1; fi
# exec: $! is node itself, so the PID file stops the server and nothing else.
(cd "$HERE" && exec node server.mjs) </dev/null >"$STATE/op.log" 2>&1 &
echo $! >"$STATE/op.pid"
for _ in $(seq 1 100); do
  if curl -fsS --max-time 2 "http://127.0.0.1:$PORT/.well-known/openid-configuration" >/dev/null 2>&1; then
    echo "oidc-provider up (pid $(cat "$STATE/op.pid"))"; exit 0
  fi
  kill -0 "$(cat "$STATE/op.pid")" 2>/dev/null || break
  sleep 0.1
done
echo "oidc-provider did not start"; cat "$STATE/op.log"; exit 1
