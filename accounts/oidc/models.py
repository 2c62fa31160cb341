"""The user's tokens at the OpenID provider, kept server-side and encrypted (Fernet)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ProviderTokens(models.Model):
    """The latest login's access token (with its expiry) and refresh token of one user, each
    encrypted with ``ESAP_TOKEN_ENCRYPTION_KEY``. Never serialised into a response."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="provider_tokens")
    issuer = models.URLField(max_length=500)
    access_token = models.BinaryField(editable=False)
    access_expires_at = models.DateTimeField(null=True, blank=True)
    refresh_token = models.BinaryField(editable=False, null=True, blank=True)
    scope = models.CharField(max_length=1000, blank=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "accounts"
        verbose_name = "provider tokens"
        verbose_name_plural = "provider tokens"

    def __repr__(self) -> str:  # no token material in reprs (logs, debug pages)
        return f"<ProviderTokens user={self.user_id} issuer={self.issuer}>"

    __str__ = __repr__
