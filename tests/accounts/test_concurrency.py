"""Concurrent adds: the same item added from many threads at once ends as one row; the limit
holds under concurrency. Runs on SQLite and (DATABASE_URL=postgres://…) PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections

from accounts.models import BasketItem
from accounts.services import basket as basket_service
from accounts.services.basket import Basket, ItemSpec
from esap.errors import Conflict
from tests.accounts.conftest import item, token_client

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 8


def run_concurrently(work: Callable[[int], Any], count: int = THREADS) -> list[Any]:
    barrier = threading.Barrier(count)
    outcomes: list[Any] = [None] * count

    def runner(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            outcomes[index] = work(index)
        except Exception as exc:  # reported below, the test fails on it
            outcomes[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=runner, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


def spec(identifier: str, dataset: Any) -> ItemSpec:
    return ItemSpec(item_type="catalogue_row", dataset_slug=dataset.slug, identifier=identifier,
                    dataset_id=dataset.pk, archive_slug="arch", connector_type="ivoa-tap")


def test_the_same_item_added_concurrently_is_stored_once(alice, datasets):
    target = Basket(owner_id=alice.pk)
    outcomes = run_concurrently(
        lambda _: basket_service.add_items(target, [spec("same", datasets[0])]))
    errors = [o for o in outcomes if isinstance(o, Exception)]
    assert not errors, errors
    assert BasketItem.objects.filter(owner=alice).count() == 1
    assert sum(o.added for o in outcomes) == 1
    assert sum(o.existing for o in outcomes) == THREADS - 1
    assert {o.items[0].pk for o in outcomes} == {BasketItem.objects.get().pk}


def test_concurrent_api_adds_through_tokens(alice, datasets, make_token):
    secret = make_token(alice, "read-write")

    def work(index: int) -> int:
        response = token_client(secret).post(
            "/api/v1/basket/items/", {"items": [item("same"), item(f"own-{index}")]},
            format="json")
        return response.status_code

    assert run_concurrently(work) == [201] * THREADS
    assert BasketItem.objects.filter(owner=alice, identifier="same").count() == 1
    assert BasketItem.objects.filter(owner=alice).count() == THREADS + 1


def test_anonymous_session_baskets_too(datasets):
    target = Basket(session_key="s" * 32)
    run_concurrently(lambda _: basket_service.add_items(target, [spec("same", datasets[0])]))
    assert BasketItem.objects.filter(session_key="s" * 32).count() == 1


def test_the_limit_holds_under_concurrency(alice, datasets, settings):
    settings.ESAP_BASKET_LIMIT = 25
    target = Basket(owner_id=alice.pk)

    def work(index: int) -> str:
        try:
            basket_service.add_items(
                target, [spec(f"{index}-{n}", datasets[0]) for n in range(10)])
        except Conflict as exc:
            return exc.code
        return "added"

    outcomes = run_concurrently(work)
    assert sorted(outcomes) == ["added", "added"] + ["basket_full"] * (THREADS - 2)
    assert BasketItem.objects.filter(owner=alice).count() == 20


def test_database_vendor_is_reported(record_property):
    record_property("database", connection.vendor)
