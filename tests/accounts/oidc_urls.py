"""esap.urls with the /oidc/ routes, as when OIDC is configured (tests switch ROOT_URLCONF:
esap.urls decides at import time, from the settings of the test run, which have no OIDC)."""

from django.urls import include, path

from esap.urls import urlpatterns as _base

urlpatterns = [path("oidc/", include("accounts.oidc.urls")), *_base]
