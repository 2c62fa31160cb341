"""Zooniverse accounts linked by ESAP users (tokens, encrypted) and classification exports."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class ZooniverseAccount(models.Model):
    """A user's Zooniverse sign-in for one Panoptes dataset. The tokens are Fernet-encrypted
    (accounts' key); the password is never stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="zooniverse_accounts")
    dataset = models.ForeignKey("query.Dataset", on_delete=models.CASCADE, related_name="+")
    login = models.CharField(max_length=200)
    panoptes_user_id = models.CharField(max_length=40, blank=True)
    access_token = models.BinaryField(editable=False)
    refresh_token = models.BinaryField(null=True, blank=True, editable=False)
    expires_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "dataset"],
                                               name="zooniverse_account_per_dataset")]

    def __str__(self) -> str:
        return f"{self.login} ({self.user})"


class ExportKind(models.TextChoices):
    CLASSIFICATIONS = "classifications"
    SUBJECTS = "subjects"
    WORKFLOWS = "workflows"


class ExportState(models.TextChoices):
    PENDING = "pending"
    READY = "ready"
    FAILED = "failed"


class ZooniverseExport(models.Model):
    """A project export requested through ESAP; Panoptes builds it in the background."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                              related_name="zooniverse_exports")
    dataset = models.ForeignKey("query.Dataset", null=True, on_delete=models.SET_NULL,
                                related_name="+")
    dataset_slug = models.CharField(max_length=80)
    project_id = models.PositiveBigIntegerField()
    project_name = models.CharField(max_length=300, blank=True)
    kind = models.CharField(max_length=20, choices=ExportKind.choices)
    state = models.CharField(max_length=10, choices=ExportState.choices,
                             default=ExportState.PENDING, db_index=True)
    media_id = models.CharField(max_length=40, blank=True)
    requested_at = models.DateTimeField(auto_now_add=True, db_index=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    refresh_dispatched_at = models.DateTimeField(null=True, blank=True)
    ready_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    download_url = models.URLField(max_length=1000, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        indexes = [models.Index(fields=["owner", "requested_at"],
                                name="zoo_export_owner_requested")]

    def __str__(self) -> str:
        return f"{self.kind} export of project {self.project_id}"
