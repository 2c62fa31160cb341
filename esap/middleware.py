"""Last line of defence: unexpected exceptions under /api/ become a JSON 500 without details."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse

from esap.errors import error_body

logger = logging.getLogger("esap.errors")


class JsonErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # Django's own 404 page for unknown /api/ URLs: answer in the platform's error format.
        if (
            response.status_code == 404
            and request.path.startswith("/api/")
            and not response.get("Content-Type", "").startswith("application/json")
            and not response.streaming
        ):
            return JsonResponse(error_body("not_found", "No such API endpoint."), status=404)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not request.path.startswith("/api/"):
            return None
        logger.exception("unhandled error on %s %s", request.method, request.path)
        return JsonResponse(
            error_body("internal", "Internal error; it has been logged."), status=500
        )
