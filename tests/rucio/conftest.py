"""The Rucio suites run against the real Rucio 41 server provisioned by
tests/services/setup-rucio.sh (http://127.0.0.1:28180, seeded data in
tests/services/rucio/README.md). Rules are pushed to OK by the mock-transfer daemons run
in-process (tests/services/rucio/drive_transfers.py). Never skipped: a missing server fails."""

from __future__ import annotations

import subprocess
import sys
import uuid
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import requests
from rest_framework.test import APIClient

from rucio_connector import auth, connector

RUCIO = "http://127.0.0.1:28180"
ROOT = Path(__file__).resolve().parents[2]
DRIVER = ROOT / "tests" / "services" / "rucio" / "drive_transfers.py"
ACCOUNTS = {"root": ("ddmlab", "secret"), "esap": ("esap", "esap-secret"),
            "alice": ("alice", "alice-secret"), "bob": ("bob", "bob-secret")}


def rucio_session(account: str) -> requests.Session:
    """A plain REST session as ``account``: the independent view of Rucio the tests check
    the gateway against."""
    username, password = ACCOUNTS[account]
    response = requests.get(f"{RUCIO}/auth/userpass", timeout=10, headers={
        "X-Rucio-Account": account, "X-Rucio-Username": username,
        "X-Rucio-Password": password})
    assert response.status_code == 200, response.text
    session = requests.Session()
    session.headers["X-Rucio-Auth-Token"] = response.headers["X-Rucio-Auth-Token"]
    return session


def ndjson(response: requests.Response) -> list[dict[str, Any]]:
    import json
    assert response.status_code == 200, response.text
    return [json.loads(line) for line in response.text.splitlines() if line.strip()]


def drive_transfers(*rule_ids: str, timeout: int = 90) -> None:
    """Run the judge/conveyor daemons once, in-process, until the rules are OK."""
    result = subprocess.run([sys.executable, str(DRIVER), "--timeout", str(timeout), *rule_ids],
                            capture_output=True, text=True, timeout=timeout + 60)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="session")
def rucio_server() -> str:
    try:
        answer = requests.get(f"{RUCIO}/ping", timeout=5)
    except requests.RequestException as exc:
        pytest.fail(f"Rucio is not running on {RUCIO} (tests/services/setup-rucio.sh): {exc}")
    assert answer.status_code == 200
    return RUCIO


@pytest.fixture
def lake(local_archives, rucio_server) -> str:
    """The local archives, including the Rucio datasets rucio-lake (service account esap)
    and rucio-lake-user (acting as the user); no cached tokens or scopes from other tests."""
    auth.forget_all()
    connector._scopes.clear()
    return "rucio-lake"


@pytest.fixture
def root_rucio(rucio_server) -> requests.Session:
    return rucio_session("root")


@pytest.fixture
def fresh_dataset(root_rucio) -> Callable[..., str]:
    """A new dataset test:esap_<random> of ``files`` files with replicas on SITE-A-DISK
    (catalogue only: the mock transfer tool copies no bytes), so staging starts from
    REPLICATING on every run."""
    def make(files: int = 3, scope: str = "test") -> str:
        name = f"esap_{uuid.uuid4().hex[:10]}"
        entries = []
        for index in range(files):
            data = f"{name} {index}\n".encode()
            entries.append({"scope": scope, "name": f"{name}.f{index}.fits", "bytes": len(data),
                            "adler32": "%08x" % (zlib.adler32(data) & 0xFFFFFFFF)})
        response = root_rucio.post(f"{RUCIO}/replicas", json={"rse": "SITE-A-DISK",
                                                             "files": entries}, timeout=20)
        assert response.status_code == 201, response.text
        response = root_rucio.post(f"{RUCIO}/dids/{scope}/{name}", timeout=20,
                                   json={"type": "DATASET", "meta": {"telescope": "TEST"}})
        assert response.status_code == 201, response.text
        response = root_rucio.post(f"{RUCIO}/dids/{scope}/{name}/dids", timeout=20, json={
            "dids": [{"scope": e["scope"], "name": e["name"]} for e in entries]})
        assert response.status_code == 201, response.text
        return f"{scope}:{name}"
    return make


@pytest.fixture
def user_api(django_user_model) -> Callable[[str], APIClient]:
    def make(username: str) -> APIClient:
        user = django_user_model.objects.create_user(username, password="pw-" + username)
        client = APIClient()
        client.force_authenticate(user)
        client.user = user
        return client
    return make
