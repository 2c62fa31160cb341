"""OpenAPI security schemes of the accounts authentication classes."""

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension


class EsapTokenScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.authentication.TokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "bearerFormat": "esap_<secret>",
                "description": "A personal API token (profile → API tokens). `read` tokens "
                               "may only use GET, HEAD and OPTIONS."}


class EsapSessionScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.authentication.SessionAuthentication"
    name = "cookieAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "cookie", "name": settings.SESSION_COOKIE_NAME,
                "description": "The SPA's session; writes send the csrftoken cookie's value "
                               "as X-CSRFToken."}
