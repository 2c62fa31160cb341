#!/usr/bin/env python3
"""Check that the loopback Rucio server (setup-rucio.sh) trusts the loopback OpenID Provider.

    /work/main/.venv/bin/python tests/services/rucio/check_oidc.py [--keep-op]

Starts the OP (tests/services/oidc/start-oidc.sh, temp state dir, OP_PORT=9400,
RP_BASE=http://127.0.0.1:28999) -- before that, JWTs sent while the OP is down (a failed discovery
must not be cached: the checks with the OP up must pass) -- then gets alice's Rucio token with no browser
(code flow by HTTP + token exchange for audience rucio) and sends it unchanged as
X-Rucio-Auth-Token: whoami must answer account alice and listing user.alice DIDs must work.
Negative checks, all 401 CannotAuthenticate: the opaque login token, garbage, a JWT signed by the
OP's key but for another audience / already expired / without the rucio scope / for an unknown
subject, and a JWT with the right claims signed by a foreign key.  Stops the OP.  Exit 0 = all ok.
Env: RUCIO_URL (default http://127.0.0.1:28180), OP_PORT (default 9400; Rucio trusts the issuer
http://127.0.0.1:$OP_PORT only if setup-rucio.sh ran with the same RUCIO_OIDC_ISSUER).
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from oidc_token import (  # noqa: E402
    alice_rucio_token,
    forge_jwt,
    jwt_claims,
    login_token,
    new_rsa_jwk,
    op_jwks_file,
)

RUCIO = os.environ.get("RUCIO_URL", "http://127.0.0.1:28180").rstrip("/")
OP_PORT = int(os.environ.get("OP_PORT", "9400"))
OP = f"http://127.0.0.1:{OP_PORT}"
RP_BASE = "http://127.0.0.1:28999"
OIDC_DIR = HERE.parent / "oidc"

failures: list[str] = []


def check(label: str, ok: bool, detail: str = "") -> None:
    print(f"{'ok  ' if ok else 'FAIL'} {label}{': ' + detail if detail else ''}")
    if not ok:
        failures.append(label)


def rucio_get(path: str, token: str, **kw) -> requests.Response:
    # whoami (a redirect to /accounts/<account>) answers JSON, listings NDJSON: */* suits both
    return requests.get(f"{RUCIO}{path}", headers={"X-Rucio-Auth-Token": token, "Accept": "*/*"},
                        timeout=30, **kw)


def refused(label: str, token: str) -> None:
    t0 = time.monotonic()
    r = rucio_get("/accounts/whoami", token)
    cls = r.headers.get("ExceptionClass", "")
    check(f"refused: {label}", r.status_code == 401 and cls == "CannotAuthenticate",
          f"{r.status_code} {cls} ({time.monotonic() - t0:.2f}s)")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--keep-op", action="store_true", help="leave the OP running (prints its state dir)")
    args = ap.parse_args()

    r = requests.get(f"{RUCIO}/ping", timeout=5)
    print(f"rucio {RUCIO} ping {r.status_code} {r.text.strip()}")
    op_up = subprocess.run(["curl", "-fsS", "-m", "2", f"{OP}/.well-known/openid-configuration"],
                           capture_output=True).returncode == 0
    if op_up:
        print(f"an OP already answers on {OP}: not starting one (and not stopping it)")
    else:
        # A gunicorn worker that has not loaded the OP yet tries discovery, fails and refuses (401);
        # nothing is cached, so the checks below (OP up) must pass.  A worker that already loaded the
        # OP keeps its JWKS (12 h) and validates locally even while the OP is down (200).
        if op_jwks_file().exists():
            for _ in range(4):   # new connection each time: reaches both gunicorn workers (likely)
                r = rucio_get("/accounts/whoami", forge_jwt({"iss": OP, "sub": "alice", "aud": "rucio", "scope": "rucio"}))
                print(f"info JWT signed with the OP's key while the OP is down: {r.status_code} "
                      + ("(this worker has the OP's keys cached)" if r.status_code == 200 else r.headers.get("ExceptionClass", "")))
        refused("foreign-key JWT while the OP is down",
                forge_jwt({"iss": OP, "sub": "alice", "aud": "rucio", "scope": "rucio"}, new_rsa_jwk()))

    state = Path(tempfile.mkdtemp(prefix="check-oidc-"))
    env = {**os.environ, "OP_PORT": str(OP_PORT), "RP_BASE": RP_BASE}
    started = False
    try:
        if not op_up:
            t0 = time.monotonic()
            p = subprocess.run(["bash", str(OIDC_DIR / "start-oidc.sh"), str(state)], env=env,
                               capture_output=True, text=True, timeout=180)
            print(f"start-oidc.sh: {p.stdout.strip()} ({time.monotonic() - t0:.1f}s)")
            if p.returncode:
                print(p.stderr)
                return 1
            started = True

        t0 = time.monotonic()
        token = alice_rucio_token(OP, RP_BASE)
        c = jwt_claims(token)
        print(f"alice token ({time.monotonic() - t0:.2f}s): iss={c['iss']} sub={c['sub']} aud={c['aud']} "
              f"scope={c.get('scope')} exp-iat={c['exp'] - c['iat']}s act={c.get('act')}")

        t0 = time.monotonic()
        r = rucio_get("/accounts/whoami", token, allow_redirects=True)
        dt = time.monotonic() - t0
        who = r.json() if r.status_code == 200 else {}
        check("whoami with the exchanged JWT", r.status_code == 200 and who.get("account") == "alice",
              f"{r.status_code} account={who.get('account')} ({dt:.2f}s, first use = discovery + validation)")
        for _ in range(3):
            t0 = time.monotonic()
            r = rucio_get("/accounts/whoami", token)
            check("whoami again (token now known to Rucio)", r.status_code == 200 and r.json().get("account") == "alice",
                  f"{r.status_code} ({time.monotonic() - t0:.3f}s)")
        for _ in range(3):   # fresh tokens: validated by discovery+JWKS, not found in Rucio's DB
            r = rucio_get("/accounts/whoami", forge_jwt({"iss": OP, "sub": "alice", "aud": "rucio", "scope": "rucio"}))
            check("whoami with a fresh OP-signed JWT", r.status_code == 200 and r.json().get("account") == "alice",
                  str(r.status_code))
        r = rucio_get("/dids/user.alice/dids/search?type=all&name=*calib*", token)
        names = sorted(line.strip().strip('"') for line in r.text.splitlines() if line.strip())
        check("list user.alice DIDs", r.status_code == 200 and "alice_calib_flats_2024" in names,
              f"{r.status_code} {len(names)} DIDs, e.g. {names[:3]}")
        r = requests.post(f"{RUCIO}/replicas/list", headers={"X-Rucio-Auth-Token": token}, timeout=30,
                          json={"dids": [{"scope": "user.alice", "name": "alice_calib_flats_2024"}], "schemes": ["http"]})
        check("list replicas (http)", r.status_code == 200 and "http://127.0.0.1:" in r.text,
              f"{r.status_code} {len(r.text.splitlines())} files")

        # negative cases
        refused("opaque login access token", login_token(OP, RP_BASE))
        refused("garbage", "not-a-token")
        refused("garbage with 3 parts", "aaa.bbb.ccc")
        base = {"iss": OP, "sub": "alice", "aud": "rucio", "scope": "rucio"}
        refused("JWT for another audience", forge_jwt(base, aud="other-service"))
        refused("expired JWT", forge_jwt(base, iat=int(time.time()) - 7200, exp=int(time.time()) - 3600))
        refused("JWT without the rucio scope", forge_jwt(base, scope="openid"))
        refused("JWT for an unknown subject", forge_jwt(base, sub="mallory"))
        refused("JWT from an untrusted issuer", forge_jwt(base, iss="http://127.0.0.1:9401"))
        refused("right claims, foreign signing key", forge_jwt(base, new_rsa_jwk()))
        refused("right claims, signature stripped (alg none)",
                ".".join(forge_jwt(base).split(".")[:2]) + ".")
    finally:
        if started and not args.keep_op:
            subprocess.run(["bash", str(OIDC_DIR / "stop-oidc.sh"), str(state)], timeout=30)
            print("OP stopped")
            shutil.rmtree(state, ignore_errors=True)
        elif not started:
            shutil.rmtree(state, ignore_errors=True)
        elif started:
            print(f"OP left running: state dir {state} (stop: tests/services/oidc/stop-oidc.sh {state})")
    print("ALL OK" if not failures else f"FAILED: {failures}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
