"""A Rucio dataset's settings (``Dataset.options``), parsed and checked in one place."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from query.connectors import BadQuery

AUTH_MODES = ("userpass", "x509", "user")
_KEY = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")


@dataclass(frozen=True)
class Destination:
    key: str
    label: str
    rse_expression: str
    facility: str = ""

    def to_json(self) -> dict[str, str]:
        return {"key": self.key, "label": self.label, "rse_expression": self.rse_expression,
                "facility": self.facility}


@dataclass(frozen=True)
class AuthConfig:
    mode: str
    account: str = ""
    username: str = ""
    password_env: str = ""
    cert: str = ""
    key: str = ""
    audience: str = "rucio"

    @property
    def password(self) -> str:
        return os.environ.get(self.password_env, "") if self.password_env else ""


@dataclass(frozen=True)
class RucioConfig:
    rest_url: str
    auth_url: str
    vo: str
    webui_url: str
    ca_bundle: str
    auth: AuthConfig
    destinations: tuple[Destination, ...]
    default_lifetime_days: int
    max_lifetime_days: int
    max_scopes: int
    download_max_bytes: int

    @property
    def verify(self) -> bool | str:
        return self.ca_bundle or True

    def destination(self, key: str) -> Destination | None:
        return next((d for d in self.destinations if d.key == key), None)

    def webui_link(self, scope: str, name: str) -> str | None:
        if not self.webui_url:
            return None
        from urllib.parse import urlencode
        return f"{self.webui_url.rstrip('/')}/did?{urlencode({'scope': scope, 'name': name})}"


def _url(value: Any, field: str) -> str:
    if not isinstance(value, str) or urlsplit(value).scheme not in ("http", "https") \
            or not urlsplit(value).netloc:
        raise BadQuery("An http(s) URL is required.", field=field)
    return value.rstrip("/")


def _int(options: dict[str, Any], key: str, default: int, low: int, high: int) -> int:
    value = options.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise BadQuery(f"A whole number between {low} and {high}.", field=f"options.{key}")
    return value


def _text(data: dict[str, Any], key: str, field: str, required: bool = False) -> str:
    value = data.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise BadQuery("A non-empty text is required." if required else "Must be a text.",
                       field=field)
    return value.strip()


def _auth(raw: Any) -> AuthConfig:
    if not isinstance(raw, dict) or raw.get("mode") not in AUTH_MODES:
        raise BadQuery(f"Give auth.mode: one of {', '.join(AUTH_MODES)}.",
                       field="options.auth")
    mode = raw["mode"]
    if mode == "userpass":
        return AuthConfig(
            mode, account=_text(raw, "account", "options.auth.account", True),
            username=_text(raw, "username", "options.auth.username", True),
            password_env=_text(raw, "password_env", "options.auth.password_env", True))
    if mode == "x509":
        return AuthConfig(mode, account=_text(raw, "account", "options.auth.account", True),
                          cert=_text(raw, "cert", "options.auth.cert", True),
                          key=_text(raw, "key", "options.auth.key"))
    return AuthConfig(mode, audience=_text(raw, "audience", "options.auth.audience") or "rucio")


def _destinations(raw: Any) -> tuple[Destination, ...]:
    if not isinstance(raw, list):
        raise BadQuery("A list of destinations is required.", field="options.destinations")
    found: list[Destination] = []
    for index, item in enumerate(raw):
        where = f"options.destinations[{index}]"
        if not isinstance(item, dict):
            raise BadQuery("Each destination is an object.", field=where)
        key = _text(item, "key", f"{where}.key", True)
        if not _KEY.match(key) or any(d.key == key for d in found):
            raise BadQuery("A unique key of lower-case letters, digits, _ and -.",
                           field=f"{where}.key")
        found.append(Destination(
            key=key, rse_expression=_text(item, "rse_expression", f"{where}.rse_expression",
                                          True),
            label=_text(item, "label", f"{where}.label") or key,
            facility=_text(item, "facility", f"{where}.facility")))
    return tuple(found)


def config_of(dataset: Any) -> RucioConfig:
    """The dataset's Rucio settings; BadQuery names the offending option."""
    options = dataset.options or {}
    rest_url = _url(dataset.service_url, "service_url")
    default_days = _int(options, "default_lifetime_days", 7, 1, 3650)
    max_days = _int(options, "max_lifetime_days", 30, 1, 3650)
    if default_days > max_days:
        raise BadQuery("Must not exceed max_lifetime_days.",
                       field="options.default_lifetime_days")
    ca_bundle = _text(options, "ca_bundle", "options.ca_bundle")
    return RucioConfig(
        rest_url=rest_url,
        auth_url=_url(options["auth_host"], "options.auth_host")
        if options.get("auth_host") else rest_url,
        vo=_text(options, "vo", "options.vo") or "def",
        webui_url=_url(options["webui_url"], "options.webui_url")
        if options.get("webui_url") else "",
        ca_bundle=ca_bundle,
        auth=_auth(options.get("auth")),
        destinations=_destinations(options.get("destinations", [])),
        default_lifetime_days=default_days, max_lifetime_days=max_days,
        max_scopes=_int(options, "max_scopes", 100, 1, 10000),
        download_max_bytes=_int(options, "download_max_bytes", 100 * 1024 * 1024, 0, 10**12),
    )
