"""Thin views: validate input, call ivoa_connector.services, serialize."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny, IsAdminUser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from esap.schema import ErrorSerializer
from ivoa_connector import services
from ivoa_connector.api.serializers import (
    ImportedDatasetSerializer,
    ImportSerializer,
    RegistryPageSerializer,
    RegistryQuerySerializer,
)

ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="Invalid parameters (code: invalid, "
                                                      "bad_query)."),
    404: OpenApiResponse(ErrorSerializer, description="No such registry (code: not_found)."),
    502: OpenApiResponse(ErrorSerializer, description="The registry failed or could not be "
                                                      "reached (archive_error, "
                                                      "archive_unreachable)."),
    504: OpenApiResponse(ErrorSerializer, description="The registry did not answer in time "
                                                      "(archive_timeout)."),
}


class RegistrySearchView(APIView):
    permission_classes = [AllowAny]  # public registry metadata; importing needs staff

    @extend_schema(
        operation_id="ivoa_registry_search", tags=["ivoa"],
        summary="Search an IVOA registry (RegTAP) for services",
        parameters=[RegistryQuerySerializer],
        responses={200: RegistryPageSerializer, **ERRORS},
    )
    def get(self, request: Request) -> Response:
        params = RegistryQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        registry, page = services.search_registry(
            registry=data.get("registry") or None, keyword=data.get("keyword"),
            servicetype=data.get("servicetype"), waveband=data.get("waveband"),
            page=data["page"], page_size=data["page_size"])
        body = {"registry": registry.slug, "count": page.count, "page": page.page,
                "page_size": page.page_size, "results": [row["fields"] for row in page.rows]}
        return Response(RegistryPageSerializer(body).data)


class RegistryImportView(APIView):
    permission_classes = [IsAdminUser]

    @extend_schema(
        operation_id="ivoa_registry_import", tags=["ivoa"],
        summary="Add a registry service (TAP, SCS, SIA) as a dataset (staff only)",
        request=ImportSerializer,
        responses={201: ImportedDatasetSerializer,
                   400: ERRORS[400],
                   403: OpenApiResponse(ErrorSerializer, description="Staff only."),
                   404: OpenApiResponse(ErrorSerializer, description="No such archive."),
                   409: OpenApiResponse(ErrorSerializer,
                                        description="The service is already a dataset.")},
    )
    def post(self, request: Request) -> Response:
        payload = ImportSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        dataset = services.import_service(
            ivoid=data["ivoid"], access_url=data["access_url"],
            service_type=data["service_type"], title=data.get("title", ""),
            archive=data.get("archive") or None)
        return Response(ImportedDatasetSerializer(dataset).data, status=status.HTTP_201_CREATED)
