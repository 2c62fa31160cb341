"""RP-initiated logout: the provider's end-session URL for the signed-in browser."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest

from accounts.oidc import conf, tokens
from accounts.oidc.backend import SESSION_ID_TOKEN

logger = logging.getLogger(__name__)


def end_session_url(request: HttpRequest) -> str | None:
    """``end_session_endpoint?id_token_hint=…&post_logout_redirect_uri=<site>/&client_id=…``
    when this session signed in through the provider and the provider offers logout."""
    id_token = request.session.get(SESSION_ID_TOKEN)
    if not id_token:
        return None
    try:
        endpoint = conf.endpoint("OIDC_OP_END_SESSION_ENDPOINT", required=False)
    except conf.ProviderUnavailable:
        logger.warning("provider unreachable: signing out of ESAP only")
        return None
    if not endpoint:
        return None
    query = urlencode({"id_token_hint": id_token,
                       "post_logout_redirect_uri": request.build_absolute_uri("/"),
                       "client_id": settings.OIDC_RP_CLIENT_ID})
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"


def forget_tokens(user: Any) -> None:
    tokens.forget(user)
