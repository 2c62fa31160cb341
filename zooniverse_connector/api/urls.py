"""Mounted at /api/v1/zooniverse/ by esap.urls (ZooniverseConnectorConfig.esap_api_prefix).

Ids in paths are taken as text and checked by the views (400 naming the field, not 404)."""

from django.urls import path

from zooniverse_connector.api import views

app_name = "zooniverse"

urlpatterns = [
    path("exports/", views.ExportListView.as_view(), name="export-list"),
    path("exports/<uuid:pk>/", views.ExportDetailView.as_view(), name="export-detail"),
    path("exports/<uuid:pk>/download/", views.ExportDownloadView.as_view(),
         name="export-download"),
    path("exports/<uuid:pk>/basket/", views.ExportBasketView.as_view(), name="export-basket"),
    path("<slug:dataset>/account/", views.AccountView.as_view(), name="account"),
    path("<slug:dataset>/subjects/", views.SubjectsView.as_view(), name="subjects"),
    path("<slug:dataset>/projects/<str:project_id>/", views.ProjectView.as_view(),
         name="project"),
    path("<slug:dataset>/projects/<str:project_id>/workflows/", views.WorkflowsView.as_view(),
         name="workflows"),
    path("<slug:dataset>/projects/<str:project_id>/subject-sets/",
         views.SubjectSetsView.as_view(), name="subject-sets"),
    path("<slug:dataset>/projects/<str:project_id>/exports/",
         views.ProjectExportsView.as_view(), name="project-exports"),
]
