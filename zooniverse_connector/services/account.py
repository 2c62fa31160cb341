"""A user's Zooniverse sign-in per dataset: exchange credentials once for tokens, keep the
tokens encrypted, refresh them, forget them."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.oidc.tokens import decrypt, encrypt
from esap.errors import EsapError
from query.models import Dataset
from zooniverse_connector import auth
from zooniverse_connector.models import ZooniverseAccount
from zooniverse_connector.services.datasets import api_call, config, login_required

logger = logging.getLogger(__name__)
EXPIRY_MARGIN = timedelta(seconds=60)


def _expiry(body: dict[str, Any]) -> Any:
    try:
        return timezone.now() + timedelta(seconds=int(body["expires_in"]))
    except (KeyError, TypeError, ValueError):
        return None


def status(user: Any, dataset: Dataset) -> dict[str, Any]:
    account = ZooniverseAccount.objects.filter(user=user, dataset=dataset).first()
    if account is None:
        return {"connected": False, "login": None, "expires_at": None}
    return {"connected": True, "login": account.login, "expires_at": account.expires_at}


def sign_in(user: Any, dataset: Dataset, login: str, password: str) -> dict[str, Any]:
    """Exchange the credentials for tokens (password grant); only the tokens are kept."""
    conf = config(dataset)
    timeout = dataset.timeout
    body = api_call(lambda: auth.password_grant(conf, login, password, timeout))
    me = api_call(lambda: auth.whoami(conf, body["access_token"], timeout))
    with transaction.atomic():
        ZooniverseAccount.objects.update_or_create(
            user=user, dataset=dataset, defaults={
                "login": str(me.get("login") or login)[:200],
                "panoptes_user_id": str(me.get("id") or "")[:40],
                "access_token": encrypt(body["access_token"]),
                "refresh_token": encrypt(body.get("refresh_token")),
                "expires_at": _expiry(body)})
    logger.info("zooniverse sign-in of %s on %s as %s", user.get_username(), dataset.slug,
                me.get("login"))
    return {"connected": True, "login": str(me.get("login") or login)}


def sign_out(user: Any, dataset: Dataset) -> None:
    ZooniverseAccount.objects.filter(user=user, dataset=dataset).delete()


def account_of(user: Any, dataset: Dataset) -> ZooniverseAccount | None:
    if user is None or not user.is_authenticated:
        return None
    return ZooniverseAccount.objects.filter(user=user, dataset=dataset).first()


def token_for(user: Any, dataset: Dataset, *, required: bool = True
              ) -> tuple[str | None, ZooniverseAccount | None]:
    """(access token, account) of the user's sign-in, refreshed when expired. Without a
    sign-in: (None, None), or 401 zooniverse_login_required when ``required``."""
    account = account_of(user, dataset)
    token = decrypt(account.access_token) if account else None
    if account is None or token is None:
        if required:
            raise login_required()
        return None, None
    if account.expires_at is None or account.expires_at - EXPIRY_MARGIN > timezone.now():
        return token, account
    refresh = decrypt(account.refresh_token)
    if not refresh:
        account.delete()
        raise login_required("Your Zooniverse sign-in has expired; sign in again.")
    try:
        body = api_call(lambda: auth.refresh_grant(config(dataset), refresh, dataset.timeout))
    except EsapError as exc:
        if exc.code != "zooniverse_login_failed":
            raise
        account.delete()
        raise login_required("Your Zooniverse sign-in has expired; sign in again.") from None
    account.access_token = encrypt(body["access_token"])
    account.refresh_token = encrypt(body.get("refresh_token") or refresh)
    account.expires_at = _expiry(body)
    account.save(update_fields=["access_token", "refresh_token", "expires_at", "updated"])
    return body["access_token"], account


