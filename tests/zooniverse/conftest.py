"""The Zooniverse suites run the connector over real HTTP against the loopback Panoptes of
tests/support/panoptes_server.py (recorded responses in the real format, a random free port),
started per test so that faults and exports never leak between tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from rest_framework.test import APIClient

from query.models import Dataset
from tests.support.panoptes_server import CLIENT_ID, PanoptesServer

DATASET = "zooniverse"


@pytest.fixture
def panoptes() -> Iterator[PanoptesServer]:
    server = PanoptesServer().start()
    yield server
    server.stop()


@pytest.fixture
def zoo(local_archives, panoptes, monkeypatch) -> Dataset:
    """The local archives, with the ``zooniverse`` dataset pointed at this test's server."""
    monkeypatch.setenv("ESAP_ZOONIVERSE_CLIENT_ID", CLIENT_ID)
    dataset = Dataset.objects.get(slug=DATASET)
    dataset.service_url = panoptes.api_url
    dataset.options = {**dataset.options, "oauth_url": panoptes.oauth_url}
    dataset.timeout = 10
    dataset.save()
    return dataset


def user_api(django_user_model, name: str) -> APIClient:
    user = django_user_model.objects.create_user(name, password=f"{name}-esap-pw")
    client = APIClient()
    client.force_authenticate(user)
    client.user = user  # type: ignore[attr-defined]
    return client


def sign_in(client: APIClient, login: str, password: str):
    return client.post(f"/api/v1/zooniverse/{DATASET}/account/",
                       {"login": login, "password": password}, format="json")
