"""Personal API tokens: shown once, stored hashed, listed without secrets, scoped, revocable,
expiring, never logged."""

from __future__ import annotations

import hashlib
import logging
from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import ApiToken
from accounts.services import tokens
from tests.accounts.conftest import add, item, token_client
from tests.conftest import error_of

pytestmark = pytest.mark.django_db

TOKENS = "/api/v1/tokens/"


def create(client: APIClient, **body) -> dict:
    body.setdefault("name", "notebook")
    body.setdefault("scope", "read")
    response = client.post(TOKENS, body, format="json")
    assert response.status_code == 201, response.content
    assert response["Cache-Control"] == "no-store"
    return response.json()


def test_creation_shows_the_secret_once_and_stores_only_its_hash(alice_api, alice):
    created = create(alice_api, name="my laptop", scope="read-write", expires_in_days=30)
    secret = created["token"]
    assert secret.startswith("esap_") and len(secret) >= 40
    assert created["prefix"] == secret[:13] and created["revoked"] is False
    assert created["scope"] == "read-write" and created["last_used_at"] is None
    lifetime = timezone.datetime.fromisoformat(created["expires_at"]) - timezone.now()
    assert timedelta(days=29) < lifetime <= timedelta(days=30)
    stored = ApiToken.objects.get(pk=created["id"])
    assert stored.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str([getattr(stored, f.attname) for f in ApiToken._meta.fields])
    listing = alice_api.get(TOKENS)
    assert listing.status_code == 200
    assert secret.encode() not in listing.content and stored.key_hash.encode() not in \
        listing.content
    assert listing.json() == [{key: value for key, value in created.items() if key != "token"}]


def test_default_lifetime_and_input_validation(alice_api):
    created = create(alice_api)
    lifetime = timezone.datetime.fromisoformat(created["expires_at"]) - timezone.now()
    assert timedelta(days=89) < lifetime <= timedelta(days=90)
    for body, field in (({"name": "x", "scope": "admin"}, "scope"),
                        ({"name": "x", "scope": "read", "expires_in_days": 0}, "expires_in_days"),
                        ({"name": "x", "scope": "read", "expires_in_days": 366},
                         "expires_in_days"),
                        ({"scope": "read"}, "name")):
        response = alice_api.post(TOKENS, body, format="json")
        assert response.status_code == 400 and error_of(response)["field"] == field


def test_bearer_token_reads_the_basket_and_profile(alice, alice_api, datasets, make_token):
    add(alice_api, item("1"))
    client = token_client(make_token(alice, "read"))
    basket = client.get("/api/v1/basket/items/")
    assert basket.status_code == 200 and basket.json()["count"] == 1
    assert client.get("/api/v1/profile/").json()["username"] == "alice"
    assert client.get("/api/v1/auth/session/").json()["authenticated"] is True
    assert client.get("/api/v1/basket/export/", {"format": "csv"}).status_code == 200


def test_read_scope_cannot_write(alice, datasets, make_token):
    client = token_client(make_token(alice, "read"))
    for method, url, body in (("post", "/api/v1/basket/items/", item("1")),
                              ("delete", "/api/v1/basket/items/", None),
                              ("patch", "/api/v1/profile/", {"default_staging_destination": "x"}),
                              ("post", "/api/v1/searches/", {"cone": {"ra": 1, "dec": 1,
                                                                      "radius": 0.1}})):
        response = getattr(client, method)(url, body, format="json")
        assert response.status_code == 403, (method, url)
        assert error_of(response)["code"] == "insufficient_scope"
        assert 'error="insufficient_scope"' in response["WWW-Authenticate"]


def test_read_write_scope_writes(alice, datasets, make_token):
    client = token_client(make_token(alice, "read-write"))
    assert add(client, item("1")).status_code == 201
    assert client.patch("/api/v1/profile/", {"default_staging_destination": "rucio:X"},
                        format="json").status_code == 200


def test_tokens_cannot_manage_tokens(alice, make_token):
    client = token_client(make_token(alice, "read-write"))
    response = client.post(TOKENS, {"name": "more", "scope": "read-write"}, format="json")
    assert response.status_code == 403 and error_of(response)["code"] == "session_required"
    own = ApiToken.objects.get(user=alice)
    assert client.delete(f"{TOKENS}{own.pk}/").status_code == 403
    assert client.get(TOKENS).status_code == 200  # listing is harmless


@pytest.mark.parametrize("header, message", [
    ("Bearer esap_not-a-real-token", "Invalid token."),
    ("Bearer something-else", "Invalid token."),
    ("Bearer", "Malformed Authorization header: use 'Bearer <token>'."),
    ("Bearer a b", "Malformed Authorization header: use 'Bearer <token>'."),
])
def test_unknown_or_malformed_tokens_are_401(header, message, datasets):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    response = client.get("/api/v1/basket/items/")
    assert response.status_code == 401
    assert error_of(response) == {"code": "authentication_failed", "message": message}
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_revoked_tokens_are_rejected(alice, alice_api):
    created = create(alice_api, scope="read")
    client = token_client(created["token"])
    assert client.get("/api/v1/profile/").status_code == 200
    assert alice_api.delete(f"{TOKENS}{created['id']}/").status_code == 204
    assert alice_api.delete(f"{TOKENS}{created['id']}/").status_code == 204  # idempotent
    response = client.get("/api/v1/profile/")
    assert response.status_code == 401 and response["WWW-Authenticate"].startswith("Bearer")
    assert error_of(response)["message"] == "This token has been revoked."
    assert alice_api.get(TOKENS).json()[0]["revoked"] is True


def test_expired_tokens_are_rejected(alice, make_token):
    secret = make_token(alice, "read")
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = token_client(secret).get("/api/v1/profile/")
    assert response.status_code == 401
    assert error_of(response)["message"] == "This token has expired."


def test_tokens_of_disabled_accounts_are_rejected(alice, make_token):
    secret = make_token(alice, "read")
    alice.is_active = False
    alice.save()
    assert token_client(secret).get("/api/v1/profile/").status_code == 401


def test_last_used_is_recorded_at_most_once_a_minute(alice, make_token,
                                                      django_assert_num_queries):
    client = token_client(make_token(alice, "read"))
    client.get("/api/v1/profile/")
    first = ApiToken.objects.get().last_used_at
    assert first is not None
    client.get("/api/v1/profile/")
    assert ApiToken.objects.get().last_used_at == first
    ApiToken.objects.update(last_used_at=first - timedelta(minutes=2))
    client.get("/api/v1/profile/")
    assert ApiToken.objects.get().last_used_at > first


def test_old_revoked_tokens_leave_the_list_and_active_ones_are_bounded(alice, alice_api):
    old = create(alice_api, name="old")
    ApiToken.objects.filter(pk=old["id"]).update(
        revoked_at=timezone.now() - timedelta(days=31))
    assert [t["name"] for t in alice_api.get(TOKENS).json()] == []
    ApiToken.objects.bulk_create([
        ApiToken(user=alice, name=f"t{i}", scope="read", key_hash=f"{i:064x}", prefix="esap_x",
                 expires_at=timezone.now() + timedelta(days=1))
        for i in range(tokens.MAX_ACTIVE_TOKENS)])
    response = alice_api.post(TOKENS, {"name": "one more", "scope": "read"}, format="json")
    assert response.status_code == 409 and error_of(response)["code"] == "too_many_tokens"


def test_anonymous_gets_no_token_endpoints():
    client = APIClient()
    for method in ("get", "post"):
        response = getattr(client, method)(TOKENS, {"name": "x", "scope": "read"},
                                           format="json")
        assert response.status_code in (401, 403)
        assert error_of(response)["code"] == "not_authenticated"
    assert client.delete(f"{TOKENS}1/").status_code in (401, 403)


def test_tokens_never_reach_the_logs(alice, alice_api, datasets, caplog):
    caplog.set_level(logging.DEBUG)
    created = create(alice_api, scope="read")
    secret = created["token"]
    client = token_client(secret)
    client.get("/api/v1/basket/items/")
    client.post("/api/v1/basket/items/", item("1"), format="json")  # insufficient scope
    alice_api.delete(f"{TOKENS}{created['id']}/")
    client.get("/api/v1/basket/items/")  # revoked
    token_client(secret + "x").get("/api/v1/basket/items/")  # unknown
    assert caplog.records, "expected request logging (4xx warnings) to be captured"
    assert secret[5:] not in caplog.text
    assert secret[5:] not in str(ApiToken.objects.get())


def test_a_bad_token_is_never_silently_anonymous(local_archives):
    assert APIClient().get("/api/v1/archives/").status_code == 200
    response = token_client("esap_wrong").get("/api/v1/archives/")
    assert response.status_code == 401 and error_of(response)["code"] == "authentication_failed"
