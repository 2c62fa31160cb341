#!/usr/bin/env bash
# The scaled profile: PostgreSQL, Redis broker, Celery workers, several gunicorn processes.
# Runs tests/system against it over HTTP, then stops what it started (by PID).
set -uo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
OUT=${1:-$ROOT/var/test-results}
REPORT=${2:-pytest-scaled.xml}
PORT=${ESAP_SCALED_PORT:-28001}
DBNAME=esap_scaled_test
PIDDIR=$ROOT/var/scaled/pids
source tests/server.sh
mkdir -p "$OUT" "$ROOT/var/scaled"

export ESAP_ENV=production DEBUG=0 SECRET_KEY=scaled-profile-test-secret-not-for-production
export ALLOWED_HOSTS=127.0.0.1,localhost ESAP_VAR_DIR=$ROOT/var/scaled
export DATABASE_URL=postgres://postgres@127.0.0.1:5432/$DBNAME
export CELERY_BROKER_URL=${ESAP_SCALED_BROKER:-redis://127.0.0.1:6379/5}
export ESAP_THROTTLE_ANON=100000/hour CACHE_URL=redis://127.0.0.1:6379/6
# The local Rucio's service account (a test credential); staging refreshes every second.
export ESAP_RUCIO_PASSWORD=esap-secret ESAP_RUCIO_REFRESH_SECONDS=1
# Recorded Zooniverse responses (started by tests/run-all.sh or setup-panoptes.sh).
export ESAP_ZOONIVERSE_CLIENT_ID=esap-test-client ESAP_ZOONIVERSE_REFRESH_SECONDS=1

cleanup() { stop_bg gunicorn; stop_bg celery; }
trap cleanup EXIT
cleanup

port_free "$PORT" || { echo "port $PORT is taken"; ss -ltnp "sport = :$PORT"; exit 1; }
psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS $DBNAME" \
  -c "CREATE DATABASE $DBNAME" || exit 1
.venv/bin/python manage.py migrate --noinput -v0 || exit 1
.venv/bin/python manage.py load_archives config/local-archives.json || exit 1
# A user with a read-write API token, for the staging tests (scripts use the API like this).
ESAP_SYSTEM_TOKEN=$(.venv/bin/python manage.py shell -c "
from django.contrib.auth import get_user_model
from accounts.services.tokens import create_token
user = get_user_model().objects.create_user('scaled-user', password='scaled-user-pw')
print(create_token(user, name='system tests', scope='read-write')[1])" | tail -n 1) || exit 1
export ESAP_SYSTEM_TOKEN

start_bg celery "$ROOT/var/scaled/celery.log" .venv/bin/celery -A esap worker \
  --pool threads --concurrency 16 --loglevel INFO --without-gossip --without-mingle
start_bg gunicorn "$ROOT/var/scaled/gunicorn.log" .venv/bin/gunicorn esap.wsgi:application \
  --bind "127.0.0.1:$PORT" --workers 3 --threads 4 --timeout 120
if ! wait_url "http://127.0.0.1:$PORT/api/health/" 60 '"broker":{"ok":true'; then
  echo "scaled profile did not come up"; tail -30 "$ROOT/var/scaled/gunicorn.log"
  tail -30 "$ROOT/var/scaled/celery.log"; exit 1
fi
ESAP_SYSTEM_URL="http://127.0.0.1:$PORT" .venv/bin/python -m pytest -q -p no:cacheprovider \
  -m system --junitxml="$OUT/$REPORT" tests/system
status=$?
[ $status -eq 0 ] || { tail -40 "$ROOT/var/scaled/celery.log"; tail -40 "$ROOT/var/scaled/gunicorn.log"; }
exit $status
