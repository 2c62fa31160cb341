-- Seed :n file DIDs obs_0000000.fits ... with an AVAILABLE replica each on :'rse' into scope
-- :'scope' of the local Rucio (tests/services/setup-rucio.sh), straight into its PostgreSQL:
-- ~5 s for 100,000 instead of ~3 min through the API (/work/shared/services/rucio.md).
--
--   psql -h 127.0.0.1 -p 5433 -U rucio -d rucio -v ON_ERROR_STOP=1 \
--        -v scope=bench -v n=100000 -v rse=SITE-A-DISK -v account=root -f bench/rucio_seed.sql
--
-- bench/rucio.py runs it. The scope must exist first (created through the API as root).
-- Idempotent: existing rows are kept (ON CONFLICT DO NOTHING), other scopes are not touched.
-- Skips what the API would also do (account usage counters, updated_dids, messages); listings
-- behave as for API-created DIDs.
BEGIN;
INSERT INTO dids (scope, name, account, did_type, availability, bytes, adler32, monotonic,
                  hidden, obsolete, suppressed, purge_replicas, transient, is_new,
                  created_at, updated_at)
SELECT :'scope', format('obs_%s.fits', lpad(i::text, 7, '0')), :'account', 'F', 'A', 1000 + i,
       '0cc737eb', false, false, false, false, true, false, true,
       now() AT TIME ZONE 'utc', now() AT TIME ZONE 'utc'
FROM generate_series(0, :n - 1) AS i
ON CONFLICT DO NOTHING;
INSERT INTO replicas (scope, name, rse_id, bytes, adler32, state, lock_cnt, tombstone,
                      created_at, updated_at)
SELECT :'scope', format('obs_%s.fits', lpad(i::text, 7, '0')),
       (SELECT id FROM rses WHERE rse = :'rse' AND deleted = false), 1000 + i, '0cc737eb',
       'A', 0, NULL, now() AT TIME ZONE 'utc', now() AT TIME ZONE 'utc'
FROM generate_series(0, :n - 1) AS i
ON CONFLICT DO NOTHING;
COMMIT;
ANALYZE dids;
ANALYZE replicas;
