"""Page-number pagination with a bounded, validated page size."""

from __future__ import annotations

from rest_framework import pagination
from rest_framework.request import Request

from esap.errors import InvalidInput

MAX_PAGE_SIZE = 1000


def parse_positive_int(request: Request, name: str, default: int, maximum: int) -> int:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise InvalidInput(f"'{name}' must be a whole number.", field=name) from None
    if value < 1 or value > maximum:
        raise InvalidInput(f"'{name}' must be between 1 and {maximum}.", field=name)
    return value


class PageNumberPagination(pagination.PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request: Request) -> int:
        return parse_positive_int(request, "page_size", self.page_size, self.max_page_size)

    def get_page_number(self, request: Request, paginator) -> int:  # type: ignore[override]
        return parse_positive_int(request, "page", 1, 10**9)

    def paginate_queryset(self, queryset, request, view=None):  # type: ignore[override]
        page_size = self.get_page_size(request)
        number = self.get_page_number(request, None)
        self.request = request
        paginator = self.django_paginator_class(queryset, page_size)
        if number > max(paginator.num_pages, 1):
            raise InvalidInput(f"Page {number} does not exist; there are {paginator.num_pages}.",
                               field="page")
        self.page = paginator.page(number)
        return list(self.page)
