"""Thin views: validate input, call zooniverse_connector.services, serialize."""

from __future__ import annotations

from typing import Any

from django.http import StreamingHttpResponse
from django.utils.decorators import method_decorator
from django.views.decorators.debug import sensitive_post_parameters
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, OpenApiTypes, extend_schema
from rest_framework import status
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from esap.errors import InvalidInput
from esap.schema import ErrorSerializer
from zooniverse_connector.api import serializers as s
from zooniverse_connector.services import account, discovery, exports
from zooniverse_connector.services.datasets import positive_id, zooniverse_dataset

TAGS = ["zooniverse"]
ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="Invalid input (invalid: the field is "
                                                      "named; zooniverse_login_failed)."),
    401: OpenApiResponse(ErrorSerializer, description="Sign-in needed (not_authenticated, "
                                                      "zooniverse_login_required)."),
    403: OpenApiResponse(ErrorSerializer, description="Zooniverse refused "
                                                      "(permission_denied)."),
    404: OpenApiResponse(ErrorSerializer, description="Unknown dataset, project, subject set "
                                                      "or export (not_found)."),
    409: OpenApiResponse(ErrorSerializer, description="export_not_ready, dataset_removed, "
                                                      "zooniverse_sign_in_disabled."),
    502: OpenApiResponse(ErrorSerializer, description="Zooniverse failed or is unreachable "
                                                      "(archive_error, archive_unreachable, "
                                                      "media_host_refused)."),
    503: OpenApiResponse(ErrorSerializer, description="Zooniverse limits the request rate "
                                                      "(archive_rate_limited; Retry-After)."),
    504: OpenApiResponse(ErrorSerializer, description="Zooniverse did not answer in time."),
}
DATASET = OpenApiParameter("dataset", str, OpenApiParameter.PATH,
                           description="Zooniverse dataset slug")
PROJECT = OpenApiParameter("project_id", str, OpenApiParameter.PATH,
                           description="Panoptes project id (a positive integer)")
EXPORT = OpenApiParameter("id", OpenApiTypes.UUID, OpenApiParameter.PATH)


class ZooniverseView(APIView):
    """Passes Zooniverse's Retry-After on with ``archive_rate_limited`` answers."""

    def handle_exception(self, exc: Exception) -> Response:
        response = super().handle_exception(exc)
        details = getattr(exc, "details", None)
        if isinstance(details, dict) and details.get("retry_after"):
            response["Retry-After"] = str(int(details["retry_after"]))
        return response


def _page(request: Request, serializer: type = s.ZooniversePageQuerySerializer) -> dict:
    params = serializer(data=request.query_params)
    params.is_valid(raise_exception=True)
    return params.validated_data


class ProjectView(ZooniverseView):
    permission_classes = [AllowAny]

    @extend_schema(operation_id="zooniverse_project", tags=TAGS, parameters=[DATASET, PROJECT],
                   summary="A project: description, counts, state, whether you may export",
                   responses={200: s.ZooniverseProjectSerializer, **ERRORS})
    def get(self, request: Request, dataset: str, project_id: str) -> Response:
        ident = positive_id(project_id, "project_id")
        return Response(discovery.project(zooniverse_dataset(dataset), request.user, ident))


class WorkflowsView(ZooniverseView):
    permission_classes = [AllowAny]

    @extend_schema(operation_id="zooniverse_workflows", tags=TAGS,
                   parameters=[DATASET, PROJECT, s.ZooniversePageQuerySerializer],
                   summary="A project's workflows (paged)",
                   responses={200: s.ZooniverseWorkflowPageSerializer, **ERRORS})
    def get(self, request: Request, dataset: str, project_id: str) -> Response:
        ident = positive_id(project_id, "project_id")
        page = _page(request)
        return Response(discovery.workflows(zooniverse_dataset(dataset), request.user, ident,
                                            page["page"], page.get("page_size")))


class SubjectSetsView(ZooniverseView):
    permission_classes = [AllowAny]

    @extend_schema(operation_id="zooniverse_subject_sets", tags=TAGS,
                   parameters=[DATASET, PROJECT, s.ZooniversePageQuerySerializer],
                   summary="A project's subject sets (paged)",
                   responses={200: s.ZooniverseSubjectSetPageSerializer, **ERRORS})
    def get(self, request: Request, dataset: str, project_id: str) -> Response:
        ident = positive_id(project_id, "project_id")
        page = _page(request)
        return Response(discovery.subject_sets(zooniverse_dataset(dataset), request.user,
                                               ident, page["page"], page.get("page_size")))


class SubjectsView(ZooniverseView):
    permission_classes = [AllowAny]

    @extend_schema(operation_id="zooniverse_subjects", tags=TAGS,
                   parameters=[DATASET, s.ZooniverseSubjectsQuerySerializer],
                   summary="Subjects of a project or of a subject set (paged, sorted by id)",
                   responses={200: s.ZooniverseSubjectPageSerializer, **ERRORS})
    def get(self, request: Request, dataset: str) -> Response:
        params = _page(request, s.ZooniverseSubjectsQuerySerializer)
        if ("project" in params) == ("subject_set" in params):
            raise InvalidInput("Give either project or subject_set.", field="project")
        found = zooniverse_dataset(dataset)
        if "subject_set" in params:
            return Response(discovery.subjects(
                found, request.user, subject_set_id=positive_id(params["subject_set"],
                                                                "subject_set"),
                page=params["page"], page_size=params.get("page_size")))
        return Response(discovery.subjects(
            found, request.user, project_id=positive_id(params["project"], "project"),
            page=params["page"], page_size=params.get("page_size")))


@method_decorator(sensitive_post_parameters("password"), name="dispatch")
class AccountView(ZooniverseView):
    """The password is exchanged once and dropped; error reports hide it too."""

    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="zooniverse_account", tags=TAGS, parameters=[DATASET],
                   summary="Whether you are signed in to Zooniverse for this dataset",
                   responses={200: s.ZooniverseAccountSerializer, **ERRORS})
    def get(self, request: Request, dataset: str) -> Response:
        return Response(s.ZooniverseAccountSerializer(
            account.status(request.user, zooniverse_dataset(dataset))).data)

    @extend_schema(operation_id="zooniverse_sign_in", tags=TAGS, parameters=[DATASET],
                   request=s.ZooniverseSignInSerializer,
                   summary="Sign in to Zooniverse: the password is exchanged once for a token "
                           "(never stored)",
                   responses={200: s.ZooniverseAccountSerializer, **ERRORS})
    def post(self, request: Request, dataset: str) -> Response:
        body = s.ZooniverseSignInSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data: dict[str, Any] = body.validated_data
        found = zooniverse_dataset(dataset)
        result = account.sign_in(request.user, found, data["login"], data["password"])
        return Response(s.ZooniverseAccountSerializer(result).data)

    @extend_schema(operation_id="zooniverse_sign_out", tags=TAGS, parameters=[DATASET],
                   summary="Forget your Zooniverse token", responses={204: None, **ERRORS})
    def delete(self, request: Request, dataset: str) -> Response:
        account.sign_out(request.user, zooniverse_dataset(dataset))
        return Response(status=status.HTTP_204_NO_CONTENT)


class ProjectExportsView(ZooniverseView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="zooniverse_export_create", tags=TAGS,
                   parameters=[DATASET, PROJECT], request=s.ZooniverseExportCreateSerializer,
                   summary="Ask Zooniverse for an export of your project",
                   responses={202: s.ZooniverseExportSerializer, **ERRORS})
    def post(self, request: Request, dataset: str, project_id: str) -> Response:
        ident = positive_id(project_id, "project_id")
        body = s.ZooniverseExportCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        created = exports.request_export(request.user, zooniverse_dataset(dataset), ident,
                                         body.validated_data["kind"])
        return Response(s.ZooniverseExportSerializer(created).data,
                        status=status.HTTP_202_ACCEPTED)


class ExportPagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


class ExportListView(ZooniverseView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="zooniverse_export_list", tags=TAGS,
                   summary="Your Zooniverse exports, newest first",
                   parameters=[OpenApiParameter("page", int), OpenApiParameter("page_size", int)],
                   responses={200: s.ZooniverseExportPageSerializer, **ERRORS})
    def get(self, request: Request) -> Response:
        paginator = ExportPagination()
        page = paginator.paginate_queryset(exports.own_exports(request.user), request, self)
        for item in page or []:
            exports.refresh_if_stale(item)
        return paginator.get_paginated_response(
            s.ZooniverseExportSerializer(page, many=True).data)


class ExportDetailView(ZooniverseView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="zooniverse_export_get", tags=TAGS, parameters=[
        EXPORT, OpenApiParameter("refresh", bool, description="Ask Zooniverse now.")],
        summary="One export", responses={200: s.ZooniverseExportSerializer, **ERRORS})
    def get(self, request: Request, pk: str) -> Response:
        found = exports.get_export(request.user, pk)
        if request.query_params.get("refresh") in ("1", "true"):
            found = exports.refresh(found)
        else:
            exports.refresh_if_stale(found)
        return Response(s.ZooniverseExportSerializer(found).data)


class ExportDownloadView(ZooniverseView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="zooniverse_export_download", tags=TAGS, parameters=[EXPORT],
                   summary="The export's CSV, streamed from Zooniverse's storage",
                   responses={(200, "text/csv"): OpenApiTypes.BINARY, **ERRORS})
    def get(self, request: Request, pk: str) -> StreamingHttpResponse:
        chunks, content_type, name = exports.open_download(exports.get_export(request.user, pk))
        response = StreamingHttpResponse(chunks, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class ExportBasketView(ZooniverseView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="zooniverse_export_basket", tags=TAGS, parameters=[EXPORT],
                   request=None, summary="Add a ready export to your basket (data_product)",
                   responses={200: s.ZooniverseBasketAddSerializer, **ERRORS})
    def post(self, request: Request, pk: str) -> Response:
        result = exports.add_to_basket(request.user, exports.get_export(request.user, pk))
        return Response({"added": result.added, "existing": result.existing,
                         "item_id": result.items[0].pk if result.items else None})
