"""Accounts: external identities, profiles, personal API tokens and the data basket."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class UserIdentity(models.Model):
    """A login at an external identity provider (OpenID Connect, a later increment): the
    provider's issuer and its stable subject identify the user. Local accounts have none."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="identities")
    issuer = models.URLField(max_length=500, help_text="The provider's issuer URL (iss).")
    subject = models.CharField(max_length=255, help_text="The user's id at the provider (sub).")
    provider = models.CharField(max_length=100, blank=True,
                                help_text="Short provider name shown to the user.")
    created = models.DateTimeField(auto_now_add=True)
    last_login = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "user identities"
        constraints = [models.UniqueConstraint(fields=["issuer", "subject"],
                                               name="one_user_per_external_identity")]

    def __str__(self) -> str:
        return f"{self.provider or self.issuer}: {self.subject}"


class Profile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="profile")
    preferred_facilities = models.ManyToManyField("analysis.ComputeFacility", blank=True,
                                                  related_name="+")
    preferred_repositories = models.ManyToManyField("analysis.SoftwareRepository", blank=True,
                                                    related_name="+")
    default_staging_destination = models.CharField(max_length=500, blank=True)

    def __str__(self) -> str:
        return f"profile of {self.user}"


class TokenScope(models.TextChoices):
    READ = "read", "read (GET only)"
    READ_WRITE = "read-write", "read and write"


class ApiToken(models.Model):
    """A personal API token. Only the SHA-256 of the secret is stored (see
    accounts.services.tokens for why a fast hash is right for random secrets); ``prefix``
    (the first characters) lets users recognise a token in lists."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="api_tokens")
    name = models.CharField(max_length=100)
    scope = models.CharField(max_length=20, choices=TokenScope.choices)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(max_length=20, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = "API token"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def expired(self) -> bool:
        return self.expires_at <= timezone.now()


class ItemType(models.TextChoices):
    CATALOGUE_ROW = "catalogue_row", "catalogue row"
    DATA_PRODUCT = "data_product", "data product"
    QUERY = "query", "query (a whole search result of one dataset)"
    RUCIO_DID = "rucio_did", "Rucio data identifier (scope:name)"
    ZOONIVERSE_PROJECT = "zooniverse_project", "Zooniverse project"
    ZOONIVERSE_WORKFLOW = "zooniverse_workflow", "Zooniverse workflow"
    ZOONIVERSE_SUBJECT_SET = "zooniverse_subject_set", "Zooniverse subject set"
    ZOONIVERSE_SUBJECT = "zooniverse_subject", "Zooniverse subject"


class BasketItem(models.Model):
    """One item of a data basket: a user's (``owner``) or an anonymous browser session's
    (``session_key``). The dataset and archive slugs are copied so that items stay readable
    (and pages need no joins) when a dataset is renamed or removed."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.CASCADE, related_name="basket_items")
    session_key = models.CharField(max_length=64, blank=True)
    item_type = models.CharField(max_length=40, choices=ItemType.choices)
    connector_type = models.CharField(max_length=40)
    dataset = models.ForeignKey("query.Dataset", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    dataset_slug = models.CharField(max_length=80)
    archive_slug = models.CharField(max_length=80, blank=True)
    identifier = models.CharField(max_length=500)
    title = models.CharField(max_length=500, blank=True)
    metadata = models.JSONField(default=dict, blank=True)
    notes = models.TextField(blank=True)
    added = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-added", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "item_type", "dataset_slug", "identifier"],
                condition=Q(owner__isnull=False), name="basket_item_unique_per_owner"),
            models.UniqueConstraint(
                fields=["session_key", "item_type", "dataset_slug", "identifier"],
                condition=Q(owner__isnull=True), name="basket_item_unique_per_session"),
        ]
        indexes = [
            models.Index(fields=["owner", "added", "id"], name="basket_owner_added"),
            models.Index(fields=["session_key", "added", "id"], name="basket_session_added"),
        ]

    def __str__(self) -> str:
        return f"{self.item_type} {self.dataset_slug}:{self.identifier}"


from accounts.oidc.models import ProviderTokens  # noqa: E402,F401  (OIDC tokens, encrypted)
