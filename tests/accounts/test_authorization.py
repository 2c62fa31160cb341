"""Authorization matrix: user B never reads or changes user A's basket, tokens, searches or
profile — with a session or with a token; anonymous requests get 401/403, never data."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from accounts.models import ApiToken, BasketItem
from query.models import Search
from tests.accounts.conftest import add, item, listed, session_client, token_client
from tests.conftest import error_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def a_data(alice, alice_api, datasets, make_token) -> dict:
    """Alice's basket item, token and search (stored directly: no archive needed)."""
    item_id = add(alice_api, item("secret-1", notes="alice's notes")).json()["items"][0]["id"]
    make_token(alice, "read", expires_in_days=5)
    search = Search.objects.create(owner=alice, name="alice's search",
                                   query={"kind": "cone", "cone": {"ra": 1, "dec": 2,
                                                                   "radius": 0.1}})
    return {"item": item_id, "token": ApiToken.objects.get(user=alice).pk,
            "search": str(search.pk)}


@pytest.fixture(params=["session", "read-write token"])
def bob_client(request, bob, make_token) -> APIClient:
    if request.param == "session":
        return session_client(bob)
    return token_client(make_token(bob, "read-write"))


def test_b_never_reads_or_changes_as_basket(a_data, bob_client):
    item_url = f"/api/v1/basket/items/{a_data['item']}/"
    assert listed(bob_client)["count"] == 0
    for method, body in (("get", None), ("patch", {"notes": "mine now"}), ("delete", None)):
        response = getattr(bob_client, method)(item_url, body, format="json")
        assert response.status_code == 404, method
        assert error_of(response)["code"] == "not_found"
    assert bob_client.delete("/api/v1/basket/items/").status_code == 204  # clears B's only
    export = bob_client.get("/api/v1/basket/export/", {"format": "json"})
    assert b"secret-1" not in b"".join(export.streaming_content)
    stored = BasketItem.objects.get(pk=a_data["item"])
    assert stored.notes == "alice's notes"


def test_b_never_reads_or_revokes_as_tokens(a_data, bob_client, bob):
    listing = bob_client.get("/api/v1/tokens/")
    assert listing.status_code == 200
    assert all(t["id"] != a_data["token"] for t in listing.json())
    response = session_client(bob).delete(f"/api/v1/tokens/{a_data['token']}/")
    assert response.status_code == 404
    assert ApiToken.objects.get(pk=a_data["token"]).revoked_at is None


def test_b_never_reads_or_changes_as_searches(a_data, bob_client):
    url = f"/api/v1/searches/{a_data['search']}/"
    assert bob_client.get(url).status_code == 404
    assert bob_client.get(f"{url}results/").status_code == 404
    assert bob_client.patch(url, {"name": "x"}, format="json").status_code == 404
    assert bob_client.delete(url).status_code == 404
    assert a_data["search"] not in str(bob_client.get("/api/v1/searches/").json())
    response = bob_client.post("/api/v1/basket/items/from-search/",
                               {"search": a_data["search"], "dataset": "cat-a",
                                "as_query": True}, format="json")
    assert response.status_code == 404
    assert Search.objects.get(pk=a_data["search"]).name == "alice's search"


def test_b_only_ever_sees_its_own_profile(a_data, bob_client, alice):
    profile = bob_client.get("/api/v1/profile/").json()
    assert profile["username"] == "bob" and "alice" not in str(profile)
    bob_client.patch("/api/v1/profile/", {"default_staging_destination": "bob-space"},
                     format="json")
    assert session_client(alice).get("/api/v1/profile/").json()[
        "default_staging_destination"] == ""


@pytest.mark.parametrize("method, url", [
    ("get", "/api/v1/tokens/"), ("post", "/api/v1/tokens/"), ("delete", "/api/v1/tokens/1/"),
    ("get", "/api/v1/profile/"), ("patch", "/api/v1/profile/"),
])
def test_anonymous_gets_401_or_403_never_data(a_data, method, url):
    response = getattr(APIClient(), method)(url, {}, format="json")
    assert response.status_code in (401, 403)
    assert set(response.json()) == {"error"}


def test_anonymous_sees_no_users_basket_or_search(a_data):
    anonymous = APIClient()
    assert listed(anonymous)["count"] == 0
    assert anonymous.get(f"/api/v1/basket/items/{a_data['item']}/").status_code == 404
    assert anonymous.delete(f"/api/v1/basket/items/{a_data['item']}/").status_code == 404
    assert anonymous.get(f"/api/v1/searches/{a_data['search']}/").status_code == 404
    session = anonymous.get("/api/v1/auth/session/").json()
    assert session["user"] is None and session["basket_count"] == 0


def test_anonymous_sessions_do_not_see_each_other(datasets):
    first, second = APIClient(), APIClient()
    item_id = add(first, item("mine")).json()["items"][0]["id"]
    add(second, item("theirs"))
    assert [i["identifier"] for i in listed(first)["results"]] == ["mine"]
    assert second.get(f"/api/v1/basket/items/{item_id}/").status_code == 404
    assert second.delete(f"/api/v1/basket/items/{item_id}/").status_code == 404
    assert BasketItem.objects.filter(pk=item_id).exists()


def test_a_users_items_are_not_in_an_anonymous_session_basket(alice, datasets):
    """Signing out does not leave the user's items in the browser's anonymous basket."""
    browser = session_client(alice)
    add(browser, item("1"))
    browser.post("/api/v1/auth/logout/")
    assert listed(browser)["count"] == 0
