"""Thin views of the data basket. Every queryset is the caller's own basket (by owner, or by
browser session for anonymous visitors): other baskets' item ids answer 404."""

from __future__ import annotations

from typing import Any

from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, PolymorphicProxySerializer, extend_schema
from rest_framework import permissions, status, viewsets
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api.schema import errors
from accounts.api.serializers import (
    BasketAddResultSerializer,
    BasketFromSearchSerializer,
    BasketItemInSerializer,
    BasketItemSerializer,
    BasketItemsInSerializer,
    BasketNotesSerializer,
)
from accounts.authentication import enforce_csrf
from accounts.services import basket, basket_export, basket_sources
from esap.pagination import PageNumberPagination

FILTER_PARAMETERS = [
    OpenApiParameter("item_type", str, description="Only items of this type."),
    OpenApiParameter("dataset", str, description="Only items of this dataset (slug)."),
]


class BasketAccess(permissions.BasePermission):
    """Everybody has a basket: signed-in users a persistent one, anonymous visitors one in
    their browser session. Anonymous session writes need the CSRF token like signed-in ones
    (DRF only checks it for authenticated sessions)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method not in permissions.SAFE_METHODS and \
                not request.user.is_authenticated:
            enforce_csrf(request)
        return True


# Anonymous visitors have a basket too (in their browser session).
ANYONE = [{"cookieAuth": []}, {"apiToken": []}, {}]

ADD_REQUEST = PolymorphicProxySerializer(
    component_name="BasketAdd", serializers=[BasketItemInSerializer, BasketItemsInSerializer],
    resource_type_field_name=None)


class BasketItemViewSet(viewsets.GenericViewSet):
    permission_classes = [BasketAccess]
    pagination_class = PageNumberPagination
    serializer_class = BasketItemSerializer
    filter_backends: list = []

    def get_queryset(self):
        params = self.request.query_params
        return basket.items(basket.basket_of(self.request), item_type=params.get("item_type"),
                            dataset=params.get("dataset"))

    @extend_schema(auth=ANYONE,
                   parameters=[*FILTER_PARAMETERS, OpenApiParameter("page", int),
                               OpenApiParameter("page_size", int)],
                   responses={200: BasketItemSerializer(many=True), **errors(400, 401, 429)},
                   summary="Your basket's items, newest first")
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response([basket.item_json(item) for item in page])

    @extend_schema(auth=ANYONE, request=ADD_REQUEST,
                   responses={201: BasketAddResultSerializer,
                              **errors(400, 401, 403, 409, 429)},
                   summary="Add one item, or up to 1000 as {items: [...]} (idempotent)")
    def create(self, request: Request) -> Response:
        many = isinstance(request.data, dict) and "items" in request.data
        form = (BasketItemsInSerializer if many else BasketItemInSerializer)(data=request.data)
        form.is_valid(raise_exception=True)
        raw = form.validated_data["items"] if many else [form.validated_data]
        specs = basket_sources.specs_for_items(raw, field_prefix="items" if many else "")
        result = basket.add_items(basket.basket_for_write(request), specs)
        return Response({"added": result.added, "existing": result.existing,
                         "items": [basket.item_json(item) for item in result.items]},
                        status=status.HTTP_201_CREATED)

    @extend_schema(auth=ANYONE, request=BasketFromSearchSerializer,
                   responses={201: BasketAddResultSerializer,
                              **errors(400, 401, 403, 404, 409, 429)},
                   summary="Add rows (some or all) or the query of one dataset of a search")
    def from_search(self, request: Request) -> Response:
        form = BasketFromSearchSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        user = request.user if request.user.is_authenticated else None
        result = basket_sources.add_from_search(
            basket.basket_for_write(request), user, search_id=data["search"],
            dataset=data["dataset"], rows=data.get("rows"), all_rows=data.get("all_rows", False),
            as_query=data.get("as_query", False))
        return Response({"added": result.added, "existing": result.existing},
                        status=status.HTTP_201_CREATED)

    @extend_schema(auth=ANYONE, responses={200: BasketItemSerializer, **errors(401, 404, 429)},
                   summary="One item of your basket")
    def retrieve(self, request: Request, pk: str | None = None) -> Response:
        return Response(basket.item_json(basket.get_item(basket.basket_of(request), pk)))

    @extend_schema(auth=ANYONE, request=BasketNotesSerializer,
                   responses={200: BasketItemSerializer, **errors(400, 401, 403, 404, 429)},
                   summary="Change an item's notes")
    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        form = BasketNotesSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        item = basket.update_notes(basket.basket_of(request), pk, form.validated_data["notes"])
        return Response(basket.item_json(item))

    @extend_schema(auth=ANYONE, responses={204: None, **errors(401, 403, 404, 429)},
                   summary="Remove an item from your basket")
    def destroy(self, request: Request, pk: str | None = None) -> Response:
        basket.remove_item(basket.basket_of(request), pk)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(auth=ANYONE, operation_id="v1_basket_items_clear", request=None,
                   responses={204: None, **errors(401, 403, 429)},
                   summary="Empty your basket")
    def clear(self, request: Request) -> Response:
        basket.clear(basket.basket_of(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class AnyAccept(BaseContentNegotiation):
    """Downloads answer their own content type whatever the client's Accept header."""

    def select_parser(self, request: Request, parsers: list) -> Any:
        return parsers[0] if parsers else None

    def select_renderer(self, request: Request, renderers: list,
                        format_suffix: str | None = None) -> tuple[Any, str]:
        return renderers[0], renderers[0].media_type


class BasketExportView(APIView):
    permission_classes = [BasketAccess]
    content_negotiation_class = AnyAccept

    @extend_schema(
        auth=ANYONE,
        parameters=[OpenApiParameter("format", str, enum=list(basket_export.FORMATS),
                                     default="json"), *FILTER_PARAMETERS],
        responses={(200, "application/json"): OpenApiTypes.BINARY,
                   (200, "text/csv"): OpenApiTypes.BINARY,
                   (200, "application/x-votable+xml"): OpenApiTypes.BINARY,
                   **errors(400, 401, 429)},
        summary="Download your basket as JSON, CSV or VOTable")
    def get(self, request: Request) -> StreamingHttpResponse:
        params = request.query_params
        queryset = basket.items(basket.basket_of(request), item_type=params.get("item_type"),
                                dataset=params.get("dataset"))
        exported = basket_export.export(queryset, params.get("format", "json"))
        response = StreamingHttpResponse(exported.chunks, content_type=exported.content_type)
        response["Content-Disposition"] = f'attachment; filename="{exported.filename}"'
        response["Cache-Control"] = "no-store"
        return response
