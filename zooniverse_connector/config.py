"""A Zooniverse dataset's settings (``Dataset.options``), parsed and checked in one place."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from query.connectors import BadQuery

DEFAULT_OAUTH_URL = "https://panoptes.zooniverse.org/oauth/token"
DEFAULT_PROJECT_URL = "https://www.zooniverse.org/projects"
DEFAULT_TALK_URL = "https://www.zooniverse.org/talk"
DEFAULT_MEDIA_HOSTS = ("panoptes-uploads.zooniverse.org",)
LOOPBACK = ("127.0.0.1", "localhost", "::1")
MAX_PAGE_SIZE = 100  # Panoptes clamps larger pages to 100
KNOWN = {"oauth_url", "client_id_env", "project_url", "talk_url", "page_size",
         "launch_approved_only", "media_hosts"}


@dataclass(frozen=True)
class ZooniverseConfig:
    api_url: str
    oauth_url: str
    client_id_env: str
    project_url: str
    talk_url: str
    page_size: int
    launch_approved_only: bool
    media_hosts: tuple[str, ...]

    @property
    def client_id(self) -> str:
        return os.environ.get(self.client_id_env, "") if self.client_id_env else ""

    @property
    def sign_in_enabled(self) -> bool:
        return bool(self.client_id)

    def project_link(self, slug: str | None) -> str | None:
        return f"{self.project_url}/{slug}" if slug else None

    def talk_link(self, subject_id: Any) -> str:
        return f"{self.talk_url}/subjects/{subject_id}"

    def media_allowed(self, url: str) -> bool:
        """Export downloads come from Panoptes' storage hosts only: https on a listed host
        (plain http only on loopback, for the test fixture server)."""
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if host not in self.media_hosts:
            return False
        return parts.scheme == "https" or (parts.scheme == "http" and host in LOOPBACK)


def _url(value: Any, field: str) -> str:
    parts = urlsplit(value) if isinstance(value, str) else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
        raise BadQuery("An http(s) URL is required.", field=field)
    return value.rstrip("/")


def _text(options: dict[str, Any], key: str) -> str:
    value = options.get(key, "")
    if not isinstance(value, str):
        raise BadQuery("Must be a text.", field=f"options.{key}")
    return value.strip()


def _hosts(options: dict[str, Any]) -> tuple[str, ...]:
    value = options.get("media_hosts", list(DEFAULT_MEDIA_HOSTS))
    if not isinstance(value, list) or not value or not all(
            isinstance(h, str) and h.strip() and "/" not in h for h in value):
        raise BadQuery("A non-empty list of host names.", field="options.media_hosts")
    return tuple(h.strip().lower() for h in value)


def config_of(dataset: Any) -> ZooniverseConfig:
    """The dataset's Zooniverse settings; BadQuery names the offending option."""
    options = dataset.options or {}
    if not isinstance(options, dict):
        raise BadQuery("Options must be an object.", field="options")
    unknown = sorted(set(options) - KNOWN)
    if unknown:
        raise BadQuery(f"Unknown option '{unknown[0]}'.", field=f"options.{unknown[0]}")
    page_size = options.get("page_size", 20)
    if isinstance(page_size, bool) or not isinstance(page_size, int) \
            or not 1 <= page_size <= MAX_PAGE_SIZE:
        raise BadQuery(f"A whole number between 1 and {MAX_PAGE_SIZE}.",
                       field="options.page_size")
    approved = options.get("launch_approved_only", True)
    if not isinstance(approved, bool):
        raise BadQuery("true or false.", field="options.launch_approved_only")
    return ZooniverseConfig(
        api_url=_url(dataset.service_url, "service_url"),
        oauth_url=_url(options.get("oauth_url", DEFAULT_OAUTH_URL), "options.oauth_url"),
        client_id_env=_text(options, "client_id_env"),
        project_url=_url(options.get("project_url", DEFAULT_PROJECT_URL),
                         "options.project_url"),
        talk_url=_url(options.get("talk_url", DEFAULT_TALK_URL), "options.talk_url"),
        page_size=page_size, launch_approved_only=approved, media_hosts=_hosts(options))
