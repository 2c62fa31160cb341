"""Thin views: validate input, call rucio_connector.services, serialize."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import status
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from esap.schema import ErrorSerializer
from rucio_connector.api import serializers as s
from rucio_connector.services import discovery, staging
from rucio_connector.services.datasets import rucio_dataset

ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="Invalid input (invalid, bad_query, "
                                                      "bad_destination, not_stageable)."),
    401: OpenApiResponse(ErrorSerializer, description="Sign-in needed (login_required)."),
    403: OpenApiResponse(ErrorSerializer, description="Rucio refused (permission_denied, "
                                                      "rucio_token_refused)."),
    404: OpenApiResponse(ErrorSerializer, description="Unknown dataset, DID or request "
                                                      "(not_found, did_not_found)."),
    409: OpenApiResponse(ErrorSerializer, description="quota_exceeded, rse_unavailable."),
    502: OpenApiResponse(ErrorSerializer, description="Rucio failed or is unreachable."),
    504: OpenApiResponse(ErrorSerializer, description="Rucio did not answer in time."),
}
DID_PARAMS = [
    OpenApiParameter("dataset", str, OpenApiParameter.PATH, description="Rucio dataset slug"),
    OpenApiParameter("scope", str, OpenApiParameter.PATH),
    OpenApiParameter("name", str, OpenApiParameter.PATH,
                     description="DID name (may contain '/')"),
]


def _page(request: Request) -> tuple[int, int]:
    params = s.PageQuerySerializer(data=request.query_params)
    params.is_valid(raise_exception=True)
    return params.validated_data["page"], params.validated_data["page_size"]


class DidView(APIView):
    # Discovery is public like federated search; datasets acting as the user answer 401
    # (login_required) to anonymous callers.
    permission_classes = [AllowAny]

    @extend_schema(operation_id="rucio_did", tags=["rucio"], parameters=DID_PARAMS,
                   summary="A data identifier: type, size, metadata, WebUI link",
                   responses={200: s.DidDetailSerializer, **ERRORS})
    def get(self, request: Request, dataset: str, scope: str, name: str) -> Response:
        return Response(discovery.did_detail(rucio_dataset(dataset), request.user, scope, name))


class _PagedDidView(APIView):
    # A paged listing about one DID; subclasses name the discovery function. (A comment, not a
    # docstring: drf-spectacular would publish it as every subclass's description.)
    permission_classes = [AllowAny]
    listing: ClassVar[Callable[..., dict[str, Any]]]

    def get(self, request: Request, dataset: str, scope: str, name: str) -> Response:
        page, size = _page(request)
        return Response(type(self).listing(rucio_dataset(dataset), request.user, scope, name,
                                           page, size))


def _paged_schema(operation_id: str, summary: str, answer: Any) -> Any:
    return extend_schema_view(get=extend_schema(
        operation_id=operation_id, tags=["rucio"], summary=summary,
        parameters=[*DID_PARAMS, s.PageQuerySerializer], responses={200: answer, **ERRORS}))


@_paged_schema("rucio_did_contents", "Children of a dataset or container (paged)",
               s.ContentsPageSerializer)
class DidContentsView(_PagedDidView):
    listing = staticmethod(discovery.contents)


@_paged_schema("rucio_did_files", "All files of a DID, recursively (paged)",
               s.FilesPageSerializer)
class DidFilesView(_PagedDidView):
    listing = staticmethod(discovery.files)


@_paged_schema("rucio_did_replicas", "Replicas per file (paged) and per RSE, with download "
               "links", s.ReplicasPageSerializer)
class DidReplicasView(_PagedDidView):
    listing = staticmethod(discovery.replicas)


class DidRulesView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(operation_id="rucio_did_rules", tags=["rucio"], parameters=DID_PARAMS,
                   summary="Replication rules on a DID",
                   responses={200: s.RucioRulesSerializer, **ERRORS})
    def get(self, request: Request, dataset: str, scope: str, name: str) -> Response:
        return Response(discovery.rules(rucio_dataset(dataset), request.user, scope, name))


class DestinationsView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(operation_id="rucio_destinations", tags=["rucio"],
                   summary="Where a data lake can stage data (RSEs next to compute)",
                   responses={200: s.RucioDestinationsSerializer, **ERRORS})
    def get(self, request: Request, dataset: str) -> Response:
        return Response(staging.destinations(rucio_dataset(dataset)))


class StagingPagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


class StagingListView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="rucio_staging_list", tags=["rucio"],
                   summary="Your staging requests, newest first",
                   parameters=[OpenApiParameter("page", int), OpenApiParameter("page_size", int)],
                   responses={200: s.StagingPageSerializer, **ERRORS})
    def get(self, request: Request) -> Response:
        paginator = StagingPagination()
        page = paginator.paginate_queryset(staging.own_requests(request.user), request, self)
        for item in page or []:
            staging.refresh_if_stale(item)
        return paginator.get_paginated_response(s.StagingRequestSerializer(page, many=True).data)

    @extend_schema(operation_id="rucio_staging_create", tags=["rucio"],
                   summary="Stage DIDs (or Rucio basket items) to a destination",
                   request=s.StagingCreateSerializer,
                   responses={201: s.StagingRequestSerializer, **ERRORS})
    def post(self, request: Request) -> Response:
        body = s.StagingCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data: dict[str, Any] = body.validated_data
        created = staging.create(
            request.user, dataset_slug=data["dataset"], destination_key=data["destination"],
            lifetime_days=data.get("lifetime_days"), dids=data.get("dids"),
            basket_items=data.get("basket_items"), name=data.get("name", ""))
        return Response(s.StagingRequestSerializer(created).data, status=status.HTTP_201_CREATED)


class StagingDetailView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="rucio_staging_get", tags=["rucio"],
                   summary="One staging request with progress",
                   parameters=[OpenApiParameter("refresh", bool,
                                                description="Ask Rucio now.")],
                   responses={200: s.StagingRequestSerializer, **ERRORS})
    def get(self, request: Request, pk: str) -> Response:
        found = staging.get_request(request.user, pk)
        if request.query_params.get("refresh") in ("1", "true"):
            found = staging.refresh(found)
        else:
            staging.refresh_if_stale(found)
        return Response(s.StagingRequestSerializer(found).data)


class StagingRefreshView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="rucio_staging_refresh", tags=["rucio"], request=None,
                   summary="Ask Rucio for the progress now",
                   responses={200: s.StagingRequestSerializer, **ERRORS})
    def post(self, request: Request, pk: str) -> Response:
        found = staging.refresh(staging.get_request(request.user, pk))
        return Response(s.StagingRequestSerializer(found).data)


class StagingCancelView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="rucio_staging_cancel", tags=["rucio"], request=None,
                   summary="Cancel: delete the rules this request created",
                   responses={200: s.StagingRequestSerializer, **ERRORS})
    def post(self, request: Request, pk: str) -> Response:
        found = staging.cancel(staging.get_request(request.user, pk))
        return Response(s.StagingRequestSerializer(found).data)
