"""Local login, logout, session, CSRF and failed-login throttling."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from tests.accounts.conftest import PASSWORD, add, item, session_client
from tests.conftest import error_of

pytestmark = pytest.mark.django_db

SESSION = "/api/v1/auth/session/"
LOGIN = "/api/v1/auth/login/"
LOGOUT = "/api/v1/auth/logout/"


def csrf_token(client: APIClient) -> str:
    """What the SPA does: GET the session (sets the cookie), send the cookie's value back."""
    response = client.get(SESSION)
    assert response.status_code == 200
    return client.cookies["csrftoken"].value


def browser_login(client: APIClient, username: str, password: str = PASSWORD):
    return client.post(LOGIN, {"username": username, "password": password}, format="json",
                       HTTP_X_CSRFTOKEN=csrf_token(client))


def test_anonymous_session_sets_the_csrf_cookie_and_describes_login_methods():
    client = APIClient(enforce_csrf_checks=True)
    response = client.get(SESSION)
    assert response.status_code == 200
    assert "csrftoken" in response.cookies
    assert response["Cache-Control"].startswith("max-age=0")
    assert response.json() == {"authenticated": False, "user": None,
                               "login_methods": [{"type": "local"}], "basket_count": 0}


def test_login_then_session_then_logout(alice):
    client = APIClient(enforce_csrf_checks=True)
    old_csrf = csrf_token(client)
    response = browser_login(client, "alice")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["authenticated"] is True
    assert body["user"] == {"username": "alice", "name": "Alice Liddell",
                            "email": "alice@example.org", "is_staff": False,
                            "identity_provider": "local"}
    assert "sessionid" in response.cookies
    assert client.cookies["csrftoken"].value != old_csrf  # rotated at login
    assert client.get(SESSION).json()["user"]["username"] == "alice"
    # A session write without the CSRF header is refused, with it accepted.
    refused = client.post(LOGOUT)
    assert refused.status_code == 403 and error_of(refused)["code"] == "csrf_failed"
    token = client.cookies["csrftoken"].value
    assert client.post(LOGOUT, HTTP_X_CSRFTOKEN=token).status_code == 204
    assert client.get(SESSION).json()["authenticated"] is False


def test_login_needs_the_csrf_token(alice):
    client = APIClient(enforce_csrf_checks=True)
    client.get(SESSION)
    response = client.post(LOGIN, {"username": "alice", "password": PASSWORD}, format="json")
    assert response.status_code == 403 and error_of(response)["code"] == "csrf_failed"


def test_wrong_credentials_are_a_400_without_details(alice):
    client = APIClient()
    for username, password in (("alice", "wrong"), ("nobody", PASSWORD)):
        response = client.post(LOGIN, {"username": username, "password": password},
                               format="json")
        assert response.status_code == 400
        assert error_of(response) == {"code": "invalid_credentials",
                                      "message": "Wrong username or password."}
    missing = client.post(LOGIN, {"username": "alice"}, format="json")
    assert missing.status_code == 400 and error_of(missing)["field"] == "password"


def test_inactive_users_cannot_log_in(make_user):
    make_user("gone", is_active=False)
    response = APIClient().post(LOGIN, {"username": "gone", "password": PASSWORD},
                                format="json")
    assert response.status_code == 400


def test_failed_logins_are_throttled_per_username(alice, settings):
    settings.ESAP_LOGIN_FAILURES_PER_USER = 5
    settings.ESAP_LOGIN_FAILURES_PER_IP = 100
    client = APIClient()
    for _ in range(5):
        assert client.post(LOGIN, {"username": "alice", "password": "x"},
                           format="json").status_code == 400
    # Even the right password is not checked now, from any client address.
    other_client = APIClient(REMOTE_ADDR="10.1.2.3")
    response = other_client.post(LOGIN, {"username": "ALICE ", "password": PASSWORD},
                                 format="json")
    assert response.status_code == 429
    assert error_of(response)["code"] == "throttled"
    assert 1 <= int(response["Retry-After"]) <= 300
    # Another username from the first client is still allowed.
    assert client.post(LOGIN, {"username": "bob", "password": "x"},
                       format="json").status_code == 400


def test_failed_logins_are_throttled_per_client_address(alice, settings):
    settings.ESAP_LOGIN_FAILURES_PER_USER = 100
    settings.ESAP_LOGIN_FAILURES_PER_IP = 3
    attacker = APIClient(REMOTE_ADDR="192.0.2.7")
    for name in ("u1", "u2", "u3"):
        assert attacker.post(LOGIN, {"username": name, "password": "x"},
                             format="json").status_code == 400
    blocked = attacker.post(LOGIN, {"username": "alice", "password": PASSWORD}, format="json")
    assert blocked.status_code == 429 and "Retry-After" in blocked
    # A made-up X-Forwarded-For does not make it another client (no proxy is configured).
    spoofed = attacker.post(LOGIN, {"username": "u4", "password": "x"}, format="json",
                            HTTP_X_FORWARDED_FOR="203.0.113.99")
    assert spoofed.status_code == 429
    # Other clients are not affected.
    elsewhere = APIClient(REMOTE_ADDR="198.51.100.1")
    assert elsewhere.post(LOGIN, {"username": "alice", "password": PASSWORD},
                          format="json").status_code == 200


def test_a_successful_login_resets_the_username_counter(alice, settings):
    settings.ESAP_LOGIN_FAILURES_PER_USER = 3
    client = APIClient()
    for _ in range(2):
        client.post(LOGIN, {"username": "alice", "password": "x"}, format="json")
    assert client.post(LOGIN, {"username": "alice", "password": PASSWORD},
                       format="json").status_code == 200
    for _ in range(2):
        assert APIClient().post(LOGIN, {"username": "alice", "password": "x"},
                                format="json").status_code == 400


def test_createsuperuser_still_works_and_can_log_in(monkeypatch, django_user_model):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "an admin password 123")
    call_command("createsuperuser", "--noinput", "--username", "root",
                 "--email", "root@example.org", verbosity=0)
    response = APIClient().post(LOGIN, {"username": "root", "password": "an admin password 123"},
                                format="json")
    assert response.status_code == 200 and response.json()["user"]["is_staff"] is True


def test_session_writes_need_csrf_for_signed_in_users(alice, datasets):
    client = session_client(alice, csrf=True)
    refused = add(client, item("1"))
    assert refused.status_code == 403 and error_of(refused)["code"] == "csrf_failed"
    token = csrf_token(client)
    accepted = client.post("/api/v1/basket/items/", item("1"), format="json",
                           HTTP_X_CSRFTOKEN=token)
    assert accepted.status_code == 201
    for method, url in (("patch", f"/api/v1/basket/items/{accepted.json()['items'][0]['id']}/"),
                        ("delete", "/api/v1/basket/items/"), ("patch", "/api/v1/profile/"),
                        ("post", "/api/v1/tokens/")):
        response = getattr(client, method)(url, {}, format="json")
        assert response.status_code == 403, (method, url)
        assert error_of(response)["code"] == "csrf_failed"


def test_anonymous_session_basket_writes_need_csrf_too(datasets):
    script = APIClient(enforce_csrf_checks=True)
    refused = add(script, item("1"))
    assert refused.status_code == 403 and error_of(refused)["code"] == "csrf_failed"
    browser = APIClient(enforce_csrf_checks=True)
    token = csrf_token(browser)
    response = browser.post("/api/v1/basket/items/", item("1"), format="json",
                            HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 201
    assert browser.get(SESSION).json()["basket_count"] == 1
