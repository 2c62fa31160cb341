"""The embedded default has no OIDC at all (the 2022 platform answered 500 everywhere without
it), the settings block reads the environment, and a provider that is down breaks nothing but
its own sign-in button."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from accounts.oidc import conf

ROOT = Path(__file__).resolve().parents[2]


def settings_with(env: dict[str, str]) -> dict:
    code = ("import json, esap.settings as s; print(json.dumps({k: getattr(s, k, None) for k in "
            "['ESAP_OIDC_ENABLED', 'AUTHENTICATION_BACKENDS', 'REST_FRAMEWORK', "
            "'OIDC_AUTH_REQUEST_EXTRA_PARAMS', 'OIDC_RP_SCOPES', 'ESAP_OIDC_LABEL', "
            "'OIDC_OP_TOKEN_ENDPOINT']}, default=str))")
    clean = {k: v for k, v in os.environ.items() if not k.startswith("OIDC_")}
    out = subprocess.run([sys.executable, "-c", code], env={**clean, **env}, cwd=ROOT,
                         capture_output=True, text=True, check=True)
    import json
    return json.loads(out.stdout)


def test_settings_without_oidc_env():
    s = settings_with({})
    assert s["ESAP_OIDC_ENABLED"] is False
    assert s["AUTHENTICATION_BACKENDS"] == ["django.contrib.auth.backends.ModelBackend"]
    assert not any("oidc" in c for c in s["REST_FRAMEWORK"]["DEFAULT_AUTHENTICATION_CLASSES"])


def test_settings_from_env():
    s = settings_with({"OIDC_OP_ISSUER": "https://iam.example/", "OIDC_RP_CLIENT_ID": "esap",
                       "OIDC_LABEL": "My IAM",
                       "OIDC_OP_TOKEN_ENDPOINT": "https://iam.example/token"})
    assert s["ESAP_OIDC_ENABLED"] is True
    assert s["AUTHENTICATION_BACKENDS"][0] == "accounts.oidc.backend.OIDCBackend"
    assert s["REST_FRAMEWORK"]["DEFAULT_AUTHENTICATION_CLASSES"][1] == \
        "accounts.oidc.drf.OIDCBearerAuthentication"
    assert s["OIDC_AUTH_REQUEST_EXTRA_PARAMS"] == {"prompt": "consent"}  # offline_access
    assert s["ESAP_OIDC_LABEL"] == "My IAM"
    assert s["OIDC_OP_TOKEN_ENDPOINT"] == "https://iam.example/token"


@pytest.mark.django_db
def test_embedded_default_has_only_local_login(api, local_archives):
    assert django_settings.ESAP_OIDC_ENABLED is False
    body = api.get("/api/v1/auth/session/").json()
    assert body["login_methods"] == [{"type": "local"}]
    assert api.get("/oidc/authenticate/").status_code == 404
    assert api.get("/oidc/callback/?code=x&state=y").status_code == 404
    for url in ("/api/v1/basket/items/", "/api/v1/archives/", "/api/v1/searches/",
                "/api/v1/analysis/facilities/"):
        assert api.get(url).status_code == 200, url
    assert api.post("/api/v1/auth/logout/").status_code == 204


@pytest.fixture
def provider_down(settings, monkeypatch):
    """OIDC configured, but nothing listens at the issuer."""
    from tests.accounts.oidc_support import free_port

    settings.ESAP_OIDC_ENABLED = True
    settings.OIDC_OP_ISSUER = f"http://127.0.0.1:{free_port()}"
    settings.OIDC_RP_CLIENT_ID, settings.OIDC_RP_CLIENT_SECRET = "django-rp", "secret"
    settings.OIDC_TIMEOUT = 2.0
    settings.ESAP_OIDC_LABEL = "ESCAPE IAM"
    settings.LOGIN_REDIRECT_URL_FAILURE = "/login?error=oidc"
    settings.AUTHENTICATION_BACKENDS = ["accounts.oidc.backend.OIDCBackend",
                                        "django.contrib.auth.backends.ModelBackend"]
    settings.ROOT_URLCONF = "tests.accounts.oidc_urls"
    conf.reset()
    yield
    conf.reset()


@pytest.mark.django_db
def test_provider_down_breaks_only_its_sign_in(provider_down, make_user):
    from rest_framework.test import APIClient

    from tests.accounts.conftest import PASSWORD

    client = APIClient()
    body = client.get("/api/v1/auth/session/").json()
    assert body["login_methods"][1]["type"] == "oidc"
    response = client.get("/oidc/authenticate/")
    assert response.status_code == 302
    assert response["Location"] == "/login?error=oidc_unavailable"
    make_user("dora")
    login = client.post("/api/v1/auth/login/", {"username": "dora", "password": PASSWORD},
                        format="json")
    assert login.status_code == 200, login.content
    assert client.get("/api/v1/profile/").status_code == 200
    assert client.post("/api/v1/auth/logout/").status_code == 204
