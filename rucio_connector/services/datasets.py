"""Finding the Rucio dataset a request names, and calling Rucio with API-level errors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from esap.errors import EsapError, InvalidInput, NotFound
from query.connectors import ConnectorError
from query.models import Dataset
from query.services.connector_calls import to_api_error
from rucio_connector.client import RucioClient
from rucio_connector.config import RucioConfig, config_of
from rucio_connector.connector import client_for

T = TypeVar("T")


def rucio_dataset(slug: str) -> Dataset:
    dataset = Dataset.objects.select_related("archive").filter(
        slug=slug, enabled=True, archive__visible=True).first()
    if dataset is None:
        raise NotFound(f"No dataset '{slug}'.")
    if dataset.connector_type != "rucio":
        raise InvalidInput(f"Dataset '{slug}' is not a Rucio data lake.", code="not_rucio")
    return dataset


def config(dataset: Dataset) -> RucioConfig:
    return api_call(lambda: config_of(dataset))


def client(dataset: Dataset, user: Any, timeout: float | None = None) -> RucioClient:
    return api_call(lambda: client_for(dataset, timeout or dataset.timeout, user))


def api_call(call: Callable[[], T]) -> T:
    """Run ``call``; connector errors become API errors (status and code)."""
    try:
        return call()
    except ConnectorError as exc:
        raise to_api_error(exc) from None


def error_fields(exc: ConnectorError | EsapError) -> dict[str, str]:
    details = getattr(exc, "details", None) or {}
    return {"error_code": exc.code, "error_message": exc.message[:2000],
            "rucio_exception": str(details.get("rucio", ""))[:100]}
