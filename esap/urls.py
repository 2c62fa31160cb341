from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from esap import views


def connector_api_urls() -> list:
    """Connector apps contribute an API under /api/v1/<esap_api_prefix>/ (plugin style)."""
    patterns = []
    for config in apps.get_app_configs():
        prefix = getattr(config, "esap_api_prefix", None)
        if prefix:
            patterns.append(path(f"api/v1/{prefix}/", include(f"{config.name}.api.urls")))
    return patterns


admin.site.site_header = "ESAP administration"
admin.site.site_title = "ESAP admin"
admin.site.index_title = "Archives, datasets and users"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/health/", views.health, name="health"),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="docs"),
    path("api/v1/", include("query.api.urls")),
    path("api/v1/", include("accounts.api.urls")),
    path("api/v1/analysis/", include("analysis.api.urls")),
    *connector_api_urls(),
    # OpenID Connect sign-in, only when configured (otherwise /oidc/… is a 404, not the SPA)
    *([path("oidc/", include("accounts.oidc.urls"))] if settings.ESAP_OIDC_ENABLED else []),
    re_path(r"^(?!api/|admin/|static/|assets/|oidc/).*$", views.spa, name="spa"),
]
