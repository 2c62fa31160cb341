"""Signing in with a Zooniverse account: the password grant, encrypted tokens, refresh."""

from __future__ import annotations

import logging

import pytest
from django.db import connection

from tests.conftest import error_of
from tests.zooniverse.conftest import DATASET, sign_in, user_api
from zooniverse_connector.models import ZooniverseAccount

pytestmark = pytest.mark.django_db
ACCOUNT = f"/api/v1/zooniverse/{DATASET}/account/"
PASSWORD = "owner-pw"


def test_sign_in_stores_an_encrypted_token_and_never_the_password(
        django_user_model, zoo, panoptes, caplog):
    client = user_api(django_user_model, "alice")
    assert client.get(ACCOUNT).json() == {"connected": False, "login": None,
                                          "expires_at": None}
    caplog.set_level(logging.DEBUG)
    response = sign_in(client, "owner", PASSWORD)
    assert response.status_code == 200, response.content
    assert response.json()["connected"] is True and response.json()["login"] == "owner"
    status = client.get(ACCOUNT).json()
    assert status["connected"] is True and status["login"] == "owner" and status["expires_at"]
    # the grant went to oauth_url, in the body
    grant = [r for r in panoptes.requests if r[1] == "/oauth/token"]
    assert len(grant) == 1 and grant[0][2] == {}
    account = ZooniverseAccount.objects.get(user=client.user)
    assert account.panoptes_user_id == "501"
    issued = next(t for t in panoptes.state.tokens)
    assert issued.encode() not in bytes(account.access_token)  # encrypted
    # the password is nowhere: not in any table, not in the logs
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        for table in tables:
            cursor.execute(f'SELECT * FROM "{table}"')
            for row in cursor.fetchall():
                for value in row:
                    raw = bytes(value) if isinstance(value, (bytes, memoryview)) \
                        else str(value).encode()
                    assert PASSWORD.encode() not in raw, table
    assert PASSWORD not in caplog.text
    assert issued not in caplog.text


def test_refused_credentials_are_400_and_store_nothing(django_user_model, zoo, caplog):
    client = user_api(django_user_model, "bob")
    caplog.set_level(logging.DEBUG)
    response = sign_in(client, "owner", "wrong-password")
    assert response.status_code == 400
    assert error_of(response)["code"] == "zooniverse_login_failed"
    assert not ZooniverseAccount.objects.exists()
    assert "wrong-password" not in caplog.text


def test_sign_in_needs_an_esap_user_and_a_body(api, django_user_model, zoo):
    assert sign_in(api, "owner", PASSWORD).status_code in (401, 403)
    assert api.get(ACCOUNT).status_code in (401, 403)
    client = user_api(django_user_model, "carol")
    response = client.post(ACCOUNT, {"login": "owner"}, format="json")
    assert response.status_code == 400 and error_of(response)["field"] == "password"
    # never in the URL: a password in the query string is not read
    response = client.post(f"{ACCOUNT}?login=owner&password={PASSWORD}", {}, format="json")
    assert response.status_code == 400


def test_sign_in_disabled_without_a_client_id(django_user_model, zoo, monkeypatch):
    monkeypatch.delenv("ESAP_ZOONIVERSE_CLIENT_ID")
    client = user_api(django_user_model, "dave")
    response = sign_in(client, "owner", PASSWORD)
    assert response.status_code == 409
    assert error_of(response)["code"] == "zooniverse_sign_in_disabled"


def test_sign_out_forgets_the_token(django_user_model, zoo):
    client = user_api(django_user_model, "erin")
    sign_in(client, "owner", PASSWORD)
    assert client.delete(ACCOUNT).status_code == 204
    assert client.get(ACCOUNT).json()["connected"] is False
    assert not ZooniverseAccount.objects.exists()


def test_expired_token_is_refreshed(django_user_model, zoo, panoptes):
    client = user_api(django_user_model, "frank")
    sign_in(client, "owner", PASSWORD)
    panoptes.token_lifetime = 30  # already inside the expiry margin
    sign_in(client, "owner", PASSWORD)
    panoptes.token_lifetime = 7200
    before = bytes(ZooniverseAccount.objects.get().access_token)
    response = client.get(f"/api/v1/zooniverse/{DATASET}/projects/1001/")
    assert response.json()["owner"] is True
    grants = [r for r in panoptes.requests if r[1] == "/oauth/token"]
    assert len(grants) == 3  # two sign-ins, one refresh
    assert bytes(ZooniverseAccount.objects.get().access_token) != before


def test_refused_refresh_means_signing_in_again(django_user_model, zoo, panoptes):
    client = user_api(django_user_model, "gina")
    panoptes.token_lifetime = 30
    sign_in(client, "owner", PASSWORD)
    panoptes.state.refresh.clear()  # Panoptes revoked the refresh token
    response = client.post(f"/api/v1/zooniverse/{DATASET}/projects/1001/exports/",
                           {"kind": "classifications"}, format="json")
    assert response.status_code == 401
    assert error_of(response)["code"] == "zooniverse_login_required"
    assert not ZooniverseAccount.objects.exists()
