"""Staging requests: a user's replication rules towards a destination next to compute."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class StagingState(models.TextChoices):
    SUBMITTING = "submitting"
    REPLICATING = "replicating"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


ACTIVE_STATES = (StagingState.SUBMITTING, StagingState.REPLICATING)


class StagingRequest(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                              related_name="staging_requests")
    dataset = models.ForeignKey("query.Dataset", null=True, on_delete=models.SET_NULL,
                                related_name="+")
    dataset_slug = models.CharField(max_length=80)
    name = models.CharField(max_length=200, blank=True)
    destination_key = models.CharField(max_length=40)
    destination_label = models.CharField(max_length=200)
    rse_expression = models.CharField(max_length=500)
    facility = models.CharField(max_length=80, blank=True)
    account = models.CharField(max_length=100, help_text="Rucio account owning the rules.")
    lifetime_days = models.PositiveIntegerField()
    state = models.CharField(max_length=20, choices=StagingState.choices,
                             default=StagingState.SUBMITTING, db_index=True)
    error_code = models.CharField(max_length=60, blank=True)
    error_message = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True, db_index=True)
    refreshed_at = models.DateTimeField(null=True, blank=True)
    refresh_dispatched_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        indexes = [models.Index(fields=["owner", "created"], name="staging_owner_created")]

    def __str__(self) -> str:
        return self.name or f"staging {self.id}"


class StagedItem(models.Model):
    request = models.ForeignKey(StagingRequest, on_delete=models.CASCADE, related_name="items")
    did = models.CharField(max_length=300)
    did_type = models.CharField(max_length=20, blank=True)
    bytes = models.BigIntegerField(null=True, blank=True)
    files = models.PositiveIntegerField(null=True, blank=True)
    file_sizes = models.JSONField(default=dict, blank=True,
                                  help_text="file DID -> bytes, for progress in bytes")
    rule_id = models.CharField(max_length=64, blank=True, db_index=True)
    reused = models.BooleanField(default=False, help_text="The rule existed before.")
    rule_state = models.CharField(max_length=30, blank=True)
    locks_ok = models.PositiveIntegerField(default=0)
    locks_replicating = models.PositiveIntegerField(default=0)
    locks_stuck = models.PositiveIntegerField(default=0)
    bytes_done = models.BigIntegerField(default=0)
    error_code = models.CharField(max_length=60, blank=True)
    error_message = models.TextField(blank=True)
    rucio_exception = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["request", "did"],
                                               name="staged_item_unique_did")]

    def __str__(self) -> str:
        return self.did
