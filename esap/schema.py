"""OpenAPI pieces shared by all apps: the error body every endpoint may answer with."""

from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import serializers

ErrorSerializer = inline_serializer(
    "Error",
    {
        "error": inline_serializer(
            "ErrorDetail",
            {
                "code": serializers.CharField(help_text="Stable machine-readable code."),
                "message": serializers.CharField(help_text="Readable explanation."),
                "field": serializers.CharField(required=False,
                                               help_text="The input field at fault."),
                "details": serializers.JSONField(required=False),
            },
        )
    },
)

ERROR_RESPONSES = {
    400: OpenApiResponse(ErrorSerializer, description="Invalid input (the field is named)."),
    401: OpenApiResponse(ErrorSerializer, description="Authentication required."),
    403: OpenApiResponse(ErrorSerializer, description="Not allowed."),
    404: OpenApiResponse(ErrorSerializer, description="Not found."),
    429: OpenApiResponse(ErrorSerializer, description="Too many requests."),
    502: OpenApiResponse(ErrorSerializer, description="The archive failed."),
    504: OpenApiResponse(ErrorSerializer, description="The archive did not answer in time."),
}
