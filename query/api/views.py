"""Thin API views of the query app: parse, call services, serialize."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from esap import after_response
from esap.errors import InvalidInput, ServiceUnavailable
from esap.pagination import PageNumberPagination, parse_positive_int
from esap.schema import ERROR_RESPONSES
from query.api import filters
from query.api.search_answers import (
    PositionsSerializer,
    ResultRowSerializer,
    SearchCreatedSerializer,
    SearchSerializer,
)
from query.api.search_serializers import SearchCreateSerializer, SearchUpdateSerializer
from query.api.serializers import ArchiveSerializer, DatasetSerializer
from query.connectors import registered_types
from query.models import Archive, Dataset, Search
from query.services import connector_calls, results, searches

UUID_PATTERN = "[0-9a-fA-F-]{36}"
MAX_POSITIONS = 20_000


class IsStaffOrReadOnly(permissions.BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        return bool(request.user and request.user.is_staff)


class ArchiveViewSet(viewsets.ModelViewSet):
    """Archives; everybody reads the visible ones, staff create and edit."""

    serializer_class = ArchiveSerializer
    permission_classes = [IsStaffOrReadOnly]
    lookup_field = "slug"
    filterset_class = filters.ArchiveFilter
    search_fields = ["name", "institute", "short_description"]
    ordering_fields = ["ordering", "name"]

    def get_queryset(self):
        queryset = Archive.objects.prefetch_related("datasets")
        if not self.request.user.is_staff:
            queryset = queryset.filter(visible=True)
        return queryset


class DatasetViewSet(viewsets.ModelViewSet):
    """Datasets with their connector capabilities and last health check."""

    serializer_class = DatasetSerializer
    permission_classes = [IsStaffOrReadOnly]
    lookup_field = "slug"
    filterset_class = filters.DatasetFilter
    search_fields = ["name", "description", "archive__name", "collection"]
    ordering_fields = ["ordering", "name", "health_latency_ms"]

    def get_queryset(self):
        queryset = Dataset.objects.select_related("archive")
        if not self.request.user.is_staff:
            queryset = queryset.filter(archive__visible=True)
        return queryset

    @extend_schema(responses={200: OpenApiTypes.OBJECT, **ERROR_RESPONSES},
                   summary="Tables and columns (TAP_SCHEMA) for the ADQL helper")
    @action(detail=True, methods=["get"])
    def tables(self, request: Request, slug: str | None = None) -> Response:
        return Response(connector_calls.describe(self.get_object()))

    @extend_schema(responses={200: OpenApiTypes.OBJECT, **ERROR_RESPONSES},
                   summary="What the dataset's query form offers")
    @action(detail=True, methods=["get"])
    def form(self, request: Request, slug: str | None = None) -> Response:
        return Response(connector_calls.query_form(self.get_object()))

    @extend_schema(request=None, responses={200: DatasetSerializer, **ERROR_RESPONSES},
                   summary="Check the archive now (staff)")
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAdminUser])
    def health(self, request: Request, slug: str | None = None) -> Response:
        dataset = connector_calls.check_health(self.get_object())
        return Response(self.get_serializer(dataset).data)


class ConnectorTypeViewSet(viewsets.ViewSet):
    @extend_schema(responses=inline_serializer("ConnectorType", {
        "type": serializers.CharField(), "label": serializers.CharField()}, many=True))
    def list(self, request: Request) -> Response:
        return Response([{"type": key, "label": label} for key, label in registered_types()])


class SearchAccess(permissions.BasePermission):
    """Anyone may search public archives; object access is checked in services.get_search."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return True


EXPORT_PARAMETERS = [
    OpenApiParameter("dataset", str, required=True, description="Dataset slug."),
    OpenApiParameter("format", str, enum=["votable", "csv", "json"], default="votable",
                     description="What the dataset offers (capabilities.export_formats); "
                                 "json is NDJSON (data lakes)."),
]
RESULT_PARAMETERS = [
    OpenApiParameter("dataset", str, description="Only this dataset's rows (default: merged)."),
    OpenApiParameter("ordering", str, description="dataset, id, title, ra, dec, size, format, "
                                                  "dataproduct_type; '-' for descending."),
    OpenApiParameter("page", int), OpenApiParameter("page_size", int),
]


class SearchViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Federated searches: one run per dataset, in parallel, each with its own timeout."""

    serializer_class = SearchSerializer
    permission_classes = [SearchAccess]
    lookup_value_regex = UUID_PATTERN
    search_fields = ["name"]
    ordering_fields = ["created", "name"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return Search.objects.none()
        return searches.visible_searches(self.request.user, self.request.session.session_key)

    def get_object(self) -> Search:
        return searches.get_search(self.kwargs["pk"], self.request.user)

    def _session_key(self) -> str:
        """Anonymous browser users keep their searches in their session. Only browsers (which
        hold the CSRF cookie the SPA sets) get one: scripts keep the search id instead."""
        if self.request.user.is_authenticated or \
                settings.CSRF_COOKIE_NAME not in self.request.COOKIES:
            return ""
        if not self.request.session.session_key:
            self.request.session.save()
        return self.request.session.session_key or ""

    @extend_schema(request=SearchCreateSerializer,
                   responses={201: SearchCreatedSerializer, **ERROR_RESPONSES})
    def create(self, request: Request) -> Response:
        form = SearchCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        query = data["query"]
        datasets = searches.select_datasets(data.get("datasets"), query)
        searches.validate_for_datasets(datasets, query)
        user = request.user if request.user.is_authenticated else None
        started = searches.start_search(
            datasets=datasets, query=query, owner=user, session_key=self._session_key(),
            row_limit=data.get("row_limit"), timeout=data.get("timeout"),
            name=data.get("name", ""), wait=data.get("wait", 0.0))
        if started.store is not None:  # ran in this thread: answered from memory
            if settings.ESAP_ANSWER_BEFORE_STORE:
                after_response.defer(started.store)
            elif not started.store():
                raise ServiceUnavailable("The search could not be saved; try again.")
        limit = data.get("include_results", 0)
        if started.finished and started.runs:  # ran in this thread: answer from memory
            search = started.search
            body = SearchSerializer(search, context={"runs": started.runs}).data
            rows = started.rows[:limit]
            runs = started.runs
        else:
            searches.wait_for(started.search, data.get("wait", 0.0), started.futures)
            search = searches.load_search(started.search.pk)
            body = SearchSerializer(search).data
            rows = list(results.result_rows(search, None, None)[:limit]) if limit else []
            runs = None
        if limit:  # scripts get the first merged page in the same round trip
            body["results"] = results.serialize_rows(search, rows, runs)
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(parameters=[OpenApiParameter("wait", float, description="Seconds to wait "
                                                "for completion (long poll).")],
                   responses={200: SearchSerializer, **ERROR_RESPONSES})
    def retrieve(self, request: Request, pk: str | None = None) -> Response:
        search = self.get_object()
        wait = _wait_seconds(request)
        if wait:
            searches.wait_for(search, wait)
            search = self.get_object()  # fresh state after waiting
        return Response(SearchSerializer(search).data)

    @extend_schema(parameters=RESULT_PARAMETERS,
                   responses={200: ResultRowSerializer(many=True), **ERROR_RESPONSES})
    @action(detail=True, methods=["get"])
    def results(self, request: Request, pk: str | None = None) -> Response:
        search = self.get_object()
        rows = results.result_rows(search, request.query_params.get("dataset"),
                                   request.query_params.get("ordering"))
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response(results.serialize_rows(search, page))

    @extend_schema(
        parameters=[OpenApiParameter("dataset", str, description="Only this dataset."),
                    OpenApiParameter("limit", int, description=f"At most this many "
                                     f"(default and maximum {MAX_POSITIONS}).")],
        responses={200: PositionsSerializer, **ERROR_RESPONSES},
        summary="Sky positions of all rows, for plots")
    @action(detail=True, methods=["get"])
    def positions(self, request: Request, pk: str | None = None) -> Response:
        search = self.get_object()
        limit = parse_positive_int(request, "limit", MAX_POSITIONS, MAX_POSITIONS)
        return Response(results.positions(search, request.query_params.get("dataset"), limit))

    @extend_schema(parameters=EXPORT_PARAMETERS,
                   responses={(200, "application/x-votable+xml"): OpenApiTypes.BINARY,
                              (200, "text/csv"): OpenApiTypes.BINARY,
                              (200, "application/x-ndjson"): OpenApiTypes.BINARY,
                              **ERROR_RESPONSES})
    @action(detail=True, methods=["get"])
    def export(self, request: Request, pk: str | None = None) -> StreamingHttpResponse:
        search = self.get_object()
        fmt = request.query_params.get("format", "votable")
        stream = connector_calls.open_export(search, request.query_params.get("dataset"), fmt)
        response = StreamingHttpResponse(connector_calls.iterate_and_close(stream),
                                         content_type=stream.content_type)
        response["Content-Disposition"] = f'attachment; filename="{stream.filename}"'
        response["X-Accel-Buffering"] = "no"
        return response

    @extend_schema(request=None, responses={201: SearchSerializer, **ERROR_RESPONSES})
    @action(detail=True, methods=["post"])
    def rerun(self, request: Request, pk: str | None = None) -> Response:
        user = request.user if request.user.is_authenticated else None
        started = searches.rerun(self.get_object(), owner=user, session_key=self._session_key())
        return Response(SearchSerializer(started.search).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=SearchUpdateSerializer,
                   responses={200: SearchSerializer, **ERROR_RESPONSES},
                   summary="Rename or save a search in the history")
    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        search = self.get_object()
        searches.check_may_change(search, request.user, request.session.session_key)
        form = SearchUpdateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        searches.update_search(search, **form.validated_data)
        return Response(SearchSerializer(searches.load_search(search.pk)).data)

    @extend_schema(responses={204: None, **ERROR_RESPONSES})
    def destroy(self, request: Request, pk: str | None = None) -> Response:
        search = self.get_object()
        searches.check_may_change(search, request.user, request.session.session_key)
        search.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


def _wait_seconds(request: Request) -> float:
    raw = request.query_params.get("wait")
    if raw in (None, ""):
        return 0.0
    try:
        value = float(raw)
    except ValueError:
        raise InvalidInput("'wait' must be a number of seconds.", field="wait") from None
    if not 0 <= value <= settings.ESAP_MAX_WAIT:
        raise InvalidInput(f"'wait' must be between 0 and {settings.ESAP_MAX_WAIT:g}.",
                           field="wait")
    return value
