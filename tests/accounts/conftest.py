"""Fixtures of the accounts suites: users, signed-in clients, tokens, basket items."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from accounts.services import tokens
from query.models import Archive, Dataset

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Failed-login counters and DRF throttles live in the (per-process) cache."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def make_user(django_user_model) -> Callable[..., Any]:
    def make(username: str, **extra: Any) -> Any:
        return django_user_model.objects.create_user(
            username, email=f"{username}@example.org", password=PASSWORD, **extra)
    return make


@pytest.fixture
def alice(make_user):
    return make_user("alice", first_name="Alice", last_name="Liddell")


@pytest.fixture
def bob(make_user):
    return make_user("bob")


def session_client(user: Any, *, csrf: bool = False) -> APIClient:
    client = APIClient(enforce_csrf_checks=csrf)
    client.force_login(user)
    return client


def token_client(secret: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


@pytest.fixture
def alice_api(alice) -> APIClient:
    return session_client(alice)


@pytest.fixture
def bob_api(bob) -> APIClient:
    return session_client(bob)


@pytest.fixture
def make_token() -> Callable[..., str]:
    def make(user: Any, scope: str = "read-write", **extra: Any) -> str:
        _, secret = tokens.create_token(user, name=f"{scope} token", scope=scope, **extra)
        return secret
    return make


@pytest.fixture
def datasets(db) -> list[Dataset]:
    """Two datasets without any archive traffic (the basket never contacts archives)."""
    archive = Archive.objects.create(slug="arch", name="Archive")
    return [Dataset.objects.create(archive=archive, slug=slug, name=slug.title(),
                                   connector_type="ivoa-tap", service_url="http://127.0.0.1:9/tap",
                                   resource="t.t") for slug in ("cat-a", "cat-b")]


def item(identifier: str, dataset: str = "cat-a", item_type: str = "catalogue_row",
         **extra: Any) -> dict[str, Any]:
    return {"item_type": item_type, "dataset": dataset, "identifier": identifier,
            "title": f"Source {identifier}", "metadata": {"ra": 10.5, "dec": -3.25}, **extra}


def add(client: APIClient, *items: dict[str, Any]) -> Any:
    body = items[0] if len(items) == 1 else {"items": list(items)}
    return client.post("/api/v1/basket/items/", body, format="json")


def listed(client: APIClient, **params: Any) -> dict[str, Any]:
    response = client.get("/api/v1/basket/items/", params)
    assert response.status_code == 200, response.content
    return response.json()
