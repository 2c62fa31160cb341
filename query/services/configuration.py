"""Loading archive/dataset configuration from a JSON document (demo and test setups).

Format: {"archives": [{"slug", "name", ..., "datasets": [{"slug", "name", "connector_type",
"service_url", ...}]}]}. Loading is an upsert by slug, so it can be repeated safely.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from esap.errors import InvalidInput
from query.models import Archive, Dataset

ARCHIVE_FIELDS = {f.name for f in Archive._meta.concrete_fields} - {"id", "slug"}
DATASET_FIELDS = {f.name for f in Dataset._meta.concrete_fields} - {"id", "slug", "archive"}


@transaction.atomic
def load_archives(document: dict[str, Any]) -> tuple[int, int]:
    archives = datasets = 0
    for archive_data in document.get("archives", []):
        archive_values = {k: v for k, v in archive_data.items() if k in ARCHIVE_FIELDS}
        unknown = set(archive_data) - ARCHIVE_FIELDS - {"slug", "datasets"}
        if unknown:
            raise InvalidInput(f"Unknown archive field(s): {', '.join(sorted(unknown))}.")
        archive, _ = Archive.objects.update_or_create(slug=archive_data["slug"],
                                                      defaults=archive_values)
        archives += 1
        for dataset_data in archive_data.get("datasets", []):
            unknown = set(dataset_data) - DATASET_FIELDS - {"slug"}
            if unknown:
                raise InvalidInput(f"Unknown dataset field(s): {', '.join(sorted(unknown))}.")
            values = {k: v for k, v in dataset_data.items() if k in DATASET_FIELDS}
            dataset = Dataset.objects.filter(slug=dataset_data["slug"]).first() or Dataset(
                slug=dataset_data["slug"])
            dataset.archive = archive
            for key, value in values.items():
                setattr(dataset, key, value)
            try:
                dataset.full_clean()
            except ValidationError as exc:
                raise InvalidInput(f"Dataset {dataset.slug}: {exc.message_dict}") from None
            dataset.save()
            datasets += 1
    return archives, datasets
