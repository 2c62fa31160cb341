"""OpenID Connect against a real provider: node oidc-provider (tests/services/oidc) on a free
loopback port, started for this module by its script and stopped by its PID. Django serves
the flow from pytest-django's live server. Node is part of the platform's toolchain: these
tests are never skipped."""

from __future__ import annotations

import copy
import logging
import time
from typing import Any
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
import requests
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils.module_loading import import_string
from rest_framework.test import APIClient
from rest_framework.views import APIView

from accounts.models import UserIdentity
from accounts.oidc import conf, drf, tokens
from accounts.oidc.models import ProviderTokens
from tests.accounts.oidc_support import CLIENT_ID, CLIENT_SECRET, Provider, browser_login

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="module")
def provider(live_server, tmp_path_factory):
    op = Provider(tmp_path_factory.mktemp("oidc-op"), live_server.url)
    op.start()
    yield op
    op.stop()


@pytest.fixture
def oidc(settings, provider, transactional_db, monkeypatch):
    """The settings esap/settings.py makes from OIDC_OP_ISSUER & co. (endpoints discovered)."""
    settings.ESAP_OIDC_ENABLED = True
    settings.OIDC_OP_ISSUER = provider.issuer
    settings.OIDC_RP_CLIENT_ID, settings.OIDC_RP_CLIENT_SECRET = CLIENT_ID, CLIENT_SECRET
    settings.OIDC_RP_SCOPES = "openid email profile groups offline_access"
    settings.OIDC_RP_SIGN_ALGO = "RS256"
    settings.OIDC_USE_PKCE = True
    settings.OIDC_TIMEOUT = 10.0
    settings.OIDC_API_AUDIENCE = "rucio"
    settings.OIDC_GROUPS_CLAIM = "groups"
    settings.OIDC_INTROSPECTION_CACHE = 60.0
    settings.OIDC_AUTH_REQUEST_EXTRA_PARAMS = {"prompt": "consent"}  # as settings.py makes it
    settings.ESAP_OIDC_LABEL = "ESCAPE IAM"
    settings.ESAP_TOKEN_ENCRYPTION_KEY = "x1KQ0d1hLh0bS8m8yH8kGmZrPp4Yq3tGq0l7C5M3sOI="
    settings.LOGIN_REDIRECT_URL = "/"
    settings.LOGIN_REDIRECT_URL_FAILURE = "/login?error=oidc"
    settings.AUTHENTICATION_BACKENDS = ["accounts.oidc.backend.OIDCBackend",
                                        "django.contrib.auth.backends.ModelBackend"]
    rest = copy.deepcopy(settings.REST_FRAMEWORK)
    rest["DEFAULT_AUTHENTICATION_CLASSES"].insert(1, "accounts.oidc.drf.OIDCBearerAuthentication")
    settings.REST_FRAMEWORK = rest
    # APIView reads the authentication classes once, at import: patch them there too
    monkeypatch.setattr(APIView, "authentication_classes", [
        import_string(path) for path in rest["DEFAULT_AUTHENTICATION_CLASSES"]])
    settings.ROOT_URLCONF = "tests.accounts.oidc_urls"
    conf.reset()
    drf._jwks_clients.clear()
    yield provider
    conf.reset()
    drf._jwks_clients.clear()


@pytest.fixture
def signed_in(oidc, live_server) -> requests.Session:
    browser = requests.Session()
    response = browser_login(browser, live_server.url, next_path="/basket")
    assert urlsplit(response.url).netloc == urlsplit(live_server.url).netloc, response.url
    assert urlsplit(response.url).path == "/basket"
    return browser


def alice_user() -> Any:
    return UserIdentity.objects.get(subject="alice").user


def bearer(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def assert_invalid_token(response) -> None:
    assert response.status_code == 401, response.content
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["error"]["code"] == "authentication_failed"


def sign(provider: Provider, **claims: Any) -> str:
    """A JWT signed with the provider's own key (to make expired / foreign-subject tokens)."""
    key = jwt.PyJWK(provider.private_jwk())
    now = int(time.time())
    body = {"iss": provider.issuer, "sub": "alice", "aud": "rucio", "iat": now,
            "exp": now + 300, **claims}
    return jwt.encode(body, key.key, algorithm="RS256", headers={"kid": "test-rs256"})


# ------------------------------------------------------------------------------- sign-in

def test_session_lists_the_provider(oidc, live_server):
    body = requests.get(f"{live_server.url}/api/v1/auth/session/", timeout=5).json()
    assert body["login_methods"] == [
        {"type": "local"}, {"type": "oidc", "label": "ESCAPE IAM", "url": "/oidc/authenticate/"}]


def test_code_flow_creates_the_user_from_issuer_and_subject(signed_in, oidc, live_server,
                                                           caplog):
    session = signed_in.get(f"{live_server.url}/api/v1/auth/session/", timeout=5).json()
    assert session["authenticated"] is True
    assert session["user"]["username"] == "alice"
    assert session["user"]["name"] == "Alice Tester"
    assert session["user"]["email"] == "alice@example.org"
    assert session["user"]["identity_provider"] == "ESCAPE IAM"
    identity = UserIdentity.objects.get(issuer=oidc.issuer, subject="alice")
    user = identity.user
    assert not user.has_usable_password()
    assert set(user.groups.values_list("name", flat=True)) == {"escape", "escape/dev"}
    # the provider tokens are kept server-side, encrypted, with a refresh token (offline_access)
    record = ProviderTokens.objects.get(user=user)
    access, refresh = tokens.decrypt(record.access_token), tokens.decrypt(record.refresh_token)
    assert access and refresh and record.access_expires_at is not None
    assert access.encode() not in bytes(record.access_token)
    # the session holds only the ID token (for the logout hint), the API never shows tokens
    profile = signed_in.get(f"{live_server.url}/api/v1/profile/", timeout=5)
    assert profile.json()["groups"] == ["escape", "escape/dev"]
    for text in (str(session), profile.text):
        assert access not in text and refresh not in text


def test_signing_in_again_updates_claims_and_groups(oidc, live_server, make_user):
    make_user("alice")  # a local account owns the username: the OIDC user gets another
    browser_login(requests.Session(), live_server.url)
    user = alice_user()
    assert user.username == "alice-2"
    user.first_name, user.email = "Stale", "old@example.org"
    user.save()
    user.groups.add(Group.objects.create(name="left-the-project"))
    browser_login(requests.Session(), live_server.url)
    user.refresh_from_db()
    assert (user.first_name, user.email) == ("Alice Tester", "alice@example.org")
    assert set(user.groups.values_list("name", flat=True)) == {"escape", "escape/dev"}
    assert UserIdentity.objects.filter(subject="alice").count() == 1
    assert get_user_model().objects.filter(identities__subject="alice").count() == 1


def test_wrong_password_stays_at_the_provider(oidc, live_server):
    response = browser_login(requests.Session(), live_server.url, password="wrong")
    assert response.status_code == 401
    assert "Invalid username or password" in response.text
    assert not UserIdentity.objects.exists()


def test_logout_ends_both_sessions(signed_in, oidc, live_server):
    session = signed_in.get(f"{live_server.url}/api/v1/auth/session/", timeout=5)
    csrf = signed_in.cookies["csrftoken"]
    response = signed_in.post(f"{live_server.url}/api/v1/auth/logout/",
                              headers={"X-CSRFToken": csrf}, timeout=5)
    assert response.status_code == 200, response.text
    url = response.json()["end_session_url"]
    assert url.startswith(f"{oidc.issuer}/session/end?")
    query = parse_qs(urlsplit(url).query)
    assert query["post_logout_redirect_uri"] == [f"{live_server.url}/"]
    assert query["client_id"] == [CLIENT_ID]
    assert query["id_token_hint"][0].count(".") == 2
    assert not ProviderTokens.objects.exists()
    after = signed_in.get(f"{live_server.url}/api/v1/auth/session/", timeout=5).json()
    assert after["authenticated"] is False
    assert session.status_code == 200
    # the provider accepts the hint: its logout confirmation page, not an error
    op_page = signed_in.get(url, timeout=5)
    assert op_page.status_code == 200 and "logout" in op_page.text.lower()


# ------------------------------------------------------------------- downstream tokens

def test_token_for_exchanges_for_the_audience(signed_in, oidc):
    token = tokens.token_for(alice_user(), "rucio")
    claims = jwt.decode(token, options={"verify_signature": False})
    assert claims["aud"] == "rucio" and claims["sub"] == "alice"
    assert claims["act"] == {"sub": CLIENT_ID}


def test_refresh_when_the_access_token_expired(signed_in, oidc):
    user = alice_user()
    record = ProviderTokens.objects.get(user=user)
    old = tokens.decrypt(record.access_token)
    ProviderTokens.objects.filter(pk=record.pk).update(access_expires_at="2000-01-01T00:00Z")
    new = tokens.access_token(user)
    assert new != old
    record.refresh_from_db()
    assert tokens.decrypt(record.access_token) == new
    assert record.access_expires_at.timestamp() > time.time() + 60
    # the refreshed token works for the exchange too
    assert jwt.decode(tokens.token_for(user, "rucio"),
                      options={"verify_signature": False})["aud"] == "rucio"


def test_no_token_without_provider_sign_in(oidc, make_user):
    with pytest.raises(tokens.NoProviderTokens):
        tokens.token_for(make_user("carol"), "rucio")


def test_expired_without_refresh_token_is_a_typed_error(signed_in, oidc):
    ProviderTokens.objects.update(access_expires_at="2000-01-01T00:00Z", refresh_token=None)
    with pytest.raises(tokens.TokenExpired):
        tokens.token_for(alice_user(), "rucio")


def test_unknown_audience_is_a_typed_error(signed_in, oidc):
    with pytest.raises(tokens.TokenExchangeFailed):
        tokens.token_for(alice_user(), "not-a-service")


# --------------------------------------------------------------------- bearer (API) tokens

def test_exchanged_jwt_is_accepted_without_asking_the_provider(signed_in, oidc, monkeypatch):
    token = tokens.token_for(alice_user(), "rucio")
    bearer(token).get("/api/v1/basket/items/")  # JWKS fetched once, then cached
    calls = []
    monkeypatch.setattr(drf.requests, "post", lambda *a, **k: calls.append(a) or None)
    for _ in range(3):
        response = bearer(token).get("/api/v1/basket/items/")
        assert response.status_code == 200, response.content
    created = bearer(token).post("/api/v1/basket/items/", {"item_type": "catalogue_row",
                                 "dataset": "nope", "identifier": "x"}, format="json")
    assert created.status_code == 400  # authenticated (validation ran), not 401/403
    assert calls == []  # no introspection for JWTs


def test_tampered_jwt_is_rejected(signed_in, oidc):
    token = tokens.token_for(alice_user(), "rucio")
    head, body, signature = token.split(".")
    forged = ".".join([head, body, ("A" if signature[0] != "A" else "B") + signature[1:]])
    assert_invalid_token(bearer(forged).get("/api/v1/basket/items/"))
    claims = jwt.decode(token, options={"verify_signature": False})
    claims["sub"] = "bob"
    unsigned = jwt.encode(claims, "not-the-key-but-long-enough-for-hs256-ok", algorithm="HS256",
                          headers={"kid": "test-rs256"})
    assert_invalid_token(bearer(unsigned).get("/api/v1/basket/items/"))


def test_wrong_audience_is_rejected(signed_in, oidc, settings):
    token = tokens.token_for(alice_user(), "rucio")
    settings.OIDC_API_AUDIENCE = "esap-api"
    response = bearer(token).get("/api/v1/basket/items/")
    assert_invalid_token(response)
    assert "audience" in response.json()["error"]["message"]


def test_expired_and_foreign_jwts_are_rejected(signed_in, oidc):
    assert bearer(sign(oidc)).get("/api/v1/basket/items/").status_code == 200
    expired = bearer(sign(oidc, exp=int(time.time()) - 3600)).get("/api/v1/basket/items/")
    assert_invalid_token(expired)
    assert "expired" in expired.json()["error"]["message"]
    assert_invalid_token(bearer(sign(oidc, iss="http://evil.example")).get(
        "/api/v1/basket/items/"))
    # a subject that never signed in to ESAP
    unknown = bearer(sign(oidc, sub="mallory")).get("/api/v1/basket/items/")
    assert_invalid_token(unknown)
    assert "sign in to ESAP" in unknown.json()["error"]["message"]


def test_opaque_token_via_cached_introspection(signed_in, oidc, monkeypatch):
    opaque = tokens.access_token(alice_user())
    assert opaque.count(".") != 2
    real_post, calls = requests.post, []

    def counting_post(url: str, *args: Any, **kwargs: Any):
        calls.append(url)
        return real_post(url, *args, **kwargs)

    monkeypatch.setattr(drf.requests, "post", counting_post)
    for _ in range(4):
        response = bearer(opaque).get("/api/v1/basket/items/")
        assert response.status_code == 200, response.content
    assert calls == [f"{oidc.issuer}/token/introspection"]
    assert_invalid_token(bearer("definitely-not-a-token").get("/api/v1/basket/items/"))
    assert len(calls) == 2


def test_esap_tokens_still_work_next_to_oidc(signed_in, oidc, make_token):
    secret = make_token(alice_user())
    assert bearer(secret).get("/api/v1/basket/items/").status_code == 200
    assert_invalid_token(bearer("esap_bogus").get("/api/v1/basket/items/"))
    # a provider token cannot mint ESAP tokens (session only)
    token = tokens.token_for(alice_user(), "rucio")
    response = bearer(token).post("/api/v1/tokens/", {"name": "x", "scope": "read"},
                                  format="json")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "session_required"


def test_next_stays_on_the_site(oidc, live_server):
    response = browser_login(requests.Session(), live_server.url,
                             next_path="https://evil.example/")
    assert response.url == f"{live_server.url}/"


def test_tokens_never_logged(oidc, live_server, caplog):
    caplog.set_level(logging.DEBUG)
    browser = requests.Session()
    browser_login(browser, live_server.url)
    user = alice_user()
    record = ProviderTokens.objects.get(user=user)
    secrets = [tokens.decrypt(record.access_token), tokens.decrypt(record.refresh_token),
               tokens.token_for(user, "rucio")]
    browser.get(f"{live_server.url}/api/v1/auth/session/", timeout=5)
    bearer(secrets[0]).get("/api/v1/basket/items/")
    bearer(secrets[-1]).get("/api/v1/basket/items/")
    bearer("bogus-opaque").get("/api/v1/basket/items/")
    assert caplog.records  # something was logged (requests, urllib3, django)
    for secret in secrets:
        assert secret and secret not in caplog.text


def test_exchange_retries_after_refresh_when_the_provider_forgot_the_token(signed_in, oidc):
    user = alice_user()
    ProviderTokens.objects.filter(user=user).update(access_token=tokens.encrypt("forgotten"))
    claims = jwt.decode(tokens.token_for(user, "rucio"), options={"verify_signature": False})
    assert claims["aud"] == "rucio"
