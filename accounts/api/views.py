"""Thin views: session and login, personal API tokens, profile."""

from __future__ import annotations

from typing import Any

from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import ensure_csrf_cookie
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api.schema import errors
from accounts.api.serializers import (
    LoginSerializer,
    LogoutSerializer,
    ProfileSerializer,
    ProfileUpdateSerializer,
    SessionSerializer,
    TokenCreatedSerializer,
    TokenCreateSerializer,
    TokenSerializer,
)
from accounts.authentication import enforce_csrf, is_token_request
from accounts.models import ApiToken
from accounts.services import auth, profiles, tokens
from esap.errors import Forbidden


@method_decorator([ensure_csrf_cookie, never_cache], name="dispatch")
class SessionView(APIView):
    permission_classes = [permissions.AllowAny]  # tells anonymous visitors how to sign in

    @extend_schema(responses={200: SessionSerializer, **errors(401, 403, 429)},
                   summary="Who is signed in (sets the CSRF cookie)")
    def get(self, request: Request) -> Response:
        return Response(auth.session_info(request))


class LoginView(APIView):
    permission_classes = [permissions.AllowAny]  # signing in happens before being signed in

    @extend_schema(request=LoginSerializer,
                   responses={200: SessionSerializer, **errors(400, 401, 403, 429)},
                   summary="Sign in with a local account (session + CSRF)",
                   description="Wrong credentials: 400 `invalid_credentials`. Repeated "
                               "failures for one username or client: 429 `throttled` with "
                               "Retry-After. The anonymous session's basket is merged into "
                               "the user's. The session and CSRF cookies are renewed.")
    def post(self, request: Request) -> Response:
        enforce_csrf(request)  # no login CSRF: a page elsewhere cannot sign you in
        form = LoginSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        request.user = auth.login(request, **form.validated_data)
        return Response(auth.session_info(request))


class LogoutView(APIView):
    permission_classes = [permissions.AllowAny]  # harmless when already signed out

    @extend_schema(request=None,
                   responses={200: LogoutSerializer, 204: None, **errors(401, 403, 429)},
                   summary="Sign out (ends the session)",
                   description="204 after a local sign-in. After a sign-in through the "
                               "identity provider: 200 `{end_session_url}` — navigate the "
                               "browser there to end the provider's session too.")
    def post(self, request: Request) -> Response:
        end_session_url = auth.logout(request)
        if end_session_url:
            return Response({"end_session_url": end_session_url},
                            headers={"Cache-Control": "no-store"})
        return Response(status=status.HTTP_204_NO_CONTENT)


class SessionForTokenChanges(permissions.BasePermission):
    """Tokens are created and revoked from a signed-in browser session, never with a token
    (a leaked token must not be able to mint more)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method not in permissions.SAFE_METHODS and is_token_request(request):
            raise Forbidden("API tokens are managed from a signed-in session, not with a "
                            "token.", code="session_required")
        return True


class TokenViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The signed-in user's personal API tokens (never their secrets)."""

    serializer_class = TokenSerializer
    permission_classes = [permissions.IsAuthenticated, SessionForTokenChanges]
    pagination_class = None
    filter_backends: list = []
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ApiToken.objects.none()
        return tokens.listed_tokens(self.request.user)

    @extend_schema(responses={200: TokenSerializer(many=True), **errors(401, 403, 429)},
                   summary="Your tokens, newest first (revoked/expired ones for 30 days)")
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(request=TokenCreateSerializer,
                   responses={201: TokenCreatedSerializer, **errors(400, 401, 403, 409, 429)},
                   summary="Create a token: the only answer that shows its secret")
    def create(self, request: Request) -> Response:
        form = TokenCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        token, secret = tokens.create_token(request.user, **form.validated_data)
        body = {**TokenSerializer(token).data, "token": secret}
        return Response(body, status=status.HTTP_201_CREATED,
                        headers={"Cache-Control": "no-store"})

    @extend_schema(responses={204: None, **errors(401, 403, 404, 429)},
                   summary="Revoke a token (further use answers 401)")
    def destroy(self, request: Request, pk: str | None = None) -> Response:
        tokens.revoke_token(request.user, pk)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ProfileView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses={200: ProfileSerializer, **errors(401, 403, 429)},
                   summary="Your profile")
    def get(self, request: Request) -> Response:
        return Response(profiles.describe(request.user))

    @extend_schema(request=ProfileUpdateSerializer,
                   responses={200: ProfileSerializer, **errors(400, 401, 403, 429)},
                   summary="Change your preferences (and, for local accounts, name and e-mail)")
    def patch(self, request: Request) -> Response:
        form = ProfileUpdateSerializer(data=request.data, partial=True)
        form.is_valid(raise_exception=True)
        profiles.update(request.user, **form.validated_data)
        return Response(profiles.describe(request.user))
