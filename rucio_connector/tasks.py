"""Background work of the Rucio connector (Celery tasks; threads in the embedded default)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="rucio_connector.refresh_staging", ignore_result=True)
def refresh_staging(request_id: str) -> None:
    from rucio_connector.services.staging import refresh_in_background

    refresh_in_background(request_id)
