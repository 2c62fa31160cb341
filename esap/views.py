"""Project-level views: health, and the single-page app shell."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import FileResponse, HttpRequest, HttpResponse
from django.views.decorators.csrf import ensure_csrf_cookie
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import api_view, permission_classes, throttle_classes
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from esap import taskrunner

logger = logging.getLogger(__name__)


def _database_ok() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True, connection.vendor
    except DatabaseError as exc:
        logger.warning("health: database check failed: %s", exc)
        return False, "database unreachable"


def _broker_ok() -> tuple[bool | None, str]:
    if not taskrunner.uses_celery():
        return None, "no broker (in-process thread pool)"
    from kombu import Connection
    from kombu.exceptions import KombuError

    try:
        with Connection(settings.CELERY_BROKER_URL, connect_timeout=2) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return True, conn.transport_cls if isinstance(conn.transport_cls, str) else "broker"
    except (KombuError, OSError) as exc:
        logger.warning("health: broker check failed: %s", exc)
        return False, "broker unreachable"


HealthSerializer = inline_serializer("PlatformHealth", {
    "status": serializers.ChoiceField(choices=["ok", "degraded"]),
    "database": inline_serializer("DatabaseHealth", {"ok": serializers.BooleanField(),
                                                     "detail": serializers.CharField()}),
    "broker": inline_serializer("BrokerHealth", {"ok": serializers.BooleanField(allow_null=True),
                                                 "detail": serializers.CharField()}),
    "task_runner": serializers.CharField(),
})


@extend_schema(responses={200: HealthSerializer, 503: HealthSerializer}, summary="Platform health")
@api_view(["GET"])
@permission_classes([AllowAny])  # a load balancer probes this without credentials
@throttle_classes([])
def health(request: Request) -> Response:
    db_ok, db_detail = _database_ok()
    broker_ok, broker_detail = _broker_ok()
    healthy = db_ok and broker_ok is not False
    return Response(
        {"status": "ok" if healthy else "degraded",
         "database": {"ok": db_ok, "detail": db_detail},
         "broker": {"ok": broker_ok, "detail": broker_detail},
         "task_runner": settings.ESAP_TASK_RUNNER},
        status=200 if healthy else 503,
    )


@ensure_csrf_cookie  # the SPA sends it back as X-CSRFToken on writes
def spa(request: HttpRequest, path: str = "") -> HttpResponse:
    """Serve the built SPA's index.html for client-side routes."""
    index = settings.FRONTEND_DIST / "index.html"
    if not index.is_file():
        return HttpResponse(
            "<h1>ESAP</h1><p>The web interface is not built. Run <code>make run</code> "
            "(or <code>make frontend</code>). The API is at <a href='/api/docs/'>/api/docs/</a>."
            "</p>", status=503)
    response = FileResponse(index.open("rb"), content_type="text/html")
    response["Cache-Control"] = "no-cache"
    return response
