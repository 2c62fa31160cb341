"""Admin: users and groups (Django's), tokens (listed without secrets, revocable), baskets
(read-only), profiles, identities, analysis choices."""

from __future__ import annotations

import pytest
from django.test import Client

from accounts.models import ApiToken, BasketItem
from tests.accounts.conftest import add, item

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(django_user_model) -> Client:
    admin = django_user_model.objects.create_superuser("admin", "admin@example.org", "pw-admin")
    client = Client()
    client.force_login(admin)
    return client


def test_admin_pages_load(admin_client, alice, alice_api, datasets, make_token):
    add(alice_api, item("1"))
    make_token(alice)
    for model in ("auth/user", "auth/group", "accounts/apitoken", "accounts/basketitem",
                  "accounts/profile", "accounts/useridentity", "analysis/computefacility",
                  "analysis/softwarerepository"):
        response = admin_client.get(f"/admin/{model}/")
        assert response.status_code == 200, model
    basket_item = BasketItem.objects.get()
    page = admin_client.get(f"/admin/accounts/basketitem/{basket_item.pk}/change/")
    assert page.status_code == 200 and b"Source 1" in page.content
    assert admin_client.get("/admin/accounts/basketitem/add/").status_code == 403
    token = ApiToken.objects.get()
    detail = admin_client.get(f"/admin/accounts/apitoken/{token.pk}/change/")
    assert detail.status_code == 200 and token.key_hash.encode() not in detail.content
    assert admin_client.get("/admin/accounts/apitoken/add/").status_code == 403


def test_admin_revokes_tokens(admin_client, alice, make_token):
    from tests.accounts.conftest import token_client

    client = token_client(make_token(alice, "read"))
    assert client.get("/api/v1/profile/").status_code == 200
    token = ApiToken.objects.get()
    response = admin_client.post("/admin/accounts/apitoken/", {
        "action": "revoke", "_selected_action": [token.pk]}, follow=True)
    assert response.status_code == 200 and b"1 token(s) revoked" in response.content
    assert client.get("/api/v1/profile/").status_code == 401
