"""Background work of the Zooniverse connector (Celery tasks; threads in the embedded
default)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="zooniverse_connector.refresh_export", ignore_result=True)
def refresh_export(export_id: str) -> None:
    from zooniverse_connector.services.exports import refresh_in_background

    refresh_in_background(export_id)
