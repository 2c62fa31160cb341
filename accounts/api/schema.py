"""Error responses of the accounts endpoints for drf-spectacular."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse

from esap.schema import ERROR_RESPONSES, ErrorSerializer

EXTRA = {
    409: OpenApiResponse(ErrorSerializer, description="Conflict (e.g. `basket_full`: nothing "
                                                      "was added)."),
}


def errors(*codes: int) -> dict[int, OpenApiResponse]:
    """The platform error body for these HTTP statuses."""
    return {code: EXTRA.get(code) or ERROR_RESPONSES[code] for code in codes}
