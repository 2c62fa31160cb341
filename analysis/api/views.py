"""Read-only lists of the enabled, admin-configured analysis choices (public: no user data)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import permissions, viewsets

from analysis.api.serializers import ComputeFacilitySerializer, SoftwareRepositorySerializer
from analysis.models import ComputeFacility, SoftwareRepository
from esap.schema import ERROR_RESPONSES

READ_ERRORS = {code: ERROR_RESPONSES[code] for code in (400, 404, 429)}


@extend_schema_view(
    list=extend_schema(summary="Compute facilities users may prefer",
                       responses={200: ComputeFacilitySerializer(many=True), **READ_ERRORS}),
    retrieve=extend_schema(responses={200: ComputeFacilitySerializer, **READ_ERRORS}),
)
class ComputeFacilityViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ComputeFacilitySerializer
    permission_classes = [permissions.AllowAny]  # public, read-only choices for profiles
    queryset = ComputeFacility.objects.filter(enabled=True)
    lookup_field = "slug"
    filter_backends: list = []


@extend_schema_view(
    list=extend_schema(summary="Software repositories users may prefer",
                       responses={200: SoftwareRepositorySerializer(many=True), **READ_ERRORS}),
    retrieve=extend_schema(responses={200: SoftwareRepositorySerializer, **READ_ERRORS}),
)
class SoftwareRepositoryViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = SoftwareRepositorySerializer
    permission_classes = [permissions.AllowAny]  # public, read-only choices for profiles
    queryset = SoftwareRepository.objects.filter(enabled=True)
    lookup_field = "slug"
    filter_backends: list = []
