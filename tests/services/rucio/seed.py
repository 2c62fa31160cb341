"""Seed deterministic ESAP test data into the Rucio server started by setup-rucio.sh.

Run with the venv python and the CLIENT config (setup-rucio.sh does this):
    RUCIO_CONFIG=$BASE/etc/client.cfg TMPDIR=$BASE/tmp URL=... BASE=... $BASE/venv/bin/python seed.py
Idempotent: "already exists" errors are ignored.  Replicas are registered as root (the generic
policy lets non-admins add replicas only on *SCRATCHDISK/*USERDISK/... RSEs) and real bytes are
written at each replica's file:// PFN so `rucio download` works.
"""
import hashlib
import os
import zlib
from urllib.parse import urlparse

from rucio.client import Client

U, B = os.environ['URL'], os.environ['BASE']
# OpenID Provider whose JWTs Rucio trusts ([oidc] in rucio.cfg, etc/idpsecrets.json) and the
# static file server that makes replicas browser-downloadable (http protocol, read only).
OIDC_ISSUER = os.environ.get('OIDC_ISSUER', 'http://127.0.0.1:9400')
HTTP_HOST, HTTP_PORT = '127.0.0.1', int(os.environ.get('HTTP_PORT', '28181'))
ROOT_USER, ROOT_PASS = os.environ.get('ROOT_USER', 'ddmlab'), os.environ.get('ROOT_PASS', 'secret')

# account -> (type, userpass username, password)
ACCOUNTS = {
    'esap': ('SERVICE', 'esap', 'esap-secret'),
    'alice': ('USER', 'alice', 'alice-secret'),
    'bob': ('USER', 'bob', 'bob-secret'),
}
SCOPES = {'user.alice': 'alice', 'user.bob': 'bob', 'test': 'root', 'calib': 'root'}
RSES = {
    'SITE-A-DISK': {'site': 'SITE-A', 'type': 'DISK', 'region': 'north', 'tier': 1, 'label': 'Site A disk'},
    'SITE-B-DISK': {'site': 'SITE-B', 'type': 'DISK', 'region': 'south', 'tier': 2, 'label': 'Site B disk'},
    'COMPUTE-NEAR-DISK': {'site': 'COMPUTE', 'type': 'DISK', 'region': 'north', 'tier': 2,
                          'compute_near': True, 'label': 'Disk next to the compute cluster'},
}
DISTANCES = {('SITE-A-DISK', 'SITE-B-DISK'): 2, ('SITE-A-DISK', 'COMPUTE-NEAR-DISK'): 1,
             ('SITE-B-DISK', 'COMPUTE-NEAR-DISK'): 3}

# (scope, dataset, owner, meta, n_files, file prefix, rses holding the files, containers)
DATASETS = [
    ('user.alice', 'alice_calib_flats_2024', 'alice',
     {'datatype': 'CALIB', 'telescope': 'LOFAR', 'calib_type': 'flat', 'obs_year': 2024}, 4, 'flat', ['SITE-A-DISK'],
     ['alice_calib_container']),
    ('user.alice', 'alice_calib_darks_2024', 'alice',
     {'datatype': 'CALIB', 'telescope': 'LOFAR', 'calib_type': 'dark', 'obs_year': 2024}, 3, 'dark', ['SITE-A-DISK'],
     ['alice_calib_container']),
    ('user.alice', 'alice_obs_raw_001', 'alice',
     {'datatype': 'RAW', 'telescope': 'LOFAR', 'run_number': 1, 'obs_year': 2025}, 5, 'obs', ['SITE-A-DISK', 'SITE-B-DISK'],
     ['alice_all']),
    ('user.bob', 'bob_calib_bias', 'bob',
     {'datatype': 'CALIB', 'telescope': 'WSRT', 'calib_type': 'bias', 'obs_year': 2023}, 3, 'bias', ['SITE-B-DISK'], []),
    ('user.bob', 'bob_images_m31', 'bob',
     {'datatype': 'IMAGE', 'telescope': 'WSRT', 'target': 'M31', 'obs_year': 2023}, 4, 'img', ['SITE-B-DISK'], []),
    ('test', 'test_dataset_small', 'root',
     {'datatype': 'RAW', 'telescope': 'TEST', 'run_number': 42}, 2, 'small', ['SITE-A-DISK'], ['test_container']),
    ('calib', 'master_calib_2024', 'root',
     {'datatype': 'CALIB', 'telescope': 'LOFAR', 'calib_type': 'master', 'obs_year': 2024}, 3, 'master', ['SITE-A-DISK', 'COMPUTE-NEAR-DISK'],
     []),
]
DATATYPES = ('RAW', 'CALIB', 'IMAGE', 'AOD')


def ok(f, *a, **k):
    try:
        return f(*a, **k)
    except Exception as e:  # idempotent re-runs
        if not any(w in type(e).__name__ for w in ('Duplicate', 'AlreadyExists', 'FileAlreadyExists')):
            raise


def client(account, user, pw):
    return Client(rucio_host=U, auth_host=U, account=account, auth_type='userpass',
                  creds={'username': user, 'password': pw})


root = client('root', ROOT_USER, ROOT_PASS)
for acc, (typ, user, pw) in ACCOUNTS.items():
    ok(root.add_account, acc, typ, f'{acc}@localhost')
    ok(root.add_identity, account=acc, identity=user, authtype='USERPASS', email=f'{acc}@localhost',
       password=pw, default=True)
# OIDC: Rucio maps a JWT to the identity 'SUB=<sub>, ISS=<iss>' (rucio.core.oidc.oidc_identity_string)
# and uses that identity's DEFAULT account.  The test OP's user alice has sub 'alice'.
OIDC_IDENTITIES = {'alice': ('alice', 'alice@example.org')}   # account -> (sub, email)
for acc, (sub, email) in OIDC_IDENTITIES.items():
    ok(root.add_identity, account=acc, identity=f'SUB={sub}, ISS={OIDC_ISSUER}', authtype='OIDC',
       email=email, default=True)
for scope, acc in SCOPES.items():
    ok(root.add_scope, acc, scope)
for rse, attrs in RSES.items():
    os.makedirs(f'{B}/rse/{rse}', exist_ok=True)
    ok(root.add_rse, rse)
    ok(root.add_protocol, rse, {
        'scheme': 'file', 'hostname': 'localhost', 'port': 0, 'prefix': f'{B}/rse/{rse}/',
        'impl': 'rucio.rse.protocols.posix.Default',
        'domains': {'lan': {'read': 1, 'write': 1, 'delete': 1},
                    'wan': {'read': 1, 'write': 1, 'delete': 1,
                            'third_party_copy_read': 1, 'third_party_copy_write': 1}}})
    # read-only http door onto the same directory: http://127.0.0.1:28181/<RSE>/<hash path> is
    # served by setup-rucio.sh's static file server (python3 -m http.server --directory $BASE/rse).
    # Priority 2 and no write/delete/third-party-copy: uploads, seeding and (mock) transfers keep
    # using the file protocol; list_replicas(schemes=['http']) gives browser-downloadable URLs.
    ok(root.add_protocol, rse, {
        'scheme': 'http', 'hostname': HTTP_HOST, 'port': HTTP_PORT, 'prefix': f'/{rse}/',
        'impl': 'rucio.rse.protocols.webdav.Default',
        'domains': {'lan': {'read': 2, 'write': 0, 'delete': 0},
                    'wan': {'read': 2, 'write': 0, 'delete': 0,
                            'third_party_copy_read': 0, 'third_party_copy_write': 0}}})
    for k, v in attrs.items():
        ok(root.add_rse_attribute, rse, k, v)
    for acc in ('root', *ACCOUNTS):
        root.set_local_account_limit(acc, rse, 10 ** 12)
for (a, b), d in DISTANCES.items():
    ok(root.add_distance, a, b, {'distance': d})
    ok(root.add_distance, b, a, {'distance': d})
ok(root.add_key, 'datatype', 'ALL')
for v in DATATYPES:
    ok(root.add_value, 'datatype', v)

clients = {'root': root}
for acc, (_, user, pw) in ACCOUNTS.items():
    clients[acc] = client(acc, user, pw)

for scope, ds, owner, meta, n, prefix, rses, containers in DATASETS:
    c = clients[owner]
    files = []
    for i in range(n):
        data = f'{scope}:{ds} {prefix} {i}\n'.encode() * 8
        files.append({'scope': scope, 'name': f'{ds}.{prefix}_{i:04d}.fits', 'bytes': len(data),
                      'adler32': '%08x' % (zlib.adler32(data) & 0xffffffff), 'md5': hashlib.md5(data).hexdigest(),
                      'meta': {'events': 10 * i}, '_data': data})
    reg = [{k: v for k, v in f.items() if k != '_data'} for f in files]
    for rse in rses:
        ok(root.add_replicas, rse, reg)
    simple = {k: v for k, v in meta.items() if k == 'datatype'}
    ok(c.add_dataset, scope, ds, meta=simple)
    c.set_metadata_bulk(scope, ds, {k: v for k, v in meta.items() if k != 'datatype'})
    ok(c.attach_dids, scope, ds, [{'scope': scope, 'name': f['name']} for f in files])
    for cont in containers:
        ok(c.add_container, scope, cont)
        ok(c.attach_dids, scope, cont, [{'scope': scope, 'name': ds}])
    # write the bytes at each replica's PFN (catalogue + disk agree)
    data_by_name = {f['name']: f['_data'] for f in files}
    for rep in root.list_replicas([{'scope': scope, 'name': f['name']} for f in files], schemes=['file']):
        for pfn in rep['pfns']:
            path = urlparse(pfn).path
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, 'wb') as fh:
                fh.write(data_by_name[rep['name']])
# nested container: user.alice:alice_all holds alice_calib_container too
ok(clients['alice'].attach_dids, 'user.alice', 'alice_all', [{'scope': 'user.alice', 'name': 'alice_calib_container'}])

n = 0
for scope in SCOPES:
    n += sum(1 for _ in root.list_dids(scope, {'name': '*'}, did_type='all'))
print(f'seed: {len(ACCOUNTS) + 1} accounts, {len(SCOPES)} scopes, {len(RSES)} RSEs, {n} DIDs')
