#!/usr/bin/env bash
# Browser end-to-end: Django (embedded profile, built SPA) on 28000 with the local DaCHS
# archives configured, Playwright driving Debian chromium. Stops what it started.
set -uo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
OUT=${1:-$ROOT/var/test-results}
PORT=${ESAP_E2E_PORT:-28000}
VAR=$ROOT/var/e2e
PIDDIR=$VAR/pids
source tests/server.sh
mkdir -p "$OUT"

export ESAP_VAR_DIR=$VAR ESAP_ENV=embedded
export DJANGO_SUPERUSER_USERNAME=e2e-admin DJANGO_SUPERUSER_EMAIL=admin@example.org
export DJANGO_SUPERUSER_PASSWORD=e2e-admin-password
# The loopback OpenID Provider (tests/services/oidc) for frontend/e2e/oidc.spec.ts; Django
# gets the OIDC settings pointing at it (redirect URI http://127.0.0.1:$PORT/oidc/callback/).
OP_STATE=$VAR/oidc-op
export OIDC_OP_ISSUER=http://127.0.0.1:9400 OIDC_RP_CLIENT_ID=django-rp
export OIDC_RP_CLIENT_SECRET=django-rp-secret OIDC_LABEL="ESCAPE IAM" OIDC_API_AUDIENCE=rucio
export ESAP_TOKEN_ENCRYPTION_KEY=${ESAP_TOKEN_ENCRYPTION_KEY:-$(.venv/bin/python -c \
  'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')}
# The local Rucio (provisioned by tests/services/setup-rucio.sh): ESAP's service account, and
# the judge/conveyor daemons with the mock transfer tool so staging really reaches OK.
export ESAP_RUCIO_PASSWORD=esap-secret ESAP_RUCIO_REFRESH_SECONDS=1
# Recorded Zooniverse responses (tests/services/setup-panoptes.sh) and its test client id.
export ESAP_ZOONIVERSE_CLIENT_ID=esap-test-client
PANOPTES_STARTED=0
cleanup() {
  stop_bg django; bash "$ROOT/tests/services/oidc/stop-oidc.sh" "$OP_STATE"
  bash "$ROOT/tests/services/rucio/daemons.sh" stop >/dev/null 2>&1 || true
  [ "$PANOPTES_STARTED" = 1 ] && bash "$ROOT/tests/services/stop-panoptes.sh" >/dev/null 2>&1
  return 0
}
trap cleanup EXIT
cleanup
rm -rf "$VAR/esap.sqlite3"*
mkdir -p "$VAR"
port_free "$PORT" || { echo "port $PORT is taken"; ss -ltnp "sport = :$PORT"; exit 1; }
RP_BASE="http://127.0.0.1:$PORT" bash "$ROOT/tests/services/oidc/start-oidc.sh" "$OP_STATE" \
  || { echo "the OpenID provider did not start"; exit 1; }
if ! kill -0 "$(cat "$ROOT/var/panoptes.pid" 2>/dev/null || echo x)" 2>/dev/null; then
  PANOPTES_STARTED=1
  bash "$ROOT/tests/services/setup-panoptes.sh" >"$VAR/panoptes-setup.log" 2>&1 \
    || { cat "$VAR/panoptes-setup.log"; echo "the Panoptes fixture server did not start"; exit 1; }
fi
bash "$ROOT/tests/services/rucio/daemons.sh" start --no-wait >"$VAR/rucio-daemons.log" 2>&1 \
  || { cat "$VAR/rucio-daemons.log"; echo "the Rucio daemons did not start"; exit 1; }
.venv/bin/python manage.py migrate --noinput -v0 || exit 1
.venv/bin/python manage.py load_archives config/local-archives.json || exit 1
.venv/bin/python manage.py createsuperuser --noinput >/dev/null || exit 1
start_bg django "$VAR/django.log" .venv/bin/gunicorn esap.wsgi:application \
  --bind "127.0.0.1:$PORT" --workers 1 --threads 16 --timeout 120
wait_url "http://127.0.0.1:$PORT/api/health/" 30 || { tail -30 "$VAR/django.log"; exit 1; }
cd frontend  # E2E_ONLY=e2e/<spec>.ts runs one spec
E2E_BASE_URL="http://127.0.0.1:$PORT" PLAYWRIGHT_JSON_OUTPUT_NAME="$OUT/e2e.json" \
  npx playwright test ${E2E_ONLY:-}
status=$?
[ $status -eq 0 ] || tail -40 "$VAR/django.log"
exit $status
