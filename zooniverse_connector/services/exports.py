"""Classification (and subject, workflow) exports of a project: requested at Panoptes by its
owners and collaborators, built by Panoptes in the background (up to 24 h), re-checked when
read (in the background once stale, or on demand), downloaded from Panoptes' storage hosts
only, added to the basket."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import requests
from django.conf import settings
from django.utils import timezone

from accounts.models import ItemType
from accounts.services.basket import AddResult, Basket, ItemSpec, add_items
from esap.errors import Conflict, EsapError, NotFound, UpstreamError
from esap.taskrunner import dispatch_if_stale
from query.connectors import ArchiveError
from query.models import Dataset
from zooniverse_connector.client import PanoptesClient, translate
from zooniverse_connector.models import ExportState, ZooniverseExport
from zooniverse_connector.services.account import token_for
from zooniverse_connector.services.datasets import api_call, config

logger = logging.getLogger(__name__)
CHUNK = 65536


def own_exports(user: Any) -> Any:
    return ZooniverseExport.objects.filter(owner=user)


def get_export(user: Any, export_id: Any) -> ZooniverseExport:
    found = own_exports(user).select_related("dataset").filter(pk=export_id).first()
    if found is None:  # someone else's export answers exactly like a missing one
        raise NotFound("No such export.")
    return found


def _media(body: dict[str, Any]) -> dict[str, Any]:
    media = body.get("media")
    if not isinstance(media, list) or not media or not isinstance(media[0], dict):
        raise ArchiveError("Zooniverse sent no export record.")
    return media[0]


def _apply(export: ZooniverseExport, media: dict[str, Any]) -> None:
    state = str((media.get("metadata") or {}).get("state") or "").lower()
    export.media_id = str(media.get("id") or export.media_id)[:40]
    if state == "ready" and media.get("src"):
        export.state = ExportState.READY
        export.download_url = str(media["src"])[:1000]
        export.ready_at = export.ready_at or timezone.now()
        export.error = ""
    elif state in ("failed", "error"):
        export.state = ExportState.FAILED
        export.error = "Zooniverse could not build the export."


def request_export(user: Any, dataset: Dataset, project_id: int, kind: str
                   ) -> ZooniverseExport:
    token, _ = token_for(user, dataset)
    client = PanoptesClient(config(dataset), dataset.timeout, token)
    try:
        project, _ = api_call(lambda: client.one("projects", project_id))
        media = api_call(lambda: _media(client.post_json(
            f"projects/{project_id}/{kind}_export", {"media": {"content_type": "text/csv"}})))
    finally:
        client.close()
    export = ZooniverseExport(
        owner=user, dataset=dataset, dataset_slug=dataset.slug, project_id=project_id,
        project_name=str(project.get("display_name") or "")[:300], kind=kind,
        checked_at=timezone.now())
    _apply(export, media)
    export.save()
    return export


def refresh(export: ZooniverseExport) -> ZooniverseExport:
    """Ask Panoptes for the export's media resource now and store what it says."""
    if export.state != ExportState.PENDING:
        return export
    if export.dataset is None:
        raise Conflict("The Zooniverse dataset of this export is no longer configured.",
                       code="dataset_removed")
    token, _ = token_for(export.owner, export.dataset)
    client = PanoptesClient(config(export.dataset), export.dataset.timeout, token)
    try:
        media = api_call(lambda: _media(client.get_json(
            f"projects/{export.project_id}/{export.kind}_export")))
    finally:
        client.close()
    _apply(export, media)
    export.checked_at = timezone.now()
    export.save(update_fields=["state", "media_id", "download_url", "ready_at", "error",
                               "checked_at"])
    return export


def refresh_if_stale(export: ZooniverseExport) -> None:
    """Reading a pending export not checked recently starts a background check (at most one
    in flight per export)."""
    if export.state != ExportState.PENDING:
        return
    from zooniverse_connector.tasks import refresh_export
    dispatch_if_stale(export, checked_at=export.checked_at, task=refresh_export,
                      seconds=settings.ESAP_ZOONIVERSE_REFRESH_SECONDS)


def refresh_in_background(export_id: str) -> None:
    export = ZooniverseExport.objects.select_related("owner", "dataset").filter(
        pk=export_id).first()
    if export is None:
        return
    try:
        refresh(export)
    except EsapError as exc:  # Zooniverse down or sign-in gone: keep the last known state
        logger.warning("zooniverse export refresh %s failed: %s", export_id, exc.message)


def _ready_url(export: ZooniverseExport) -> str:
    if export.state != ExportState.READY or not export.download_url:
        raise Conflict("The export is not ready yet.", code="export_not_ready")
    if export.dataset is None:
        raise Conflict("The Zooniverse dataset of this export is no longer configured.",
                       code="dataset_removed")
    if not config(export.dataset).media_allowed(export.download_url):
        raise UpstreamError("Zooniverse named a download location outside its storage hosts.",
                            code="media_host_refused")
    return export.download_url


def open_download(export: ZooniverseExport) -> tuple[Iterator[bytes], str, str]:
    """(chunks, content type, file name) of a ready export, streamed from storage (no
    Zooniverse token is sent there)."""
    url = _ready_url(export)
    timeout = export.dataset.timeout if export.dataset else 30.0
    session = requests.Session()
    session.trust_env = False
    try:
        response = session.get(url, stream=True, timeout=(min(5.0, timeout), timeout),
                               allow_redirects=False)
    except requests.RequestException as exc:
        session.close()
        raise api_error(translate(exc)) from None
    if response.status_code != 200:
        response.close()
        session.close()
        raise UpstreamError(f"Zooniverse's storage answered HTTP {response.status_code}.")

    def chunks() -> Iterator[bytes]:
        try:
            yield from response.iter_content(CHUNK)
        except requests.RequestException as exc:
            logger.warning("zooniverse export download %s broke off: %s", export.pk,
                           type(exc).__name__)
        finally:
            response.close()
            session.close()
    name = f"zooniverse-{export.project_id}-{export.kind}.csv"
    return chunks(), response.headers.get("Content-Type") or "text/csv", name


def api_error(exc: Any) -> EsapError:
    from query.services.connector_calls import to_api_error
    return to_api_error(exc)


def add_to_basket(user: Any, export: ZooniverseExport) -> AddResult:
    url = _ready_url(export)
    dataset = export.dataset
    spec = ItemSpec(
        item_type=ItemType.DATA_PRODUCT, dataset_slug=export.dataset_slug,
        dataset_id=dataset.pk if dataset else None,
        archive_slug=dataset.archive.slug if dataset else "", connector_type="zooniverse",
        identifier=f"export:{export.pk}",
        title=f"{export.project_name or export.project_id} — {export.kind} export"[:500],
        metadata={"access_url": url, "format": "text/csv", "project_id": export.project_id,
                  "kind": export.kind, "export": str(export.pk),
                  "dataproduct_type": "classification_export"})
    return add_items(Basket(owner_id=user.pk), [spec])
