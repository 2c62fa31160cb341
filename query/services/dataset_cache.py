"""A short-lived per-process copy of the searchable datasets, for the path every search takes.

Selecting a search's datasets is one query, but Django compiles a 30-column join for it on
every search: as much time as the rest of the gateway's own work on a single-dataset search.
Staff edits reach it at once in this process (a save or delete of a dataset or archive empties
it, again when the transaction commits) and in other processes (more gunicorn workers) within
``ESAP_DATASET_CACHE_SECONDS``. 0 turns the cache off.
"""

from __future__ import annotations

import math
import threading
import time
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from query.models import Archive, Dataset

_lock = threading.Lock()
_datasets: dict[str, Dataset] = {}
_loaded_at = -math.inf
_generation = 0  # bumped by every invalidation: a load that raced one is not kept


def searchable_datasets() -> dict[str, Dataset]:
    """Enabled datasets of visible archives by slug, in catalogue order. The objects are
    shared between threads: copy one (``copy.copy``) before attaching anything to it."""
    global _datasets, _loaded_at
    ttl = float(settings.ESAP_DATASET_CACHE_SECONDS)
    now = time.monotonic()
    with _lock:
        current = _datasets if ttl > 0 and now - _loaded_at < ttl else None
        generation = _generation
    if current is None:
        current = {dataset.slug: dataset for dataset in Dataset.objects.select_related(
            "archive").filter(enabled=True, archive__visible=True)}
        with _lock:
            if generation == _generation:
                _datasets, _loaded_at = current, now
    return current


def clear() -> None:
    global _datasets, _loaded_at, _generation
    with _lock:
        _datasets, _loaded_at, _generation = {}, -math.inf, _generation + 1


def _changed(sender: Any, **kwargs: Any) -> None:
    clear()
    # A reader may reload before this change commits: forget again once it has.
    transaction.on_commit(clear, using=kwargs.get("using"))


for _model in (Archive, Dataset):
    post_save.connect(_changed, sender=_model, dispatch_uid=f"dataset-cache-save-{_model}")
    post_delete.connect(_changed, sender=_model, dispatch_uid=f"dataset-cache-delete-{_model}")
