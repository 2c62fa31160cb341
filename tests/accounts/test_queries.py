"""A basket page costs a constant number of SQL queries whatever the basket size."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import BasketItem
from tests.accounts.conftest import session_client, token_client

pytestmark = pytest.mark.django_db

# token (joined with its user) + COUNT + page; a session: session + user + COUNT + page.
MAX_QUERIES = 4


def fill(user, count: int, dataset) -> None:
    BasketItem.objects.filter(owner=user).delete()
    BasketItem.objects.bulk_create([
        BasketItem(owner=user, item_type="catalogue_row", connector_type="ivoa-tap",
                   dataset=dataset, dataset_slug=dataset.slug, archive_slug="arch",
                   identifier=str(i), title=f"row {i}",
                   metadata={"ra": i / 100, "dec": -1.0, "fields": {"mag": 17.5}})
        for i in range(count)], batch_size=500)


def page_queries(client, **params) -> tuple[int, dict]:
    client.get("/api/v1/basket/items/", {"page_size": 100})  # warm: last_used_at, caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/api/v1/basket/items/", {"page_size": 100, **params})
    assert response.status_code == 200
    return len(captured), response.json()


@pytest.mark.parametrize("auth", ["token", "session"])
def test_constant_queries_per_page(alice, datasets, make_token, auth,
                                   django_assert_max_num_queries):
    client = token_client(make_token(alice, "read")) if auth == "token" \
        else session_client(alice)
    counts = {}
    for size in (10, 1000):
        fill(alice, size, datasets[0])
        counts[size], body = page_queries(client)
        assert body["count"] == size and len(body["results"]) == min(size, 100)
        with django_assert_max_num_queries(MAX_QUERIES):
            client.get("/api/v1/basket/items/", {"page_size": 100, "page": 1 if size == 10
                                                 else 7, "dataset": "cat-a"})
    assert counts[10] == counts[1000] <= MAX_QUERIES
