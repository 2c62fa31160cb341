"""Browser-less tokens from the loopback OpenID Provider (tests/services/oidc) for Rucio.

    from tests.services.rucio.oidc_token import alice_rucio_token
    jwt = alice_rucio_token("http://127.0.0.1:9400")    # RS256 JWT, aud=rucio, sub=alice, scope=rucio
    requests.get("http://127.0.0.1:28180/accounts/whoami", headers={"X-Rucio-Auth-Token": jwt})

Steps (each usable alone):
  ``login_code``      authorization-code flow by plain HTTP against the OP (login form posted,
                      consent is automatic); the code is taken from the redirect's Location, so
                      nothing has to listen at ``redirect_uri``;
  ``code_to_token``   code -> the login access token (opaque: the OP issues JWTs only for a resource);
  ``exchange``        RFC 8693 token exchange of that token for audience ``rucio`` -> JWT.
``forge_jwt`` signs arbitrary claims with the OP's own key (``op_jwks_file()``) or any
other RSA JWK, for negative tests (wrong audience, expired, foreign key).

The OP's client django-rp only accepts the redirect URI ``$RP_BASE/oidc/callback/`` it was started
with (start-oidc.sh, env RP_BASE); pass the same RP base here.  Needs ``requests`` (and PyJWT +
cryptography for ``forge_jwt``): the project venv has them.
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import secrets
import time
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urljoin, urlparse

import requests

CLIENT_ID, CLIENT_SECRET = "django-rp", "django-rp-secret"
DEFAULT_RP_BASE = "http://127.0.0.1:28999"
TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange"
ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token"
OP_DIR = Path(__file__).resolve().parents[1] / "oidc"
TIMEOUT = 10


class OIDCFlowError(RuntimeError):
    pass


def redirect_uri_for(rp_base: str = DEFAULT_RP_BASE) -> str:
    return rp_base.rstrip("/") + "/oidc/callback/"


def _pkce() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


def login_code(op_base: str, redirect_uri: str, username: str = "alice", password: str = "alice-pw",
               scope: str = "openid", session: requests.Session | None = None) -> tuple[str, str]:
    """Run the authorization-code flow as a browser would, without following the final redirect
    to the RP.  Returns ``(code, pkce_verifier)``."""
    s = session or requests.Session()
    op_base = op_base.rstrip("/")
    state = secrets.token_urlsafe(16)
    verifier, challenge = _pkce()
    response = s.get(f"{op_base}/auth", params={
        "client_id": CLIENT_ID, "response_type": "code", "scope": scope, "redirect_uri": redirect_uri,
        "state": state, "nonce": secrets.token_urlsafe(16),
        "code_challenge": challenge, "code_challenge_method": "S256"}, allow_redirects=False, timeout=TIMEOUT)
    posted = False
    for _ in range(20):
        if response.is_redirect:
            location = urljoin(response.url, response.headers["Location"])
            if location.startswith(redirect_uri):
                query = parse_qs(urlparse(location).query)
                if "error" in query:
                    raise OIDCFlowError(f"OP answered {query}")
                if query.get("state") != [state]:
                    raise OIDCFlowError(f"state mismatch in {location}")
                return query["code"][0], verifier
            response = s.get(location, allow_redirects=False, timeout=TIMEOUT)
            continue
        if response.status_code == 200 and 'id="username"' in response.text and not posted:
            uid = re.search(r"/interaction/([A-Za-z0-9_-]+)", response.url)
            if not uid:
                raise OIDCFlowError(f"login form at unexpected URL {response.url}")
            response = s.post(f"{op_base}/interaction/{uid.group(1)}/login",
                              data={"username": username, "password": password},
                              allow_redirects=False, timeout=TIMEOUT)
            posted = True
            continue
        raise OIDCFlowError(f"unexpected answer {response.status_code} at {response.url}: {response.text[:300]}")
    raise OIDCFlowError("too many redirects")


def _token_request(op_base: str, data: dict[str, str]) -> dict[str, Any]:
    response = requests.post(f"{op_base.rstrip('/')}/token",
                             data={**data, "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET},
                             timeout=TIMEOUT)
    if response.status_code != 200:
        raise OIDCFlowError(f"token endpoint {response.status_code}: {response.text[:300]}")
    return response.json()


def code_to_token(op_base: str, code: str, redirect_uri: str, verifier: str) -> str:
    """Authorization code -> the (opaque) login access token."""
    return _token_request(op_base, {"grant_type": "authorization_code", "code": code,
                                    "redirect_uri": redirect_uri, "code_verifier": verifier})["access_token"]


def exchange(op_base: str, subject_token: str, audience: str = "rucio") -> str:
    """RFC 8693 token exchange -> an access token (JWT) for ``audience``."""
    return _token_request(op_base, {"grant_type": TOKEN_EXCHANGE, "subject_token": subject_token,
                                    "subject_token_type": ACCESS_TOKEN_TYPE,
                                    "audience": audience})["access_token"]


def login_token(op_base: str, rp_base: str = DEFAULT_RP_BASE, username: str = "alice",
                password: str = "alice-pw") -> str:
    redirect_uri = redirect_uri_for(rp_base)
    code, verifier = login_code(op_base, redirect_uri, username, password)
    return code_to_token(op_base, code, redirect_uri, verifier)


def alice_rucio_token(op_base: str, rp_base: str = DEFAULT_RP_BASE) -> str:
    """A JWT access token for Rucio (aud=rucio, scope=rucio, sub=alice) from the OP at ``op_base``
    (started with RP_BASE=``rp_base``): code flow as alice, then token exchange."""
    return exchange(op_base, login_token(op_base, rp_base), "rucio")


def jwt_claims(token: str) -> dict[str, Any]:
    """The payload of a JWT, unverified (for display and assertions)."""
    part = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def op_private_jwk() -> dict[str, Any]:
    """The OP's RS256 signing key (created by server.mjs on first start)."""
    return json.loads(op_jwks_file().read_text())["keys"][0]


def op_jwks_file() -> Path:
    """Where the OP keeps its signing key (start-oidc.sh: one per machine, else per checkout)."""
    if os.environ.get("OP_JWKS_FILE"):
        return Path(os.environ["OP_JWKS_FILE"])
    shared = Path("/var/lib/esap-services/oidc/jwks.json")
    return shared if shared.exists() else OP_DIR / "jwks.json"


def forge_jwt(claims: dict[str, Any], jwk: dict[str, Any] | None = None, **overrides: Any) -> str:
    """An RS256 JWT with ``claims`` (+ ``overrides``; a value None drops the claim), signed with
    ``jwk`` (default: the OP's own key, so only the claims decide).  Defaults iat/exp to now/now+1h."""
    import jwt  # PyJWT
    from jwt.algorithms import RSAAlgorithm

    jwk = jwk or op_private_jwk()
    now = int(time.time())
    body = {"iat": now, "exp": now + 3600, **claims, **overrides}
    body = {k: v for k, v in body.items() if v is not None}
    key = RSAAlgorithm.from_jwk(json.dumps(jwk))
    return jwt.encode(body, key, algorithm="RS256", headers={"kid": jwk.get("kid"), "typ": "at+jwt"})


def new_rsa_jwk(kid: str = "test-rs256") -> dict[str, Any]:
    """A fresh RSA private JWK (same kid as the OP's by default): a signature Rucio must refuse."""
    from cryptography.hazmat.primitives.asymmetric import rsa
    from jwt.algorithms import RSAAlgorithm

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return {**json.loads(RSAAlgorithm.to_jwk(key)), "kid": kid, "alg": "RS256", "use": "sig"}
