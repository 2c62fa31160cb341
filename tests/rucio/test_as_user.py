"""Acting as the user: ESAP exchanges the user's identity-provider token for one with
audience ``rucio`` (accounts.oidc.tokens) and Rucio — configured to trust the loopback
OpenID Provider on 127.0.0.1:9400 — maps it to the user's own account (alice)."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from accounts.oidc import conf, tokens
from rucio_connector import auth
from tests.accounts.oidc_support import CLIENT_ID, CLIENT_SECRET, Provider
from tests.conftest import error_of
from tests.rucio.conftest import RUCIO, drive_transfers, rucio_session
from tests.services.rucio.oidc_token import forge_jwt, login_token, new_rsa_jwk

pytestmark = [pytest.mark.rucio, pytest.mark.django_db(transaction=True)]
OP_PORT = 9400          # the issuer Rucio trusts (tests/services/rucio/idpsecrets.json.in)
RP_BASE = "http://127.0.0.1:28999"
STAGING = "/api/v1/rucio/staging/"


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    op = Provider(tmp_path_factory.mktemp("rucio-op"), RP_BASE)
    op.port, op.issuer = OP_PORT, f"http://127.0.0.1:{OP_PORT}"
    op.start()
    yield op
    op.stop()


@pytest.fixture
def alice(provider, settings, django_user_model, lake) -> APIClient:
    """alice, signed in with the provider once (ESAP keeps her provider tokens)."""
    settings.ESAP_OIDC_ENABLED = True
    settings.OIDC_OP_ISSUER = provider.issuer
    settings.OIDC_RP_CLIENT_ID, settings.OIDC_RP_CLIENT_SECRET = CLIENT_ID, CLIENT_SECRET
    settings.OIDC_TIMEOUT = 10.0
    settings.ESAP_TOKEN_ENCRYPTION_KEY = "x1KQ0d1hLh0bS8m8yH8kGmZrPp4Yq3tGq0l7C5M3sOI="
    conf.reset()
    user = django_user_model.objects.create_user("alice-idp")
    tokens.store(user, {"access_token": login_token(provider.issuer, RP_BASE),
                        "expires_in": 600})
    client = APIClient()
    client.force_authenticate(user)
    client.user = user
    yield client
    conf.reset()


def test_search_and_details_as_the_user(alice):
    response = alice.post("/api/v1/searches/", {
        "datasets": ["rucio-lake-user"], "wait": 30, "include_results": 100,
        "did": {"pattern": "user.alice:*calib*", "type": "dataset"}}, format="json")
    body = response.json()
    assert body["runs"][0]["status"] == "ok", body["runs"][0]["error"]
    assert {r["id"] for r in body["results"]} == {"user.alice:alice_calib_flats_2024",
                                                  "user.alice:alice_calib_darks_2024"}
    detail = alice.get("/api/v1/rucio/rucio-lake-user/dids/user.alice/alice_all/")
    assert detail.status_code == 200 and detail.json()["type"] == "container"


def test_staging_as_the_user_creates_rules_of_her_own_account(alice, fresh_dataset):
    did = fresh_dataset(files=2)
    response = alice.post(STAGING, {"dataset": "rucio-lake-user", "destination": "site-b",
                                    "dids": [did]}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["account"] == "alice"
    rule_id = body["items"][0]["rule_id"]
    rule = rucio_session("root").get(f"{RUCIO}/rules/{rule_id}", timeout=10).json()
    assert rule["account"] == "alice"
    drive_transfers(rule_id)
    assert alice.post(f"{STAGING}{body['id']}/refresh/").json()["state"] == "done"
    cancelled = alice.post(f"{STAGING}{body['id']}/cancel/")
    assert cancelled.status_code == 200, cancelled.content
    assert cancelled.json()["state"] == "cancelled"


def test_a_token_rucio_refuses_is_a_clear_403(alice):
    forged = forge_jwt({"sub": "alice", "aud": "rucio", "scope": "rucio",
                        "iss": f"http://127.0.0.1:{OP_PORT}"}, new_rsa_jwk())
    from query.models import Dataset
    from rucio_connector.config import config_of
    source = auth.UserToken(config_of(Dataset.objects.get(slug="rucio-lake-user")), 10,
                            alice.user)
    auth._remember(source.key(), forged, 600)  # as if the provider had issued it
    response = alice.get("/api/v1/rucio/rucio-lake-user/dids/user.alice/alice_all/")
    assert response.status_code == 403
    error = error_of(response)
    assert error["code"] == "rucio_token_refused" and error["details"]["rucio"] == \
        "CannotAuthenticate"
    assert forged not in response.content.decode()


def test_without_provider_tokens_the_user_is_asked_to_sign_in(provider, settings, lake,
                                                              user_api):
    settings.ESAP_OIDC_ENABLED = True
    settings.OIDC_OP_ISSUER = provider.issuer
    local_only = user_api("carol")
    response = local_only.get("/api/v1/rucio/rucio-lake-user/dids/user.alice/alice_all/")
    assert response.status_code == 401 and error_of(response)["code"] == "login_required"
