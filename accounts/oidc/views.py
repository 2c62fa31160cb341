"""Sign-in views: mozilla-django-oidc's, with lazily discovered endpoints."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from mozilla_django_oidc import views

from accounts.oidc import conf

logger = logging.getLogger(__name__)


class AuthenticateView(views.OIDCAuthenticationRequestView):
    """Redirects to the provider (PKCE, state, nonce). Provider down → back to the login
    page with ``?error=oidc_unavailable`` instead of a 500."""

    get_settings = staticmethod(conf.get_setting)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._unavailable = False
        try:
            super().__init__(*args, **kwargs)
        except conf.ProviderUnavailable as exc:
            logger.warning("OIDC sign-in impossible: %s", exc)
            self._unavailable = True

    def get(self, request: HttpRequest) -> HttpResponse:
        if self._unavailable:
            return HttpResponseRedirect("/login?error=oidc_unavailable")
        return super().get(request)


class CallbackView(views.OIDCAuthenticationCallbackView):
    get_settings = staticmethod(conf.get_setting)

    def get(self, request: HttpRequest) -> HttpResponse:
        try:
            return super().get(request)
        except conf.ProviderUnavailable as exc:
            logger.warning("OIDC callback failed: %s", exc)
            return HttpResponseRedirect(settings.LOGIN_REDIRECT_URL_FAILURE)
