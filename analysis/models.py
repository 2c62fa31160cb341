"""Admin-configured analysis choices: where to compute and where software comes from.

This increment only lists them (the profile stores a user's preferred ones); launching work on
a facility comes later.
"""

from __future__ import annotations

from django.db import models


class AnalysisChoice(models.Model):
    """Fields shared by the admin-configured choices users pick in their profile."""

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20)
    url = models.URLField(max_length=500)
    description = models.TextField(blank=True)
    enabled = models.BooleanField(default=True)
    ordering = models.IntegerField(default=100, help_text="Lower numbers are listed first.")

    class Meta:
        abstract = True
        ordering = ["ordering", "name"]

    def __str__(self) -> str:
        return self.name


class ComputeFacility(AnalysisChoice):
    class Kind(models.TextChoices):
        JUPYTERHUB = "jupyterhub", "JupyterHub"
        BINDERHUB = "binderhub", "BinderHub"
        BATCH = "batch", "Batch system"

    kind = models.CharField(max_length=20, choices=Kind.choices)

    class Meta(AnalysisChoice.Meta):
        verbose_name_plural = "compute facilities"


class SoftwareRepository(AnalysisChoice):
    class Kind(models.TextChoices):
        GIT = "git", "Git repository"
        ZENODO = "zenodo", "Zenodo community"

    kind = models.CharField(max_length=20, choices=Kind.choices)

    class Meta(AnalysisChoice.Meta):
        verbose_name_plural = "software repositories"
