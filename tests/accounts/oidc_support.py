"""The loopback OpenID Provider (tests/services/oidc, node oidc-provider) for the OIDC tests:
started by its script, stopped by its PID; helpers for the browser-less code flow."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import requests

ROOT = Path(__file__).resolve().parents[2]
OP_DIR = ROOT / "tests" / "services" / "oidc"
CLIENT_ID, CLIENT_SECRET = "django-rp", "django-rp-secret"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Provider:
    def __init__(self, state_dir: Path, rp_base: str) -> None:
        self.state_dir = state_dir
        self.port = free_port()
        self.issuer = f"http://127.0.0.1:{self.port}"
        self.rp_base = rp_base.rstrip("/")

    def start(self) -> None:
        env = {**os.environ, "OP_PORT": str(self.port), "RP_BASE": self.rp_base}
        subprocess.run(["bash", str(OP_DIR / "start-oidc.sh"), str(self.state_dir)], env=env,
                       check=True, timeout=180, capture_output=True)

    def stop(self) -> None:
        subprocess.run(["bash", str(OP_DIR / "stop-oidc.sh"), str(self.state_dir)], check=False,
                       timeout=30)

    @property
    def log(self) -> str:
        return (self.state_dir / "op.log").read_text()

    def private_jwk(self) -> dict[str, Any]:
        from tests.services.rucio.oidc_token import op_jwks_file
        return json.loads(op_jwks_file().read_text())["keys"][0]


def browser_login(session: requests.Session, base: str, next_path: str = "/",
                  username: str = "alice", password: str = "alice-pw") -> requests.Response:
    """The authorization code flow as a browser does it: start at ESAP, fill the provider's
    login form, follow the redirects back to ESAP."""
    response = session.get(f"{base}/oidc/authenticate/", params={"next": next_path}, timeout=10)
    assert "/interaction/" in response.url, (response.status_code, response.url)
    assert 'id="username"' in response.text
    uid = re.search(r"/interaction/([A-Za-z0-9_-]+)", response.url).group(1)
    login_url = urljoin(response.url, f"/interaction/{uid}/login")
    return session.post(login_url, data={"username": username, "password": password},
                        timeout=10)
