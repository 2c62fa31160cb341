"""Mounted at /api/v1/rucio/ by esap.urls (RucioConnectorConfig.esap_api_prefix).

DID routes end with the DID name, which may hold '/': ``<dataset>/<view>/<scope>/<name>``."""

from django.urls import path, re_path

from rucio_connector.api import views

app_name = "rucio"
DID = r"(?P<dataset>[-a-zA-Z0-9_]+)/{view}/(?P<scope>[^/]+)/(?P<name>.+?)/?$"

urlpatterns = [
    path("staging/", views.StagingListView.as_view(), name="staging-list"),
    path("staging/<uuid:pk>/", views.StagingDetailView.as_view(), name="staging-detail"),
    path("staging/<uuid:pk>/refresh/", views.StagingRefreshView.as_view(),
         name="staging-refresh"),
    path("staging/<uuid:pk>/cancel/", views.StagingCancelView.as_view(), name="staging-cancel"),
    path("<slug:dataset>/destinations/", views.DestinationsView.as_view(), name="destinations"),
    re_path("^" + DID.format(view="dids"), views.DidView.as_view(), name="did"),
    re_path("^" + DID.format(view="contents"), views.DidContentsView.as_view(),
            name="did-contents"),
    re_path("^" + DID.format(view="files"), views.DidFilesView.as_view(), name="did-files"),
    re_path("^" + DID.format(view="replicas"), views.DidReplicasView.as_view(),
            name="did-replicas"),
    re_path("^" + DID.format(view="rules"), views.DidRulesView.as_view(), name="did-rules"),
]
