"""Zooniverse tokens: the password grant at ``oauth_url`` (the password goes there once, in a
POST body, and nowhere else: never stored, never logged), the refresh grant, and ``me``."""

from __future__ import annotations

from typing import Any

import requests

from query.connectors import ArchiveError, ArchiveRefused
from zooniverse_connector.client import PanoptesClient, translate
from zooniverse_connector.config import ZooniverseConfig


def _grant(config: ZooniverseConfig, form: dict[str, str], timeout: float) -> dict[str, Any]:
    if not config.sign_in_enabled:
        raise ArchiveRefused("Signing in to Zooniverse is not enabled for this dataset (no "
                             "OAuth client id configured).", code="zooniverse_sign_in_disabled",
                             http_status=409)
    session = requests.Session()
    session.trust_env = False
    try:
        response = session.post(config.oauth_url, data={**form, "client_id": config.client_id},
                                headers={"Accept": "application/json"},
                                timeout=(min(5.0, timeout), timeout), allow_redirects=False)
    except requests.RequestException as exc:
        raise translate(exc) from None
    finally:
        session.close()
    if response.status_code in (400, 401, 403):
        raise ArchiveRefused("Zooniverse refused the sign-in (wrong login or password, or an "
                             "expired session).", code="zooniverse_login_failed",
                             http_status=400)
    if response.status_code >= 300:
        raise ArchiveError(f"Zooniverse's sign-in answered HTTP {response.status_code}.")
    try:
        body = response.json()
    except ValueError:
        raise ArchiveError("Zooniverse's sign-in sent a malformed answer.") from None
    if not isinstance(body, dict) or not body.get("access_token"):
        raise ArchiveError("Zooniverse's sign-in sent no token.")
    return body


def password_grant(config: ZooniverseConfig, login: str, password: str,
                   timeout: float) -> dict[str, Any]:
    return _grant(config, {"grant_type": "password", "login": login, "username": login,
                           "password": password}, timeout)


def refresh_grant(config: ZooniverseConfig, refresh_token: str, timeout: float
                  ) -> dict[str, Any]:
    return _grant(config, {"grant_type": "refresh_token", "refresh_token": refresh_token},
                  timeout)


def whoami(config: ZooniverseConfig, token: str, timeout: float) -> dict[str, Any]:
    """The signed-in Panoptes user (``GET me``): id and login."""
    client = PanoptesClient(config, timeout, token)
    try:
        body = client.get_json("me")
    finally:
        client.close()
    users = body.get("users")
    if not isinstance(users, list) or not users or not isinstance(users[0], dict):
        raise ArchiveError("Zooniverse did not say who is signed in.")
    return users[0]
