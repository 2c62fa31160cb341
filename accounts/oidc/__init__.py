"""OpenID Connect: sign-in through an external provider (mozilla-django-oidc), DRF bearer
authentication of the provider's access tokens, and the user's downstream tokens.

Everything here is only used when ``settings.ESAP_OIDC_ENABLED`` (``OIDC_OP_ISSUER`` and
``OIDC_RP_CLIENT_ID`` set); the embedded default never imports the OIDC libraries.
"""
