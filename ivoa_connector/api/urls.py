"""Mount with ``path("api/v1/ivoa/", include("ivoa_connector.api.urls"))``."""

from django.urls import path

from ivoa_connector.api import views

app_name = "ivoa"

urlpatterns = [
    path("registry/", views.RegistrySearchView.as_view(), name="registry-search"),
    path("registry/import/", views.RegistryImportView.as_view(), name="registry-import"),
]
